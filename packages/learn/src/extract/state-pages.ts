/**
 * A state machine's pages: the overview's state table (`about-the-replication-state-machine.md`, "State
 * Table": state page | data replicated | state identifier | data structure) and each state page's
 * "Quick info" table (state identifier | related data structure | from this state | to this state).
 *
 * What identifies things is never translated: link targets (`upload-folder-state.md`, `upfld.md`) and
 * identifiers (`LR_SYNC_UPLOAD_FOLDER`). Link texts are (es-ES links `sync.md` as "Sincronizar"), so a
 * structure's name is read from the structure page it links to, and a parent state from the state page
 * the "From this state" row links to. Quick-info rows are found by position after the identifier row
 * (their labels are translated: "À partir de cet état", "In diesem Zustand"); where the English label
 * is there to see (English and bilingual pages), it is checked.
 */
import { findLinks } from './links';
import { englishView } from './sxs';
import type { Page } from './page';
import { parseTables, plainCell, type MdTable } from './table';

export interface StateTableRow {
  /** The state's page (lowercase, no `.md`). */
  page: string;
  identifier: string;
  /** The structure page the row links to, or null when the row names none (`*None*`). */
  structurePage: string | null;
  /** 1-based line in the page file. */
  line: number;
}

export interface StateTableFacts {
  rows: StateTableRow[];
  notes: string[];
}

const STATE_IDENTIFIER = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z][A-Z0-9]{2,}$/;

function linkedPages(cell: string): string[] {
  return findLinks(cell)
    .map((l) => l.page)
    .filter((p): p is string => p !== null);
}

function identifierIn(cell: string): string | null {
  const t = plainCell(cell).replace(/\s/g, '');
  return STATE_IDENTIFIER.test(t) ? t : null;
}

/** The rows of the table whose first cell links to a page and whose third cell is a state identifier. */
function stateRows(page: Page, table: MdTable): StateTableRow[] {
  const out: StateTableRow[] = [];
  for (const row of table.rows) {
    const cells = row.cells.map((c) => englishView(c));
    if (cells.length < 4) continue;
    const pages = linkedPages(cells[0]!);
    const identifier = identifierIn(cells[2]!);
    if (pages.length === 0 || identifier === null) continue;
    const structure = linkedPages(cells[3]!);
    out.push({ page: pages[0]!, identifier, structurePage: structure[0] ?? null, line: page.firstLine + row.index });
  }
  return out;
}

/** Reads the overview page's state table: the first table with such rows. */
export function readStateTable(page: Page): StateTableFacts {
  const notes: string[] = [];
  for (const table of parseTables(page.lines)) {
    const rows = stateRows(page, table);
    if (rows.length > 0) return { rows, notes };
  }
  notes.push('no state table (rows linking a state page, with a state identifier and a data structure)');
  return { rows: [], notes };
}

export interface StatePageFacts {
  /** The structure page of the "Related data structure" row, or null for none. */
  structurePage: string | null;
  /** Pages the "From this state" row links to. */
  fromPages: string[];
  /** Pages the "To this state" row links to (the states entered from this one; the one returned to is not linked). */
  toPages: string[];
  notes: string[];
}

const LABELS = ['state identifier', 'related data structure', 'from this state', 'to this state'];

/** Reads a state page's quick info: the table with a row whose second cell is `identifier`. */
export function readStatePage(page: Page, identifier: string): StatePageFacts | null {
  for (const table of parseTables(page.lines)) {
    const rows = table.rows.map((r) => r.cells.map((c) => englishView(c)));
    const at = rows.findIndex((cells) => cells.length >= 2 && identifierIn(cells[1]!) === identifier);
    if (at < 0) continue;
    const notes: string[] = [];
    if (rows.length < at + 4) {
      notes.push(`the quick info table of ${identifier} has ${rows.length - at} rows from the identifier, expected 4`);
    }
    rows.slice(at, at + 4).forEach((cells, k) => {
      const label = plainCell(cells[0] ?? '').replace(/:\s*$/, '').trim().toLowerCase();
      if (/^[a-z ]+$/.test(label) && label !== LABELS[k] && (page.sxs || /state|structure|identifier/.test(label))) {
        notes.push(`quick info row ${k + 1} is labelled "${label}", expected "${LABELS[k]}"`);
      }
    });
    const cell = (k: number): string => rows[at + k]?.[1] ?? '';
    return {
      structurePage: linkedPages(cell(1))[0] ?? null,
      fromPages: linkedPages(cell(2)),
      toPages: linkedPages(cell(3)),
      notes,
    };
  }
  return null;
}
