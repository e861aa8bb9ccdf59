/**
 * The constants page (`mapi-constants.md`): every named value it defines, with the section it sits in.
 *
 *  - table rows `|DNH_OK <br/> |0x00010000 <br/> |` (see `value-table.ts`);
 *  - `#define NAME VALUE` lines of code blocks whose value is an integer (a line that runs name and value
 *    together, `#define dispidFileUnder0x8005`, defines no value and is noted);
 *  - `const TYPE NAME = { ... };` in code blocks (a structure constant: no integer value);
 *  - `DEFINE_GUID` / `DEFINE_OLEGUID` lines (see `iids.ts`), as interface identifiers.
 *
 * A section is the path of heading ids under the page title (`replication-api`,
 * `additional-mapi-constants/interface-identifiers/imapisync`): anchors on localized pages, the slug of
 * the English heading otherwise, so it reads the same in every variant.
 */
import { cIntegerValue } from './c-values';
import { parseIidTable } from './iids';
import { stripComments } from './signature';
import { codeBlocks, headings, type Page } from './page';
import { sectionPath, valueTables } from './value-table';

export interface PageConstant {
  name: string;
  value: number | null;
  text: string;
  section: string;
  /** 1-based line in the page file. */
  line: number;
}

export interface PageIid {
  name: string;
  guid: string;
  /** The `// {GUID}` comment above the definition, when there is one. */
  comment: string | null;
  section: string;
  line: number;
}

export interface ConstantsPageFacts {
  constants: PageConstant[];
  iids: PageIid[];
  /** What was passed over, with its section (so a caller reading some sections notes only theirs). */
  notes: { section: string; message: string }[];
}

/** Reads every constant and IID of the page, in page order. */
export function readConstantsPage(page: Page): ConstantsPageFacts {
  const notes: ConstantsPageFacts['notes'] = [];
  const hs = headings(page);
  const section = (line: number): string => sectionPath(page, hs, line - page.firstLine);
  const constants: PageConstant[] = valueTables(page).map((r) => ({
    name: r.name,
    value: r.value,
    text: r.text,
    section: r.section,
    line: r.line,
  }));
  for (const block of codeBlocks(page)) {
    const code = block.code.split('\n');
    code.forEach((raw, k) => {
      const line = page.firstLine + block.start + 1 + k;
      const define = /^\s*#\s*define\s+([A-Za-z_]\w*)(?:\s+(.*))?$/.exec(stripComments(raw));
      if (define) {
        const text = (define[2] ?? '').replace(/\s+/g, ' ').trim();
        const value = text === '' ? null : cIntegerValue(text);
        if (value !== null) constants.push({ name: define[1]!, value, text, section: section(line), line });
        else if (text === '' && /\d/.test(define[1]!)) {
          notes.push({
            section: section(line),
            message: `line ${line}: "#define ${define[1]}" runs the name and the value together; no value read`,
          });
        }
      }
    });
    // `const TYPE NAME = { ... };` may span lines.
    const text = stripComments(block.code);
    for (const m of text.matchAll(/\bconst\s+([A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*=\s*(\{[^}]*\})\s*;/g)) {
      const before = text.slice(0, m.index).split('\n').length - 1;
      const line = page.firstLine + block.start + 1 + before;
      constants.push({ name: m[2]!, value: null, text: m[3]!.replace(/\s+/g, ' '), section: section(line), line });
    }
  }
  constants.sort((a, b) => a.line - b.line);
  const iids: PageIid[] = [...parseIidTable(page).values()].map((e) => ({
    name: e.symbol,
    guid: e.guid,
    comment: e.comment,
    section: section(e.line),
    line: e.line,
  }));
  iids.sort((a, b) => a.line - b.line);
  return { constants, iids, notes };
}

/** True when `section` is one of `sections` or inside one (`replication-api/constants` is inside `replication-api`). */
export function inSections(section: string, sections: readonly string[] | null): boolean {
  if (sections === null) return true;
  return sections.some((s) => section === s || section.startsWith(`${s}/`));
}
