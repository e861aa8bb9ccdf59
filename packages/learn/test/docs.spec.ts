/**
 * The real Learn pages (`../shared/spec/docs` beside the checkout).
 * `UPDATE_SPEC=1 npx jest test/docs.spec.ts` rewrites `idl/mapi-sync/spec.json` from `en-US`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  compareVariants,
  extractSpec,
  MAPI_SYNC_INTERFACE_PAGES,
  parseSpec,
  serializeSpec,
  summarizeSpec,
  type SpecDocument,
} from '../src';
import { describeWithDocs, DOCS_ROOT, LOCALIZED_VARIANTS, SPEC_JSON } from './helpers';

const extract = (variant: string): SpecDocument =>
  extractSpec(join(DOCS_ROOT, variant), { interfacePages: MAPI_SYNC_INTERFACE_PAGES });

describeWithDocs('Learn pages, en-US', () => {
  let en: SpecDocument;
  beforeAll(() => {
    en = extract('en-US');
  });

  it('reproduces the committed idl/mapi-sync/spec.json', () => {
    const fresh = serializeSpec(en);
    if (process.env['UPDATE_SPEC'] === '1') {
      mkdirSync(dirname(SPEC_JSON), { recursive: true });
      writeFileSync(SPEC_JSON, fresh);
    }
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
    expect(summarizeSpec(en)).toEqual({
      interfaces: 5,
      slots: 29,
      placeholders: 10,
      signatures: 19,
      parameters: 33,
      directions: 25,
      iids: 4,
      notes: 2,
    });
  });

  it('keeps the code block name where the parameter list misspells it', () => {
    const progress = en.interfaces.find((i) => i.name === 'IMAPISyncProgressCallback')!.slots[0]!;
    expect(progress.signature!.params.map((p) => `${p.type} ${p.name}`)).toEqual([
      'const WCHAR* pwcszProgress',
      'ULONG ulIndex',
      'ULONG ulIndexMax',
    ]);
    expect(en.notes.map((n) => n.message)).toEqual([
      'parameter list names pwczsProgress, code block has pwcszProgress',
      'IID_IMAPIProgress has no value on mapi-constants',
    ]);
  });
});

describeWithDocs('Learn pages, localized variants', () => {
  let en: SpecDocument;
  beforeAll(() => {
    en = extract('en-US');
  });

  it.each(LOCALIZED_VARIANTS)('%s gives the same vtable orders and signatures as en-US', (variant) => {
    const doc = extract(variant);
    expect(doc.source).toBe(variant);
    expect(compareVariants(en, doc)).toEqual([]);
    expect(summarizeSpec(doc)).toEqual({ ...summarizeSpec(en), notes: doc.notes.length });
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
  });
});
