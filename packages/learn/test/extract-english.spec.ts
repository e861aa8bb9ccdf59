import { join } from 'node:path';
import { extractSpec, learnUrl, readSpec, type SpecDocument } from '../src';
import { FIXTURES } from './helpers';

const url = (page: string): string => learnUrl(page);

describe('extractSpec on English pages', () => {
  let doc: SpecDocument;
  beforeAll(() => {
    doc = extractSpec(join(FIXTURES, 'english'), { source: 'en-US' });
  });

  it('finds the interface pages, their base and IID', () => {
    expect(doc.source).toBe('en-US');
    expect(doc.interfaces.map((i) => [i.name, i.base, i.iidName, i.iid, i.iidSource, i.url])).toEqual([
      [
        'IDemoCallback',
        'IUnknown',
        'IID_IDemoCallback',
        '0b9c1f5f-3a7d-4c21-9e84-5f6a7b8c9d01',
        url('mapi-constants'),
        url('idemocallbackiunknown'),
      ],
      [
        'IDemoSync',
        'IUnknown',
        'IID_IDemoSync',
        '0b9c1f5e-3a7d-4c21-9e84-5f6a7b8c9d01',
        url('mapi-constants'),
        url('idemosynciunknown'),
      ],
    ]);
  });

  it('reads the vtable order with placeholders, numbering after IUnknown', () => {
    const sync = doc.interfaces.find((i) => i.name === 'IDemoSync')!;
    expect(sync.slots.map((s) => [s.index, s.name, s.placeholder, s.url])).toEqual([
      [3, 'Begin', false, url('idemosync-begin')],
      [4, 'End', false, url('idemosync-end')],
      [5, '', true, url('idemosynciunknown')],
      [6, 'Report', false, url('idemosync-report')],
      [7, '', true, url('idemosynciunknown')],
    ]);
  });

  it('parses signatures, normalizing types and reading directions from the parameter list', () => {
    const sync = doc.interfaces.find((i) => i.name === 'IDemoSync')!;
    expect(sync.slots[0]!.signature).toEqual({
      returnType: 'HRESULT',
      params: [
        { name: 'ulFlags', type: 'ULONG', direction: 'in' },
        { name: 'ppv', type: 'LPVOID*', direction: 'in,out' },
      ],
      url: url('idemosync-begin'),
    });
    expect(sync.slots[1]!.signature).toEqual({ returnType: 'HRESULT', params: [], url: url('idemosync-end') });
    expect(sync.slots[3]!.signature!.params).toEqual([
      { name: 'hrResult', type: 'HRESULT', direction: null },
      { name: 'pwszText', type: 'const WCHAR*', direction: null },
      { name: 'lpulCookie', type: 'ULONG FAR*', direction: 'out' },
    ]);
    const cb = doc.interfaces.find((i) => i.name === 'IDemoCallback')!;
    expect(cb.slots.map((s) => s.signature!.params.map((p) => `${p.type} ${p.name} ${p.direction}`))).toEqual([
      ['HANDLE hEvent null', 'HRESULT hResult null'],
      ['HRESULT hResult in', 'LPMAPIERROR* lppError out'],
    ]);
  });

  it('takes parameter names from the code block and reports a parameter list that differs', () => {
    expect(doc.notes).toEqual([
      {
        url: url('mapi-constants'),
        message:
          'IID_IDemoOther: comment says {0b9c1f60-3a7d-4c21-9e84-5f6a7b8c9d01}, DEFINE_GUID bytes give {0b9c1f61-3a7d-4c21-9e84-5f6a7b8c9d01}',
      },
      { url: url('idemosync-report'), message: 'parameter list names pwszTxet, code block has pwszText' },
    ]);
  });

  it('reads only the interface pages asked for, in the order given; one it cannot read is a problem', () => {
    const { spec: only, problems } = readSpec(join(FIXTURES, 'english'), {
      source: 'en-US',
      interfacePages: ['idemosynciunknown', 'idemocallbackiunknown', 'inothereiunknown'],
    });
    expect(only.interfaces.map((i) => i.name)).toEqual(['IDemoSync', 'IDemoCallback']);
    expect(problems.map((p) => [p.page, p.message, p.neededFor, p.url])).toEqual([
      ['inothereiunknown', 'missing', 'interface page', url('inothereiunknown')],
    ]);
  });
});
