/**
 * Builds a `SpecDocument` from a folder of Learn Markdown pages (one docs variant): interfaces,
 * structures, enumerations, constants, interface identifiers and states, each read from the pages
 * `ExtractOptions` names. Every page the spec needs must be readable: `readSpec` reports the ones that
 * are not, `extractSpec` refuses to return a spec without them.
 */
import { readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { SpecConstant, SpecDocument, SpecEnum, SpecIid, SpecState, SpecStructure } from '../types';
import { localeOfSource } from '../learn-url';
import type { IidEntry } from './iids';
import { readInterfaces } from './interfaces';
import { inSections, readConstantsPage } from './constants-page';
import { readEnumPage } from './enum-page';
import { PageReader, SpecPagesError, type SpecProblem } from './page-reader';
import { readStructurePage } from './structure-page';
import { readStatePage, readStateTable } from './state-pages';

/** Page defining the IIDs and constants, by default. */
export const CONSTANTS_PAGE = 'mapi-constants';

export interface ExtractOptions {
  /** Variant name recorded as `source`; default: the folder's name (e.g. `en-US`). */
  source?: string;
  /**
   * Locale used in Learn URLs; default: derived from `source` (`de-DE-sxs` → `de-DE`).
   * `null` or `en-US` give locale-neutral URLs.
   */
  locale?: string | null;
  /** Interface pages to read; default: every `*iunknown.md` of the folder, sorted by file name. */
  interfacePages?: readonly string[];
  /** Structure pages to read (each declares one structure); default none. */
  structurePages?: readonly string[];
  /** Enumeration pages to read; default none. */
  enumPages?: readonly string[];
  /** Page holding the constants and DEFINE_GUID lines; default `mapi-constants`. */
  constantsPage?: string;
  /**
   * Sections of the constants page whose constants and IIDs the spec keeps (`replication-api`, or a
   * deeper path); default: all. IIDs the interface pages name are kept wherever they are.
   */
  constantSections?: readonly string[] | null;
  /** Overview page of a state machine (with its state table); default none. */
  statesPage?: string | null;
}

/** Every `*iunknown.md` page of a folder, sorted. */
export function discoverInterfacePages(docsDir: string): string[] {
  return readdirSync(docsDir)
    .filter((f) => /^[a-z0-9]+iunknown\.md$/i.test(f))
    .map((f) => f.replace(/\.md$/i, ''))
    .sort();
}

/** What a docs folder gives: the spec, and the pages it needs that cannot be read. */
export interface SpecRead {
  spec: SpecDocument;
  problems: SpecProblem[];
}

/** Extracts the spec of one docs variant folder, with the problems met. Synchronous; reads only the pages it needs. */
export function readSpec(docsDir: string, options: ExtractOptions = {}): SpecRead {
  const dir = resolve(docsDir);
  const source = options.source ?? basename(dir);
  const locale = options.locale !== undefined ? options.locale : localeOfSource(source);
  const reader = new PageReader(dir, locale);

  const constantsName = options.constantsPage ?? CONSTANTS_PAGE;
  const constantsPage = reader.need(constantsName, 'the constants page');
  const constantsFacts = constantsPage !== null ? readConstantsPage(constantsPage) : null;
  const iidTable = new Map<string, IidEntry>();
  for (const e of constantsFacts?.iids ?? []) {
    if (iidTable.has(e.name)) continue;
    iidTable.set(e.name, { symbol: e.name, guid: e.guid, comment: e.comment, line: e.line });
    if (e.comment !== null && e.comment !== e.guid) {
      reader.note(constantsName, `${e.name}: comment says {${e.comment}}, DEFINE_GUID bytes give {${e.guid}}`);
    }
  }

  const sections = options.constantSections ?? null;
  if (constantsPage !== null && sections !== null) {
    for (const section of sections) {
      if (!(constantsFacts?.constants ?? []).some((c) => inSections(c.section, [section]))) {
        reader.noFacts(constantsPage, 'the constants page', `defines no constant in section ${section}`);
      }
    }
  }
  const interfaces = readInterfaces(reader, options.interfacePages ?? discoverInterfacePages(dir), iidTable, constantsName);

  for (const n of constantsFacts?.notes ?? []) if (inSections(n.section, sections)) reader.note(constantsName, n.message);
  const constants: SpecConstant[] = (constantsFacts?.constants ?? [])
    .filter((c) => inSections(c.section, sections))
    .map((c) => ({ name: c.name, value: c.value, text: c.text, section: c.section, url: reader.url(constantsName) }));
  const named = new Set(interfaces.map((i) => i.iidName).filter((n): n is string => n !== null));
  const iids: SpecIid[] = (constantsFacts?.iids ?? [])
    .filter((e, k, all) => all.findIndex((x) => x.name === e.name) === k)
    .filter((e) => inSections(e.section, sections) || named.has(e.name))
    .map((e) => ({ name: e.name, guid: e.guid, section: e.section, url: reader.url(constantsName) }));

  const structures: SpecStructure[] = [];
  const structureNames = new Map<string, string>();
  const structureOf = (page: string, neededFor: string): string | null => {
    const key = page.toLowerCase();
    if (structureNames.has(key)) return structureNames.get(key)!;
    const p = reader.need(page, neededFor);
    if (p === null) return null;
    const facts = readStructurePage(p);
    for (const n of facts.notes) reader.note(p.name, n);
    if (facts.structure === null) reader.noFacts(p, neededFor, 'declares no structure in its code blocks');
    const name = facts.structure?.name ?? null;
    if (name !== null) structureNames.set(key, name);
    return name;
  };
  for (const page of options.structurePages ?? []) {
    const p = reader.need(page, 'a structure page');
    if (p === null) continue;
    const facts = readStructurePage(p);
    for (const n of facts.notes) reader.note(p.name, n);
    if (facts.structure === null) {
      reader.noFacts(p, 'a structure page', 'declares no structure in its code blocks');
      continue;
    }
    structureNames.set(p.name.toLowerCase(), facts.structure.name);
    structures.push({ name: facts.structure.name, url: reader.url(p.name), fields: facts.structure.fields });
    for (const v of facts.values) {
      constants.push({ name: v.name, value: v.value, text: v.text, section: p.name, url: reader.url(p.name) });
    }
  }

  const enums: SpecEnum[] = [];
  for (const page of options.enumPages ?? []) {
    const p = reader.need(page, 'an enumeration page');
    if (p === null) continue;
    const facts = readEnumPage(p);
    for (const n of facts.notes) reader.note(p.name, n);
    const e = facts.enumeration;
    if (e === null) {
      reader.noFacts(p, 'an enumeration page', 'declares no enumeration in its code blocks');
      continue;
    }
    enums.push({
      name: e.name,
      url: reader.url(p.name),
      members: e.members.filter((m) => m.value !== null).map((m) => ({ name: m.name, value: m.value! })),
    });
  }

  const states = options.statesPage ? readStates(reader, options.statesPage, structureOf) : [];

  const spec: SpecDocument = { source, interfaces, structures, enums, constants, iids, states, notes: reader.notes };
  return { spec, problems: reader.problems };
}

/** Extracts the spec of one docs variant folder; throws `SpecPagesError` naming every needed page that cannot be read. */
export function extractSpec(docsDir: string, options: ExtractOptions = {}): SpecDocument {
  const { spec, problems } = readSpec(docsDir, options);
  if (problems.length > 0) throw new SpecPagesError(problems);
  return spec;
}

function readStates(
  reader: PageReader,
  overviewName: string,
  structureOf: (page: string, neededFor: string) => string | null,
): SpecState[] {
  const overview = reader.need(overviewName, 'the state machine overview');
  if (overview === null) return [];
  const table = readStateTable(overview);
  for (const n of table.notes) reader.note(overview.name, n);
  if (table.rows.length === 0) reader.noFacts(overview, 'the state machine overview', 'has no state table');
  const byPage = new Map(table.rows.map((r) => [r.page, r.identifier] as const));
  const states: SpecState[] = [];
  const children = new Map<string, string[]>();
  for (const row of table.rows) {
    const linked = `linked from the state table of ${overview.name} (${row.identifier})`;
    const structure = row.structurePage === null ? null : structureOf(row.structurePage, `the structure page ${linked}`);
    const page = reader.need(row.page, `the state page ${linked}`);
    const facts = page !== null ? readStatePage(page, row.identifier) : null;
    if (page !== null && facts === null) reader.noFacts(page, `the state page ${linked}`, `has no quick info table naming ${row.identifier}`);
    const parents: string[] = [];
    for (const n of facts?.notes ?? []) reader.note(row.page, n);
    if (facts !== null) {
      if (facts.structurePage !== row.structurePage) {
        reader.note(row.page, `the related data structure links ${facts.structurePage ?? 'nothing'}, the state table ${row.structurePage ?? 'nothing'}`);
      }
      for (const from of facts.fromPages) {
        const id = byPage.get(from);
        if (id === undefined) reader.note(row.page, `"From this state" links ${from}, which is not in the state table`);
        else parents.push(id);
      }
      children.set(row.identifier, facts.toPages.map((p) => byPage.get(p) ?? p));
    }
    states.push({ identifier: row.identifier, structure, parents, url: reader.url(row.page) });
  }
  // "To this state" links the states entered from this one: each must name this one as a parent.
  for (const s of states) {
    for (const child of children.get(s.identifier) ?? []) {
      const c = states.find((x) => x.identifier === child);
      if (c !== undefined && !c.parents.includes(s.identifier)) {
        reader.note(overviewName, `${s.identifier} leads to ${child}, whose page does not name ${s.identifier} as where it comes from`);
      }
    }
  }
  return states;
}
