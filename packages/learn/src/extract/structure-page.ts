/**
 * A structure page (`sync.md`, `mapisib.md`, `uptble.md`): the structure its code block declares, and
 * the named values of its flag tables (`|SYNC_ON_DEMAND |0x20000000 |...|` on the MAPISIB page).
 *
 * The code block is the only source of members, names and types: translations never touch it, and the
 * member list below it may spell names differently (DNTBL's `lpsrReserved` for `psrReserved`).
 */
import { parseStructs, type CStruct } from './c-declarations';
import { valueTables, type ValueRow } from './value-table';
import { codeBlocks, type Page } from './page';

export interface StructurePageFacts {
  structure: CStruct | null;
  /** Rows of the page's name/value tables, in page order. */
  values: ValueRow[];
  notes: string[];
}

/**
 * Reads a structure page. When a code block declares several structures, the one named like the page
 * (`uptble.md` → `UPTBLE`) is taken, else the first.
 */
export function readStructurePage(page: Page): StructurePageFacts {
  const notes: string[] = [];
  const all = codeBlocks(page).flatMap((b) => parseStructs(b.code));
  const wanted = page.name.toLowerCase();
  const structure = all.find((s) => s.name.toLowerCase() === wanted || (s.tag ?? '').toLowerCase().replace(/^_+/, '') === wanted) ?? all[0] ?? null;
  if (structure === null) notes.push('no structure declaration in the code blocks');
  else {
    notes.push(...structure.notes);
    if (all.length > 1) notes.push(`the code blocks declare ${all.length} structures; ${structure.name} is the page's`);
  }
  return { structure, values: valueTables(page), notes };
}
