/**
 * The interfaces of a docs folder: each interface page's vtable rows, each row's method page, and the
 * IID the interface page names, looked up among the constants page's `DEFINE_GUID`s.
 */
import type { SpecInterface, SpecSlot } from '../types';
import type { IidEntry } from './iids';
import { readInterfacePage, type VtableRow } from './interface-page';
import { readMethodPage } from './method-page';
import type { PageReader } from './page-reader';

/** Vtable slots of the bases whose own methods come first (IUnknown's QueryInterface, AddRef, Release). */
const BASE_SLOTS: Record<string, number> = { IUnknown: 3, IDispatch: 7 };

/** The part of a method page's name after the interface prefix: `iostx-syncbeg` → `syncbeg`. */
export function methodKeyOfTarget(target: string, interfaceName: string): string | null {
  const prefix = interfaceName.toLowerCase();
  if (!target.startsWith(prefix)) return null;
  const rest = target.slice(prefix.length).replace(/^[-_]/, '');
  return rest === '' ? null : rest;
}

/**
 * Reads the interface pages named (in that order). Every page they need (the interface pages, the
 * method pages their vtable rows link to) is needed: a missing one is a problem of `reader`.
 */
export function readInterfaces(
  reader: PageReader,
  pages: readonly string[],
  iids: ReadonlyMap<string, IidEntry>,
  constantsPage: string,
): SpecInterface[] {
  const interfaces: SpecInterface[] = [];
  for (const ifacePage of pages) {
    const p = reader.need(ifacePage, 'interface page');
    if (p === null) continue;
    const facts = readInterfacePage(p);
    for (const n of facts.notes) reader.note(p.name, n);
    if (facts.rows.length === 0) reader.noFacts(p, 'interface page', 'has no vtable rows');
    const baseSlots = BASE_SLOTS[facts.base] ?? 3;
    if (BASE_SLOTS[facts.base] === undefined) {
      reader.note(p.name, `base ${facts.base}: slot count unknown, numbering own methods from 3`);
    }
    let iid: string | null = null;
    let iidSource: string | null = null;
    if (facts.iidName !== null) {
      const e = iids.get(facts.iidName);
      if (e !== undefined) {
        iid = e.guid;
        iidSource = reader.url(constantsPage);
      } else {
        reader.note(p.name, `${facts.iidName} has no value on ${constantsPage}`);
      }
    } else {
      reader.note(p.name, 'the page names no interface identifier');
    }
    const slots = facts.rows.map((row, i) => readSlot(reader, row, baseSlots + i, facts.name, p.name));
    interfaces.push({
      name: facts.name,
      base: facts.base,
      iidName: facts.iidName,
      iid,
      iidSource,
      url: reader.url(p.name),
      slots,
    });
  }
  return interfaces;
}

function readSlot(reader: PageReader, row: VtableRow, index: number, iface: string, ifacePage: string): SpecSlot {
  if (row.placeholder || row.target === null) {
    return { index, name: '', placeholder: true, url: reader.url(ifacePage), signature: null };
  }
  const target = row.target;
  const key = methodKeyOfTarget(target, iface);
  if (key === null) reader.note(ifacePage, `slot ${index} links to ${target}, which is not an ${iface} method page`);
  const mp = reader.need(target, `the method page of ${iface} slot ${index} (linked from ${ifacePage})`);
  const facts = mp !== null ? readMethodPage(mp, key, iface) : null;
  if (mp !== null && facts === null) {
    reader.noFacts(mp, `the method page of ${iface} slot ${index} (linked from ${ifacePage})`, 'declares no method in its code blocks');
  }
  if (facts !== null) {
    for (const n of facts.notes) reader.note(target, n);
    if (row.englishText !== null && row.englishText !== facts.name) {
      reader.note(ifacePage, `slot ${index}: English link text "${row.englishText}" differs from the code block's ${facts.name}`);
    }
    return {
      index,
      name: facts.name,
      placeholder: false,
      url: reader.url(target),
      signature: { returnType: facts.returnType, params: facts.params, url: reader.url(target) },
    };
  }
  // No signature: the name comes from the link target, spelled like the English link text
  // (bilingual lookup, or link text that matches the target) when there is one.
  const fromTarget = key ?? target;
  const spelled = [row.englishText, row.linkText].find(
    (t): t is string => t !== null && t.toLowerCase() === fromTarget.toLowerCase(),
  );
  return { index, name: spelled ?? fromTarget, placeholder: false, url: reader.url(target), signature: null };
}
