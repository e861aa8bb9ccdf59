/**
 * Interface identifiers defined on `mapi-constants.md` as `DEFINE_GUID(IID_X, l, w1, w2, b1..b8)`
 * (or `DEFINE_OLEGUID(IID_X, l, w1, w2)`) inside code blocks. A `// {GUID}` comment on the line
 * before, when present, is checked against the bytes.
 */
import { codeBlocks, type Page } from './page';

export interface IidEntry {
  symbol: string;
  /** Lowercase, no braces: `d2d85db4-840f-49b8-9982-07d2405ec6b7`. */
  guid: string;
  /** The registry-format GUID of the comment above the definition, lowercase, or null. */
  comment: string | null;
  /** 1-based line in the page file. */
  line: number;
}

function num(text: string): number | null {
  const t = text.trim().replace(/[uUlL]+$/, '');
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^\d+$/.test(t)) return parseInt(t, 10);
  return null;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** GUID text from DEFINE_GUID's 11 numeric arguments, or null when they do not fit. */
export function guidFromParts(parts: readonly string[]): string | null {
  if (parts.length !== 11) return null;
  const n = parts.map(num);
  if (n.some((x) => x === null)) return null;
  const v = n as number[];
  const limits = [0xffffffff, 0xffff, 0xffff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  if (v.some((x, i) => x > limits[i]!)) return null;
  const bytes = v.slice(3).map((b) => hex(b, 2));
  return `${hex(v[0]!, 8)}-${hex(v[1]!, 4)}-${hex(v[2]!, 4)}-${bytes.slice(0, 2).join('')}-${bytes.slice(2).join('')}`;
}

/** Lowercase GUID without braces, or null when the text is not a GUID. */
export function normalizeGuid(text: string): string | null {
  const m = /^\s*\{?\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*\}?\s*$/i.exec(text);
  return m ? m[1]!.toLowerCase() : null;
}

/** All IID definitions of a page's code blocks, by symbol (the first definition wins). */
export function parseIidTable(page: Page): Map<string, IidEntry> {
  const out = new Map<string, IidEntry>();
  for (const block of codeBlocks(page)) {
    const lines = block.code.split('\n');
    lines.forEach((line, k) => {
      const m = /\bDEFINE_(OLE)?GUID\s*\(\s*([A-Za-z_]\w*)\s*,([^)]*)\)/.exec(line);
      if (!m) return;
      let parts = m[3]!.split(',');
      if (m[1] !== undefined) {
        if (parts.length !== 3) return;
        parts = [...parts, '0xC0', '0', '0', '0', '0', '0', '0', '0x46'];
      }
      const guid = guidFromParts(parts);
      if (guid === null || out.has(m[2]!)) return;
      let comment: string | null = null;
      for (let p = k - 1; p >= 0; p--) {
        const prev = lines[p]!.trim();
        if (prev === '') continue;
        const c = /^\/\/\s*(\{?[0-9a-fA-F-]{36}\}?)\s*$/.exec(prev);
        if (c) comment = normalizeGuid(c[1]!);
        break;
      }
      out.set(m[2]!, { symbol: m[2]!, guid, comment, line: page.firstLine + block.start + 1 + k });
    });
  }
  return out;
}
