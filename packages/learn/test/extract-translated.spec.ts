import { join } from 'node:path';
import { compareVariants, extractSpec, learnUrl, type SpecDocument } from '../src';
import { FIXTURES } from './helpers';

const url = (page: string): string => learnUrl(page, 'fr-FR');

describe('extractSpec on translated pages (plain Markdown)', () => {
  let en: SpecDocument;
  let fr: SpecDocument;
  beforeAll(() => {
    en = extractSpec(join(FIXTURES, 'english'), { source: 'en-US' });
    fr = extractSpec(join(FIXTURES, 'translated'), { source: 'fr-FR' });
  });

  it('uses localized Learn URLs', () => {
    expect(fr.interfaces[0]!.url).toBe('https://learn.microsoft.com/fr-fr/office/client-developer/outlook/mapi/idemocallbackiunknown');
  });

  it('names slots from link targets and code blocks, not from translated link text', () => {
    const names = fr.interfaces.map((i) => `${i.name}: ${i.slots.map((s) => (s.placeholder ? '-' : s.name)).join(' ')}`);
    // link texts are "Terminé", "Erreur", "Commencer", "Fin" and "IDemoSync::Signaler"
    expect(names).toEqual(['IDemoCallback: Done Error', 'IDemoSync: Begin End - Report -']);
  });

  it('is not fooled by translated or wrong page titles', () => {
    const cb = fr.interfaces.find((i) => i.name === 'IDemoCallback')!;
    expect(cb.base).toBe('IUnknown'); // H1 reads "IDemoCallback : IInconnu"
    expect(fr.notes).toEqual(
      expect.arrayContaining([
        { url: url('idemocallbackiunknown'), message: 'page title "IDemoCallback : IInconnu" does not read "IDemoCallback : IUnknown"' },
        { url: url('idemosync-begin'), message: 'page title "IDemoSync::Commencer" does not name IDemoSync::Begin' },
        { url: url('idemocallback-error'), message: 'page title "IDemoCallback : IUnknown" does not name IDemoCallback::Error' },
      ]),
    );
  });

  it('reads translated direction markers and says so', () => {
    const cb = fr.interfaces.find((i) => i.name === 'IDemoCallback')!;
    expect(cb.slots[1]!.signature!.params.map((p) => p.direction)).toEqual(['in', 'out']);
    expect(fr.notes).toContainEqual({
      url: url('idemocallback-error'),
      message: 'parameter lppError: direction marker "[sortant]" read as [out]',
    });
  });

  it('reports a marker it cannot read instead of guessing', () => {
    expect(fr.notes).toContainEqual({ url: url('idemosync-begin'), message: 'parameter ppv: direction marker "[]" not understood' });
  });

  it('reports where its facts differ from English', () => {
    expect(compareVariants(en, fr)).toEqual([
      {
        declaration: 'IDemoSync',
        slot: 3,
        url: url('idemosync-begin'),
        message: 'fr-FR: IDemoSync slot 3 Begin parameter ppv is no direction, en-US has [in, out]',
      },
    ]);
  });
});
