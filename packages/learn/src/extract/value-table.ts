/**
 * Named values in the tables of a page: rows whose first cell is a C identifier and whose second cell is
 * an integer constant expression (`|UPS_OK <br/> |0x00010000 <br/> |`, `|MDB_OST_LOGON_ANSI |((ULONG) 0x00001000) |`).
 * Header rows and rows of other tables (a translated "Property | Value" header, step tables) have no
 * such pair and are passed over. Bilingual pages are read through their English view; identifiers and
 * values are never translated.
 */
import { cIntegerValue } from './c-values';
import { codeBlocks, headings, type Heading, type Page } from './page';
import { parseTables, plainCell } from './table';

export interface ValueRow {
  name: string;
  value: number;
  /** The value cell as written, whitespace collapsed. */
  text: string;
  /** Section path of the row (see `sectionPath`). */
  section: string;
  /** 1-based line in the page file. */
  line: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Lines `[start, end]` of the page's code blocks, to leave their text alone. */
export function inCodeBlock(page: Page): (index: number) => boolean {
  const ranges = codeBlocks(page).map((b) => [b.start, b.end] as const);
  return (index) => ranges.some(([a, b]) => index >= a && index <= b);
}

/** A heading's id: its `<a name>` anchor, else its English text as Learn slugs it (`Replication API` → `replication-api`). */
export function headingId(h: Heading): string {
  if (h.anchor !== null) return h.anchor.toLowerCase();
  return h.text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^a-z0-9_\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-');
}

/**
 * The section of line `index`: the ids of the enclosing headings below the page title, outermost first,
 * joined by `/` (`replication-api/interface-identifiers`); the page name above the first such heading.
 */
export function sectionPath(page: Page, all: readonly Heading[], index: number): string {
  const stack: Heading[] = [];
  for (const h of all) {
    if (h.index > index) break;
    if (h.level < 2) continue;
    while (stack.length > 0 && stack[stack.length - 1]!.level >= h.level) stack.pop();
    stack.push(h);
  }
  return stack.length === 0 ? page.name : stack.map(headingId).join('/');
}

/** Every name/value row of the page's tables, in page order. */
export function valueTables(page: Page): ValueRow[] {
  const out: ValueRow[] = [];
  const code = inCodeBlock(page);
  const hs = headings(page);
  for (const table of parseTables(page.englishLines)) {
    for (const row of [{ index: table.index, cells: table.header }, ...table.rows]) {
      if (code(row.index) || row.cells.length < 2) continue;
      const name = plainCell(row.cells[0]!);
      const text = plainCell(row.cells[1]!);
      if (!IDENTIFIER.test(name) || text === '') continue;
      const value = cIntegerValue(text);
      if (value === null) continue;
      out.push({ name, value, text, section: sectionPath(page, hs, row.index), line: page.firstLine + row.index });
    }
  }
  return out;
}
