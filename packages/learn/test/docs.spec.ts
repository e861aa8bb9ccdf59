/**
 * The real Learn pages (`../shared/spec/docs` beside the checkout), in every variant, read as
 * `idl/mapi-sync/spec-check.json` says. `UPDATE_SPEC=1 npx jest test/docs.spec.ts` rewrites
 * `idl/mapi-sync/spec.json` from `en-US`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compareVariants,
  extractSpec,
  loadSpecCheckConfig,
  parseSpec,
  serializeSpec,
  summarizeSpec,
  type SpecDocument,
} from '../src';
import { describeWithDocs, DOCS_ROOT, LOCALIZED_VARIANTS, SPEC_CHECK_JSON, SPEC_JSON } from './helpers';

const extract = (variant: string): SpecDocument => extractSpec(join(DOCS_ROOT, variant), loadSpecCheckConfig(SPEC_CHECK_JSON).pages);

/** Figures per variant, printed once at the end. */
const figures: string[] = [];
afterAll(() => {
  if (figures.length) console.log(`facts extracted per variant:\n${figures.join('\n')}`);
});

describeWithDocs('Learn pages, en-US', () => {
  let en: SpecDocument;
  beforeAll(() => {
    en = extract('en-US');
  });

  it('reproduces the committed idl/mapi-sync/spec.json (UPDATE_SPEC=1 rewrites it)', () => {
    const fresh = serializeSpec(en);
    if (process.env['UPDATE_SPEC'] === '1') writeFileSync(SPEC_JSON, fresh);
    const committed = readFileSync(SPEC_JSON, 'utf8');
    expect(committed).toBe(fresh);
    expect(serializeSpec(parseSpec(committed))).toBe(committed);
  });

  it('finds the five interfaces with their vtable order', () => {
    const rows = en.interfaces.map(
      (i) => `${i.name} : ${i.base} ${i.iid ?? 'no IID'} | ${i.slots.map((s) => `${s.index} ${s.placeholder ? '-' : s.name}`).join(', ')}`,
    );
    expect(rows).toEqual([
      'IOSTX : IUnknown d2d85db4-840f-49b8-9982-07d2405ec6b7 | 3 GetLastError, 4 InitSync, 5 SyncBeg, 6 SyncEnd, 7 SyncHdrBeg, 8 SyncHdrEnd, 9 SetSyncResult, 10 -',
      'IPSTX : IUnknown 4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6 | 3 GetLastError, 4 GetSyncObject, 5 -, 6 -, 7 -, 8 -, 9 EmulateSpooler, 10 -, 11 -, 12 -, 13 -, 14 -',
      'IMAPISync : IUnknown 5024a385-2d44-486a-81a8-8f0ecb6071dd | 3 SynchronizeInBackground',
      'IMAPISyncProgressCallback : IUnknown 5024a386-2d44-486a-81a8-8f0ecb6071dd | 3 Progress, 4 Error, 5 Done',
      'IMAPIProgress : IUnknown no IID | 3 Progress, 4 GetFlags, 5 GetMax, 6 GetMin, 7 SetLimits',
    ]);
  });

  it('counts what the pages define', () => {
    expect(summarizeSpec(en)).toEqual({
      interfaces: 5,
      slots: 29,
      placeholders: 10,
      signatures: 19,
      parameters: 33,
      directions: 25,
      interfaceIids: 4,
      structures: 23,
      fields: 130,
      enumMembers: 12,
      constants: 63,
      iids: 11,
      states: 12,
      notes: 9,
    });
  });

  it('reads the structures from their code blocks, as C reads them', () => {
    const text = (name: string): string =>
      en.structures
        .find((s) => s.name === name)!
        .fields.map((f) => `${f.type} ${f.name}`.trim())
        .join('; ');
    expect(en.structures.map((s) => s.name)).toEqual([
      'LTID', 'SKEY', 'FEID', 'MEID', 'OLFI', 'UPMOV', 'UPTBLE', 'UPREADE', 'UPDELE', 'DNTBLE', 'SYNC', 'SYNCCONT',
      'UPHIER', 'UPFLD', 'UPTBL', 'UPMSG', 'UPREAD', 'UPDEL', 'DNHIER', 'DNTBL', 'HDRSYNC', 'MAPISIB', 'MAPIERROR',
    ]);
    expect(text('HDRSYNC')).toBe('UPMSG* pupmsg; FEID feidPar; LPSTREAM pstmReserved; ULONG ulFlags; LPMESSAGE pmsgFull');
    expect(text('SYNC')).toBe('ULONG ulFlags; LPWSTR pwzPath; FEID Reserved1; MEID Reserved2; LPENTRYLIST pel; ULONG const* pulFolderOptions');
    expect(text('FEID')).toBe('BYTE[4] abFlags; MAPIUID muid; WORD placeholder; LTID ltid');
    // The page runs type and name together: C reads a type and no member name.
    expect(text('UPTBLE')).toBe('UINTiEntMod; UINTcEntMod; UINTiEntRead; UINTcEntRead; UINTiEntDel; UINTcEntDel');
    expect(en.notes.map((n) => n.message)).toEqual(expect.arrayContaining([
      'member declaration "UINTiEntMod" has a type and no name',
      "the declaration of MAPISIB lacks its closing ';'",
    ]));
  });

  it('reads SYNCSTATE with the values C gives its members', () => {
    expect(en.enums.map((e) => `${e.name}: ${e.members.map((m) => `${m.name}=${m.value}`).join(' ')}`)).toEqual([
      'SYNCSTATE: LR_SYNC_IDLE=0 LR_SYNC=1 LR_SYNC_UPLOAD_HIERARCHY=2 LR_SYNC_UPLOAD_FOLDER=3 LR_SYNC_CONTENTS=4 LR_SYNC_UPLOAD_TABLE=5 ' +
        'LR_SYNC_UPLOAD_MESSAGE=6 LR_SYNC_UPLOAD_MESSAGE_READ=8 LR_SYNC_UPLOAD_MESSAGE_DEL=9 LR_SYNC_DOWNLOAD_HIERARCHY=10 ' +
        'LR_SYNC_DOWNLOAD_TABLE=11 LR_SYNC_DOWNLOAD_HEADER=17',
    ]);
  });

  it('reads the Replication API constants, the MAPISIB flags and the IIDs with their values', () => {
    const sections = new Map<string, number>();
    for (const c of en.constants) sections.set(c.section, (sections.get(c.section) ?? 0) + 1);
    expect([...sections]).toEqual([['replication-api', 56], ['mapisib', 7]]);
    const c = (name: string, section = 'replication-api') => en.constants.find((x) => x.name === name && x.section === section)!;
    expect([c('DNH_OK'), c('MDB_OST_LOGON_ANSI'), c('SS_ACTIVE'), c('UPV_COMMIT'), c('SYNC_ON_DEMAND', 'mapisib')].map((x) => [x.name, x.value, x.text])).toEqual([
      ['DNH_OK', 0x10000, '0x00010000'],
      ['MDB_OST_LOGON_ANSI', 0x1000, '((ULONG) 0x00001000)'],
      ['SS_ACTIVE', 0, '0'],
      ['UPV_COMMIT', 0x40000, '0x00040000'],
      ['SYNC_ON_DEMAND', 0x20000000, '0x20000000'],
    ]);
    expect(c('g_muidProvPrvNST').value).toBeNull();
    expect(en.iids.map((i) => `${i.name} ${i.guid} ${i.section}`)).toEqual([
      'IID_IPSTX 4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6 replication-api/interface-identifiers',
      'IID_IPSTX2 2067a790-2a45-11d1-eb86-00a0c90dca6d replication-api/interface-identifiers',
      'IID_IPSTX3 55f15320-111b-11d2-a999-006008b05aa7 replication-api/interface-identifiers',
      'IID_IPSTX4 aa2e2092-ac08-11d2-a2f9-0060b0ec3d4f replication-api/interface-identifiers',
      'IID_IPSTX5 55f15322-111b-11d2-a999-006008b05aa7 replication-api/interface-identifiers',
      'IID_IPSTX6 55f15323-111b-11d2-a999-006008b05aa7 replication-api/interface-identifiers',
      'IID_IOSTX d2d85db4-840f-49b8-9982-07d2405ec6b7 replication-api/interface-identifiers',
      'IID_IMAPIFolderNoProvChk 57d333a0-f589-4b23-a3f9-85f82fec153c replication-api/interface-identifiers',
      'IID_IMessageNoProvChk c3505457-7b2e-4c3b-a8d6-6dd949bb97a1 replication-api/interface-identifiers',
      'IID_IMAPISync 5024a385-2d44-486a-81a8-8f0ecb6071dd additional-mapi-constants/interface-identifiers/imapisync',
      'IID_IMAPISyncProgressCallback 5024a386-2d44-486a-81a8-8f0ecb6071dd additional-mapi-constants/interface-identifiers/imapisyncprogresscallback',
    ]);
  });

  it('reads the state table: each state, its structure and the states it is entered from', () => {
    expect(en.states.map((s) => `${s.identifier} ${s.structure ?? '-'} <- ${s.parents.join(', ') || '-'}`)).toEqual([
      'LR_SYNC_IDLE - <- -',
      'LR_SYNC SYNC <- LR_SYNC_IDLE',
      'LR_SYNC_UPLOAD_HIERARCHY UPHIER <- LR_SYNC',
      'LR_SYNC_UPLOAD_FOLDER UPFLD <- LR_SYNC_UPLOAD_HIERARCHY',
      'LR_SYNC_CONTENTS SYNCCONT <- LR_SYNC',
      'LR_SYNC_UPLOAD_TABLE UPTBL <- LR_SYNC_CONTENTS',
      'LR_SYNC_UPLOAD_MESSAGE UPMSG <- LR_SYNC_UPLOAD_TABLE',
      'LR_SYNC_UPLOAD_MESSAGE_READ UPREAD <- LR_SYNC_UPLOAD_TABLE',
      'LR_SYNC_UPLOAD_MESSAGE_DEL UPDEL <- LR_SYNC_UPLOAD_TABLE',
      'LR_SYNC_DOWNLOAD_HIERARCHY DNHIER <- LR_SYNC',
      'LR_SYNC_DOWNLOAD_TABLE DNTBL <- LR_SYNC_CONTENTS',
      'LR_SYNC_DOWNLOAD_HEADER HDRSYNC <- LR_SYNC_IDLE',
    ]);
  });

  it('keeps the code block name where the parameter list misspells it', () => {
    const progress = en.interfaces.find((i) => i.name === 'IMAPISyncProgressCallback')!.slots[0]!;
    expect(progress.signature!.params.map((p) => `${p.type} ${p.name}`)).toEqual([
      'const WCHAR* pwcszProgress',
      'ULONG ulIndex',
      'ULONG ulIndexMax',
    ]);
    expect(en.notes.map((n) => n.message).slice(0, 2)).toEqual([
      'parameter list names pwczsProgress, code block has pwcszProgress',
      'IID_IMAPIProgress has no value on mapi-constants',
    ]);
  });
});

describeWithDocs('Learn pages, localized variants', () => {
  let en: SpecDocument;
  beforeAll(() => {
    en = extract('en-US');
    const s = summarizeSpec(en);
    figures.push(`  en-US      ${s.structures} structures, ${s.fields} members, ${s.enumMembers} enum members, ${s.constants} constants, ${s.iids} IIDs, ${s.states} states`);
  });

  it.each(LOCALIZED_VARIANTS)('%s gives the same facts as en-US: interfaces, structures, enumerations, constants, IIDs, states', (variant) => {
    const doc = extract(variant);
    expect(doc.source).toBe(variant);
    expect(compareVariants(en, doc)).toEqual([]);
    const s = summarizeSpec(doc);
    expect(s).toEqual({ ...summarizeSpec(en), notes: doc.notes.length });
    figures.push(`  ${variant.padEnd(10)} ${s.structures} structures, ${s.fields} members, ${s.enumMembers} enum members, ${s.constants} constants, ${s.iids} IIDs, ${s.states} states`);
  });

  it('reports what the translations get wrong without letting it into the facts', () => {
    const de = extract('de-DE');
    expect(de.notes.map((n) => n.message)).toContain(
      'page title "IMAPISyncProgressCallback : IUnknown" does not name IMAPISyncProgressCallback::Progress',
    );
    const es = extract('es-ES');
    expect(es.notes).toContainEqual({
      url: 'https://learn.microsoft.com/es-es/office/client-developer/outlook/mapi/iostx-getlasterror',
      message: 'parameter lppMAPIError: direction marker "[salida]" read as [out]',
    });
    const fr = extract('fr-FR');
    const callback = fr.interfaces.find((i) => i.name === 'IMAPISyncProgressCallback')!;
    expect(callback.slots.map((s) => s.name)).toEqual(['Progress', 'Error', 'Done']); // link texts: Progress, Erreur, Terminé
    // es-ES links sync.md as "Sincronizar": the structure's name comes from the page it links.
    expect(extract('es-ES').states.find((s) => s.identifier === 'LR_SYNC')!.structure).toBe('SYNC');
  });
});
