import { join } from 'node:path';
import { compareVariants, englishView, extractSpec, isSxs, learnUrl, translatedView, type SpecDocument } from '../src';
import { readPage } from '../src/extract/page';
import { readInterfacePage } from '../src/extract/interface-page';
import { FIXTURES } from './helpers';

describe('extractSpec on bilingual (sxs) pages', () => {
  let en: SpecDocument;
  let de: SpecDocument;
  beforeAll(() => {
    en = extractSpec(join(FIXTURES, 'english'), { source: 'en-US' });
    de = extractSpec(join(FIXTURES, 'sxs'), { source: 'de-DE-sxs' });
  });

  it('gives the same facts as the English pages', () => {
    expect(compareVariants(en, de)).toEqual([]);
    expect(de.interfaces.map((i) => i.slots.map((s) => s.name))).toEqual(en.interfaces.map((i) => i.slots.map((s) => s.name)));
  });

  it('uses the sxs-lookup English, not the translation, for link texts and titles', () => {
    const page = readPage(join(FIXTURES, 'sxs'), 'idemosynciunknown')!;
    const facts = readInterfacePage(page);
    expect(facts.rows.map((r) => r.englishText)).toEqual(['Begin', 'End', null, 'Report', null]);
    expect(facts.rows.map((r) => r.target)).toEqual(['idemosync-begin', 'idemosync-end', null, 'idemosync-report', null]);
    // the Done page's translated H1 is "IDemoCallback : IUnknown"; its English lookup is right
    expect(de.notes.map((n) => n.message)).toEqual([
      'IID_IDemoOther: comment says {0b9c1f60-3a7d-4c21-9e84-5f6a7b8c9d01}, DEFINE_GUID bytes give {0b9c1f61-3a7d-4c21-9e84-5f6a7b8c9d01}',
      'parameter list names pwszTxet, code block has pwszText',
    ]);
    expect(de.notes[1]!.url).toBe(learnUrl('idemosync-report', 'de-DE'));
  });

  it('reads direction markers through the English view', () => {
    const sync = de.interfaces.find((i) => i.name === 'IDemoSync')!;
    expect(sync.slots[0]!.signature!.params.map((p) => p.direction)).toEqual(['in', 'in,out']);
  });

  it('splits segments into English and translation', () => {
    const seg =
      '[<span data-ttu-id="ab12c-107">Fertig</span><span class="sxs-lookup"><span data-stu-id="ab12c-107">Done</span></span>](x-done.md)';
    expect(isSxs(seg)).toBe(true);
    expect(englishView(seg)).toBe('[Done](x-done.md)');
    expect(translatedView(seg)).toBe('[Fertig](x-done.md)');
    const mismatched = seg.replace('data-stu-id="ab12c-107"', 'data-stu-id="ab12c-108"');
    expect(englishView(mismatched)).toBe(mismatched);
  });
});
