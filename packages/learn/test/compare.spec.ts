import { readFileSync } from 'node:fs';
import {
  compareWithSpec,
  formatDifference,
  learnUrl,
  parseSpec,
  sameType,
  canonicalType,
  type IdlInterfaceView,
  type SpecDocument,
} from '../src';
import { idlFromSpec, SPEC_JSON } from './helpers';

const spec: SpecDocument = parseSpec(readFileSync(SPEC_JSON, 'utf8'));
const url = (page: string): string => learnUrl(page);

/** A fresh IDL view equal to the spec. */
function idl(): IdlInterfaceView[] {
  return idlFromSpec(spec);
}

function iface(views: IdlInterfaceView[], name: string): IdlInterfaceView {
  return views.find((v) => v.name === name)!;
}

/** Renumbers the slot lines after slots were moved, as if the IDL file had been edited. */
function relayout(v: IdlInterfaceView): void {
  v.slots.forEach((s, k) => {
    s.line = k + 2;
  });
}

const lines = (views: IdlInterfaceView[]): string[] => compareWithSpec(spec, views).map(formatDifference);

describe('compareWithSpec', () => {
  it('finds nothing when the IDL matches the docs', () => {
    expect(compareWithSpec(spec, idl())).toEqual([]);
  });

  it('reports two swapped methods as two differences', () => {
    const views = idl();
    const ostx = iface(views, 'IOSTX');
    [ostx.slots[3], ostx.slots[4]] = [ostx.slots[4]!, ostx.slots[3]!];
    relayout(ostx);
    expect(lines(views)).toEqual([
      `idl/IOSTX.idl:5:5: slot 6 is SyncHdrBeg, docs have SyncEnd (${url('iostx-syncend')})`,
      `idl/IOSTX.idl:6:5: slot 7 is SyncEnd, docs have SyncHdrBeg (${url('iostx-synchdrbeg')})`,
    ]);
    expect(compareWithSpec(spec, views).map((d) => [d.kind, d.declaration, d.slot])).toEqual([
      ['slot-name', 'IOSTX', 6],
      ['slot-name', 'IOSTX', 7],
    ]);
  });

  it('reports a dropped placeholder as a shift of the methods after it', () => {
    const views = idl();
    const pstx = iface(views, 'IPSTX');
    pstx.slots.splice(2, 1);
    relayout(pstx);
    expect(lines(views)).toEqual([
      `idl/IPSTX.idl:1:1: IPSTX has 11 methods after IUnknown, docs have 12 (${url('ipstxiunknown')})`,
      `idl/IPSTX.idl:7:5: docs have 4 placeholder slots at 5-8, the IDL has 3 (${url('ipstxiunknown')})`,
      `idl/IPSTX.idl:7:5: slot 8 is EmulateSpooler, docs have it at slot 9 (${url('ipstx-emulatespooler')})`,
    ]);
  });

  it('reports a dropped method and every method it shifts', () => {
    const views = idl();
    const ostx = iface(views, 'IOSTX');
    ostx.slots.splice(1, 1);
    relayout(ostx);
    expect(lines(views)).toEqual([
      `idl/IOSTX.idl:1:1: IOSTX has 7 methods after IUnknown, docs have 8 (${url('iostxiunknown')})`,
      `idl/IOSTX.idl:3:5: docs have InitSync at slot 4, not declared (${url('iostx-initsync')})`,
      `idl/IOSTX.idl:3:5: slot 4 is SyncBeg, docs have it at slot 5 (${url('iostx-syncbeg')})`,
      `idl/IOSTX.idl:4:5: slot 5 is SyncEnd, docs have it at slot 6 (${url('iostx-syncend')})`,
      `idl/IOSTX.idl:5:5: slot 6 is SyncHdrBeg, docs have it at slot 7 (${url('iostx-synchdrbeg')})`,
      `idl/IOSTX.idl:6:5: slot 7 is SyncHdrEnd, docs have it at slot 8 (${url('iostx-synchdrend')})`,
      `idl/IOSTX.idl:7:5: slot 8 is SetSyncResult, docs have it at slot 9 (${url('iostx-setsyncresult')})`,
    ]);
  });

  it('reports an extra method and a named slot where the docs have a placeholder', () => {
    const views = idl();
    const sync = iface(views, 'IMAPISync');
    sync.slots.push({ name: 'Extra', placeholder: false, file: sync.file, line: 3, column: 5, params: [] });
    const ostx = iface(views, 'IOSTX');
    ostx.slots[7] = { ...ostx.slots[7]!, name: 'Reserved', placeholder: false };
    expect(lines(views)).toEqual([
      `idl/IOSTX.idl:9:5: slot 10 is Reserved, docs have a placeholder (${url('iostxiunknown')})`,
      `idl/IMAPISync.idl:1:1: IMAPISync has 2 methods after IUnknown, docs have 1 (${url('imapisynciunknown')})`,
      `idl/IMAPISync.idl:3:5: slot 4 is Extra, not in the docs (${url('imapisynciunknown')})`,
    ]);
  });

  it('reports a renamed parameter', () => {
    const views = idl();
    iface(views, 'IOSTX').slots[2]!.params[1]!.name = 'ppvData';
    expect(lines(views)).toEqual([
      `idl/IOSTX.idl:4:5: IOSTX::SyncBeg parameter 2 is ppvData, docs have ppv (${url('iostx-syncbeg')})`,
    ]);
  });

  it('reports a changed direction', () => {
    const views = idl();
    iface(views, 'IOSTX').slots[2]!.params[1]!.direction = 'out';
    expect(lines(views)).toEqual([
      `idl/IOSTX.idl:4:5: IOSTX::SyncBeg parameter ppv is [out], docs have [in, out] (${url('iostx-syncbeg')})`,
    ]);
  });

  it('counts a missing direction as [in], like MIDL, and skips parameters the docs give none', () => {
    const views = idl();
    iface(views, 'IOSTX').slots[1]!.params[0]!.direction = null; // InitSync ulFlags, docs [in]
    iface(views, 'IOSTX').slots[0]!.params[2]!.direction = null; // GetLastError lppMAPIError, docs [out]
    iface(views, 'IMAPISyncProgressCallback').slots[0]!.params[0]!.direction = 'out'; // docs give none
    expect(lines(views)).toEqual([
      `idl/IOSTX.idl:2:5: IOSTX::GetLastError parameter lppMAPIError is [in], docs have [out] (${url('iostx-getlasterror')})`,
    ]);
  });

  it('reports a changed IID, accepting braces and upper case', () => {
    const views = idl();
    iface(views, 'IOSTX').iid = '{D2D85DB4-840F-49B8-9982-07D2405EC6B8}';
    iface(views, 'IPSTX').iid = '{4FDEEFF0-0319-11CF-B4CF-00AA0DBBB6E6}';
    iface(views, 'IMAPISync').iid = null;
    iface(views, 'IMAPIProgress').iid = '0002031f-0000-0000-c000-000000000046'; // not in the docs: not checked
    expect(lines(views)).toEqual([
      `idl/IOSTX.idl:1:1: IOSTX has IID d2d85db4-840f-49b8-9982-07d2405ec6b8, docs have d2d85db4-840f-49b8-9982-07d2405ec6b7 (${url('mapi-constants')})`,
      `idl/IMAPISync.idl:1:1: IMAPISync has no IID, docs have 5024a385-2d44-486a-81a8-8f0ecb6071dd (${url('mapi-constants')})`,
    ]);
  });

  it('reports a missing interface and ignores interfaces the docs do not describe', () => {
    const views = idl().filter((v) => v.name !== 'IMAPISync');
    views.push({ name: 'IOther', iid: null, file: 'idl/o.idl', line: 1, column: 1, slots: [] });
    const diffs = compareWithSpec(spec, views);
    expect(diffs.map(formatDifference)).toEqual([
      `IMAPISync: interface IMAPISync is not declared, docs describe it (${url('imapisynciunknown')})`,
    ]);
    expect(diffs[0]!.location).toBeNull();
    expect(compareWithSpec(spec, views, { interfaces: ['IOSTX', 'IPSTX'] })).toEqual([]);
  });

  it('reports parameter count and type differences', () => {
    const views = idl();
    const ostx = iface(views, 'IOSTX');
    ostx.slots[2]!.params[1]!.type = 'void**';
    ostx.slots[5]!.params.push({ name: 'ulExtra', type: 'ULONG', direction: 'in' });
    expect(lines(views)).toEqual([
      `idl/IOSTX.idl:4:5: IOSTX::SyncBeg parameter ppv has type void**, docs have LPVOID* (${url('iostx-syncbeg')})`,
      `idl/IOSTX.idl:7:5: IOSTX::SyncHdrEnd has 2 parameters, docs have 1 (${url('iostx-synchdrend')})`,
    ]);
    expect(compareWithSpec(spec, views, { typeAliases: { LPVOID: 'void*' } }).map((d) => d.kind)).toEqual(['param-count']);
  });

  it('accepts the typedef spellings SPEC.md states and FAR', () => {
    const views = idl();
    iface(views, 'IOSTX').slots[0]!.params[2]!.type = 'MAPIERROR **'; // docs: LPMAPIERROR*
    iface(views, 'IOSTX').slots[5]!.params[0]!.type = 'IMAPIProgress*'; // docs: LPMAPIPROGRESS
    iface(views, 'IMAPISync').slots[0]!.params[0]!.type = 'MAPISIB *'; // docs: PMAPISIB
    iface(views, 'IMAPIProgress').slots[1]!.params[0]!.type = 'ULONG *'; // docs: ULONG FAR*
    expect(compareWithSpec(spec, views)).toEqual([]);
    expect(canonicalType('LPMAPIERROR *')).toBe('MAPIERROR**');
    expect(sameType('const WCHAR*', 'LPCWSTR')).toBe(false);
    expect(sameType('UINT', 'ULONG')).toBe(false);
  });
});
