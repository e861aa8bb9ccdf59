/**
 * A method page: the signature in its code block, plus directions from the parameter list.
 * The method name comes from the code block; the page title is only checked, never used (titles on
 * some pages name the wrong member, and translated titles may translate the name).
 */
import type { Direction, SpecParam } from '../types';
import { normalizeType, parseSignature, type ParsedSignature } from './signature';
import { parseParameterDocs, type ParamDoc } from './parameters';
import { codeBlocks, headings, sectionEnd, title, type Page } from './page';

export interface MethodFacts {
  name: string;
  returnType: string;
  params: SpecParam[];
  /** Observations about the page (title mismatch, parameter list differing from the code block...). */
  notes: string[];
}

function formatMarker(d: Direction | null): string {
  return d === null ? 'none' : `[${d.replace(',', ', ')}]`;
}

/**
 * Reads the method declared on `page`. `expected` is the lowercase method name implied by the link
 * target (e.g. `syncbeg` for `iostx-syncbeg.md`), used to choose among several declarations and to
 * report a page that declares something else. Returns null when no code block declares a method.
 */
export function readMethodPage(page: Page, expected: string | null, interfaceName: string): MethodFacts | null {
  const blocks = codeBlocks(page);
  let sig: ParsedSignature | null = null;
  let block = blocks[0];
  for (const b of blocks) {
    const s = parseSignature(b.code, expected ?? undefined);
    if (s === null) continue;
    if (sig === null || (expected !== null && s.name.toLowerCase() === expected && sig.name.toLowerCase() !== expected)) {
      sig = s;
      block = b;
    }
    if (expected === null || s.name.toLowerCase() === expected) break;
  }
  if (sig === null || block === undefined) return null;
  const notes: string[] = [];
  if (expected !== null && sig.name.toLowerCase() !== expected) {
    notes.push(`code block declares ${sig.name}, the link target suggests ${expected}`);
  }

  const h1 = title(page);
  if (h1 !== null && !new RegExp(`(^|[^A-Za-z0-9_])${sig.name}([^A-Za-z0-9_]|$)`).test(h1)) {
    notes.push(`page title "${h1}" does not name ${interfaceName}::${sig.name}`);
  }

  // Parameter list: from the code block to the first heading that is not the Parameters heading.
  const hs = headings(page);
  let to = page.lines.length;
  for (const h of hs) {
    if (h.index <= block.end) continue;
    if (h.anchor === 'parameters' || /^parameters$/i.test(h.text)) continue;
    to = h.index;
    break;
  }
  const paramsHeading = hs.find((h) => h.index > block.end && (h.anchor === 'parameters' || /^parameters$/i.test(h.text)));
  if (paramsHeading !== undefined) to = Math.max(to, sectionEnd(page, hs, paramsHeading));
  const docs = parseParameterDocs(page.englishLines, block.end + 1, to);

  const byName = new Map<string, ParamDoc>();
  for (const d of docs) if (!byName.has(d.name)) byName.set(d.name, d);
  const positional = docs.length === sig.params.length;
  const params: SpecParam[] = sig.params.map((p, i) => {
    let doc = byName.get(p.name);
    if (doc === undefined) {
      doc = docs.find((d) => d.name.toLowerCase() === p.name.toLowerCase());
    }
    if (doc === undefined && positional) {
      doc = docs[i]!;
      notes.push(`parameter list names ${doc.name}, code block has ${p.name}`);
    }
    if (doc === undefined) {
      notes.push(`parameter ${p.name} is not described in the parameter list`);
    } else if (doc.marker !== null && doc.direction === null) {
      notes.push(`parameter ${p.name}: direction marker "${doc.marker}" not understood`);
    } else if (doc.marker !== null && !/^(\[(in|out)\]\s*\/?\s*)+$|^\[in,\s*out\]$/.test(doc.marker)) {
      notes.push(`parameter ${p.name}: direction marker "${doc.marker}" read as ${formatMarker(doc.direction)}`);
    }
    let direction = p.direction;
    const docDirection = doc?.direction ?? null;
    if (direction === null) direction = docDirection;
    else if (docDirection !== null && docDirection !== direction) {
      notes.push(
        `parameter ${p.name}: code block says ${formatMarker(direction)}, parameter list says ${formatMarker(docDirection)}`,
      );
    }
    return { name: p.name, type: normalizeType(p.type), direction };
  });
  for (const d of docs) {
    if (!sig.params.some((p) => p.name.toLowerCase() === d.name.toLowerCase()) && !positional) {
      notes.push(`parameter list describes ${d.name}, which the code block does not declare`);
    }
  }
  return { name: sig.name, returnType: normalizeType(sig.returnType), params, notes };
}
