/**
 * Builds a `SpecDocument` from a folder of Learn Markdown pages (one docs variant).
 */
import { readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { SpecDocument, SpecInterface, SpecNote, SpecSlot } from '../types';
import { learnUrl, localeOfSource } from '../learn-url';
import { readPage, type Page } from './page';
import { readInterfacePage, type VtableRow } from './interface-page';
import { readMethodPage } from './method-page';
import { parseIidTable, type IidEntry } from './iids';

/** The interface pages of the Outlook MAPI replication API, in the order the project lists them. */
export const MAPI_SYNC_INTERFACE_PAGES: readonly string[] = [
  'iostxiunknown',
  'ipstxiunknown',
  'imapisynciunknown',
  'imapisyncprogresscallbackiunknown',
  'imapiprogressiunknown',
];

/** Page defining the IIDs. */
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
  /** Page holding the DEFINE_GUID lines; default `mapi-constants`. */
  constantsPage?: string;
}

/** Vtable slots of IUnknown (QueryInterface, AddRef, Release). */
const BASE_SLOTS: Record<string, number> = { IUnknown: 3, IDispatch: 7 };

/** Every `*iunknown.md` page of a folder, sorted. */
export function discoverInterfacePages(docsDir: string): string[] {
  return readdirSync(docsDir)
    .filter((f) => /^[a-z0-9]+iunknown\.md$/i.test(f))
    .map((f) => f.replace(/\.md$/i, ''))
    .sort();
}

/** The part of a method page's name after the interface prefix: `iostx-syncbeg` → `syncbeg`. */
export function methodKeyOfTarget(target: string, interfaceName: string): string | null {
  const prefix = interfaceName.toLowerCase();
  if (!target.startsWith(prefix)) return null;
  const rest = target.slice(prefix.length).replace(/^[-_]/, '');
  return rest === '' ? null : rest;
}

/** Extracts the spec of one docs variant folder. Synchronous; reads only the pages it needs. */
export function extractSpec(docsDir: string, options: ExtractOptions = {}): SpecDocument {
  const dir = resolve(docsDir);
  const source = options.source ?? basename(dir);
  const locale = options.locale !== undefined ? options.locale : localeOfSource(source);
  const url = (page: string): string => learnUrl(page, locale);
  const notes: SpecNote[] = [];
  const note = (page: string, message: string): void => {
    notes.push({ url: url(page), message });
  };

  const cache = new Map<string, Page | null>();
  const page = (name: string): Page | null => {
    if (!cache.has(name)) cache.set(name, readPage(dir, name));
    return cache.get(name)!;
  };

  const constantsName = options.constantsPage ?? CONSTANTS_PAGE;
  const constants = page(constantsName);
  const iids: Map<string, IidEntry> = constants !== null ? parseIidTable(constants) : new Map();
  if (constants === null) note(constantsName, 'page not found: no IID values');
  for (const e of iids.values()) {
    if (e.comment !== null && e.comment !== e.guid) {
      note(constantsName, `${e.symbol}: comment says {${e.comment}}, DEFINE_GUID bytes give {${e.guid}}`);
    }
  }

  const interfaces: SpecInterface[] = [];
  for (const ifacePage of options.interfacePages ?? discoverInterfacePages(dir)) {
    const p = page(ifacePage);
    if (p === null) {
      note(ifacePage, 'interface page not found');
      continue;
    }
    const facts = readInterfacePage(p);
    for (const n of facts.notes) note(p.name, n);
    const baseSlots = BASE_SLOTS[facts.base] ?? 3;
    if (BASE_SLOTS[facts.base] === undefined) {
      note(p.name, `base ${facts.base}: slot count unknown, numbering own methods from 3`);
    }
    let iid: string | null = null;
    let iidSource: string | null = null;
    if (facts.iidName !== null) {
      const e = iids.get(facts.iidName);
      if (e !== undefined) {
        iid = e.guid;
        iidSource = url(constantsName);
      } else {
        note(p.name, `${facts.iidName} has no value on ${constantsName}`);
      }
    } else {
      note(p.name, 'the page names no interface identifier');
    }
    const slots = facts.rows.map((row, i) => readSlot(row, baseSlots + i, facts.name, p.name));
    interfaces.push({
      name: facts.name,
      base: facts.base,
      iidName: facts.iidName,
      iid,
      iidSource,
      url: url(p.name),
      slots,
    });
  }
  return { source, interfaces, notes };

  function readSlot(row: VtableRow, index: number, iface: string, ifacePage: string): SpecSlot {
    if (row.placeholder || row.target === null) {
      return { index, name: '', placeholder: true, url: url(ifacePage), signature: null };
    }
    const target = row.target;
    const key = methodKeyOfTarget(target, iface);
    if (key === null) note(ifacePage, `slot ${index} links to ${target}, which is not an ${iface} method page`);
    const mp = page(target);
    const facts = mp !== null ? readMethodPage(mp, key, iface) : null;
    if (mp === null) note(target, `method page not found (slot ${index} of ${iface})`);
    else if (facts === null) note(target, `no method declaration in the code blocks (slot ${index} of ${iface})`);
    if (facts !== null) {
      for (const n of facts.notes) note(target, n);
      if (row.englishText !== null && row.englishText !== facts.name) {
        note(ifacePage, `slot ${index}: English link text "${row.englishText}" differs from the code block's ${facts.name}`);
      }
      return {
        index,
        name: facts.name,
        placeholder: false,
        url: url(target),
        signature: { returnType: facts.returnType, params: facts.params, url: url(target) },
      };
    }
    // No signature: the name comes from the link target, spelled like the English link text
    // (bilingual lookup, or link text that matches the target) when there is one.
    const fromTarget = key ?? target;
    const spelled = [row.englishText, row.linkText].find(
      (t): t is string => t !== null && t.toLowerCase() === fromTarget.toLowerCase(),
    );
    return { index, name: spelled ?? fromTarget, placeholder: false, url: url(target), signature: null };
  }
}
