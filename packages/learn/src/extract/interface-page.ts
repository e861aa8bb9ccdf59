/**
 * An interface page (`<interface><base>.md`, e.g. `iostxiunknown.md`): interface name, base, the IID
 * symbol of its property table and the rows of its "Vtable order" table.
 *
 * Names are never taken from translated text:
 *  - the interface name comes from the front matter `api_name` (checked against the file name);
 *  - the base comes from the file name after the interface name, spelled as the H1 spells it when they
 *    agree (H1s may be wrong, or translated);
 *  - a vtable row is identified by its link TARGET (`iostx-syncbeg.md`); rows without a link are the
 *    docs' placeholder members (`*Placeholder member*`, translated as `*Platzhaltermitglied*`, ...).
 */
import { findLinks } from './links';
import { englishView } from './sxs';
import { frontMatterFirst, headings, sectionEnd, title, type Page } from './page';
import { parseTables, plainCell, type MdTable } from './table';

export interface VtableRow {
  /** 1-based line in the page file. */
  line: number;
  placeholder: boolean;
  /** Method page the row links to (lowercase, no `.md`), null for a placeholder. */
  target: string | null;
  /** English link text of a bilingual page (`sxs-lookup`), else null. Never a translation. */
  englishText: string | null;
  /** Link text as written (possibly translated); kept for casing checks only. */
  linkText: string | null;
}

export interface InterfaceFacts {
  name: string;
  base: string;
  iidName: string | null;
  rows: VtableRow[];
  notes: string[];
}

/** Spelling of well-known base interfaces, for when the H1 cannot tell it. */
const KNOWN_BASES: Record<string, string> = {
  iunknown: 'IUnknown',
  idispatch: 'IDispatch',
  imapiprop: 'IMAPIProp',
  imapicontainer: 'IMAPIContainer',
  imapitable: 'IMAPITable',
};

function stripMarkup(s: string): string {
  return plainCell(s).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

function interfaceName(page: Page, notes: string[]): { name: string; rest: string } {
  const file = page.name.toLowerCase();
  const h1 = title(page);
  const h1Name = h1 !== null ? /^([A-Za-z_]\w*)/.exec(h1)?.[1] ?? null : null;
  const apiNames = page.frontMatter['api_name'];
  const candidates = [...(Array.isArray(apiNames) ? apiNames : apiNames ? [apiNames] : []), ...(h1Name ? [h1Name] : [])];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    if (/^[A-Za-z_]\w*$/.test(c) && file.startsWith(lc) && file.length > lc.length) {
      return { name: c, rest: file.slice(lc.length) };
    }
  }
  const fallback = frontMatterFirst(page.frontMatter, 'api_name') ?? h1Name ?? page.name;
  notes.push(`cannot match the interface name (${candidates.join(', ') || 'none'}) with the page name ${page.name}`);
  return { name: fallback, rest: '' };
}

function baseName(page: Page, name: string, rest: string, notes: string[]): string {
  const h1 = title(page);
  const m = h1 !== null ? /^([A-Za-z_]\w*)\s*[:：]+\s*([A-Za-z_]\w*)\s*$/.exec(h1) : null;
  const h1Base = m && m[1]!.toLowerCase() === name.toLowerCase() ? m[2]! : null;
  if (rest === '') {
    if (h1Base !== null) return h1Base;
    notes.push(`cannot tell the base interface of ${name}`);
    return '';
  }
  if (h1Base !== null && h1Base.toLowerCase() === rest) return h1Base;
  if (h1 !== null && (h1Base === null || h1Base.toLowerCase() !== rest)) {
    notes.push(`page title "${h1}" does not read "${name} : ${KNOWN_BASES[rest] ?? rest}"`);
  }
  return KNOWN_BASES[rest] ?? rest;
}

function findVtableTable(page: Page, name: string): MdTable | null {
  const hs = headings(page);
  const h = hs.find((x) => x.anchor === 'vtable-order' || /^vtable order$/i.test(x.text));
  if (h !== undefined) {
    const t = parseTables(page.lines, h.index + 1, sectionEnd(page, hs, h))[0];
    if (t !== undefined) return t;
  }
  // No recognizable heading: the table whose first column links to this interface's method pages.
  const prefix = name.toLowerCase();
  for (const t of parseTables(page.lines)) {
    const hits = t.rows.filter((r) =>
      findLinks(r.cells[0] ?? '').some((l) => l.page !== null && l.page !== page.name && l.page.startsWith(prefix)),
    );
    if (hits.length > 0) return t;
  }
  return null;
}

function iidName(page: Page, name: string, vtableIndex: number): string | null {
  const before = page.englishLines.slice(0, vtableIndex < 0 ? page.lines.length : vtableIndex).join('\n');
  const symbols = [...before.matchAll(/\bIID_[A-Za-z0-9_]+\b/g)].map((m) => m[0]);
  if (symbols.length === 0) return null;
  return symbols.find((s) => s.toLowerCase() === `iid_${name.toLowerCase()}`) ?? symbols[0]!;
}

/** Reads an interface page. */
export function readInterfacePage(page: Page): InterfaceFacts {
  const notes: string[] = [];
  const { name, rest } = interfaceName(page, notes);
  const base = baseName(page, name, rest, notes);
  const table = findVtableTable(page, name);
  const rows: VtableRow[] = [];
  if (table === null) {
    notes.push(`no "Vtable order" table`);
  } else {
    for (const r of table.rows) {
      const cell = r.cells[0] ?? '';
      const links = findLinks(cell).filter((l) => l.page !== null);
      const english = page.sxs ? englishView(cell) : null;
      const line = page.firstLine + r.index;
      if (links.length === 0) {
        const text = stripMarkup(english ?? cell);
        const looksLikePlaceholder = /^\s*[*_]/.test(english ?? cell) || /placeholder/i.test(text);
        if (!looksLikePlaceholder) {
          notes.push(`vtable row at line ${line} has no link and is not marked as a placeholder ("${text}"); read as a placeholder`);
        }
        rows.push({ line, placeholder: true, target: null, englishText: null, linkText: null });
        continue;
      }
      const link = links[0]!;
      const englishLink = english !== null ? findLinks(english).find((l) => l.page === link.page) : undefined;
      rows.push({
        line,
        placeholder: false,
        target: link.page,
        englishText: englishLink !== undefined ? stripMarkup(englishLink.text) : null,
        linkText: stripMarkup(page.sxs ? englishView(link.text) : link.text),
      });
    }
  }
  return {
    name,
    base,
    iidName: iidName(page, name, table === null ? -1 : table.index),
    rows,
    notes,
  };
}
