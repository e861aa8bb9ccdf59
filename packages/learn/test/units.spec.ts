import { normalizeType, parseDirectionMarker, parseSignature, parseSpec, serializeSpec, type SpecDocument } from '../src';
import { parseFrontMatter, parsePage, codeBlocks, headings } from '../src/extract/page';
import { parseTables, splitRow } from '../src/extract/table';
import { findLinks, pageOfTarget } from '../src/extract/links';
import { guidFromParts, normalizeGuid, parseIidTable } from '../src/extract/iids';
import { parseParameterDocs } from '../src/extract/parameters';

describe('front matter and page reading', () => {
  it('reads pairs, quoted values and lists, ignoring blank lines', () => {
    const { frontMatter, bodyStart } = parseFrontMatter(
      '---\ntitle: "A  B"\n \napi_name:\n- IFoo\n- IFoo.Bar\ndescription: \'x: y\'\n---\n# A\n',
    );
    expect(frontMatter).toEqual({ title: 'A  B', api_name: ['IFoo', 'IFoo.Bar'], description: 'x: y' });
    expect(bodyStart).toBe(8);
  });

  it('normalizes CRLF and a BOM, finds headings with anchors and code blocks', () => {
    const page = parsePage('p.md', '\uFEFF---\r\ntitle: t\r\n---\r\n# <a name="x"></a>Title\r\n```cpp\r\n# not a heading\r\n```\r\n## Sub\r\n');
    expect(page.name).toBe('p');
    expect(headings(page).map((h) => [h.level, h.anchor, h.text])).toEqual([
      [1, 'x', 'Title'],
      [2, null, 'Sub'],
    ]);
    expect(codeBlocks(page)).toEqual([{ lang: 'cpp', code: '# not a heading', start: 1, end: 3 }]);
    expect(page.firstLine).toBe(4);
  });
});

describe('tables and links', () => {
  it('splits rows, keeping escaped pipes and code spans', () => {
    expect(splitRow('|a \\| b |`c|d`| e <br/> |')).toEqual(['a | b', '`c|d`', 'e <br/>']);
    expect(splitRow('|||')).toEqual(['', '']);
  });

  it('reads header, separator and body rows', () => {
    const t = parseTables(['x', '|||', '|:--|:--|', '|[A](a.md) | d |', '| *P* | e |', 'y'])[0]!;
    expect(t.index).toBe(1);
    expect(t.rows.map((r) => [r.index, r.cells])).toEqual([
      [3, ['[A](a.md)', 'd']],
      [4, ['*P*', 'e']],
    ]);
  });

  it('finds link targets, including inside emphasis and spans', () => {
    expect(findLinks('**[A](iostx-syncbeg.md)** and ![img](pic.png) [B](https://example.com/x)')).toEqual([
      { text: 'A', target: 'iostx-syncbeg.md', page: 'iostx-syncbeg' },
      { text: 'B', target: 'https://example.com/x', page: null },
    ]);
    expect(pageOfTarget('./Sub/IOSTX-SyncEnd.md#remarks')).toBe('iostx-syncend');
    expect(pageOfTarget('/office/client-developer/outlook/mapi/iostx-syncend')).toBe('iostx-syncend');
    expect(pageOfTarget('https://learn.microsoft.com/de-de/office/client-developer/outlook/mapi/iostx-syncend')).toBe('iostx-syncend');
    expect(pageOfTarget('https://example.com/a.md')).toBeNull();
  });
});

describe('signatures', () => {
  it('normalizes types', () => {
    expect(normalizeType('LPSSTREAM *')).toBe('LPSSTREAM*');
    expect(normalizeType(' ULONG   FAR *  ')).toBe('ULONG FAR*');
    expect(normalizeType('IOSTX * *')).toBe('IOSTX**');
    expect(normalizeType('const\tWCHAR *')).toBe('const WCHAR*');
    expect(normalizeType('char * const')).toBe('char* const');
    expect(normalizeType('BYTE [ 4 ]')).toBe('BYTE[4]');
    expect(normalizeType('ULONG /* count */')).toBe('ULONG');
  });

  it('parses multi-line declarations, empty lists and odd spacing', () => {
    expect(parseSignature('HRESULT SyncBeg( \n    UINT uiSync, \n    LPVOID *ppv \n);')).toEqual({
      name: 'SyncBeg',
      returnType: 'HRESULT',
      params: [
        { name: 'uiSync', type: 'UINT', direction: null },
        { name: 'ppv', type: 'LPVOID*', direction: null },
      ],
    });
    expect(parseSignature('HRESULT SyncEnd();')).toEqual({ name: 'SyncEnd', returnType: 'HRESULT', params: [] });
    expect(parseSignature('HRESULT F(void);')!.params).toEqual([]);
    expect(parseSignature('HRESULT SynchronizeInBackground (\n  PMAPISIB psibpb\n);')!.name).toBe('SynchronizeInBackground');
    expect(parseSignature('typedef struct { ULONG a; } X;')).toBeNull();
  });

  it('reads directions written in the code block', () => {
    const s = parseSignature('HRESULT STDMETHODCALLTYPE F([in] ULONG a, [out] ULONG *b, [in, out] void **c, _In_ BYTE d[4]);')!;
    expect(s.returnType).toBe('HRESULT');
    expect(s.params).toEqual([
      { name: 'a', type: 'ULONG', direction: 'in' },
      { name: 'b', type: 'ULONG*', direction: 'out' },
      { name: 'c', type: 'void**', direction: 'in,out' },
      { name: 'd', type: 'BYTE[4]', direction: 'in' },
    ]);
  });

  it('prefers the declaration the link target names', () => {
    expect(parseSignature('HRESULT A(ULONG x);\nHRESULT B(ULONG y);', 'b')!.name).toBe('B');
  });
});

describe('parameter lists', () => {
  it('reads direction markers in English and the translations seen in the pages', () => {
    expect(parseDirectionMarker('[in] Error code.')).toEqual({ marker: '[in]', direction: 'in' });
    expect(parseDirectionMarker(' [in]/[out] Pointer')).toEqual({ marker: '[in]/[out]', direction: 'in,out' });
    expect(parseDirectionMarker('[in, out] x')).toEqual({ marker: '[in, out]', direction: 'in,out' });
    expect(parseDirectionMarker('[salida] Puntero')).toEqual({ marker: '[salida]', direction: 'out' });
    expect(parseDirectionMarker('[entrant] x')).toEqual({ marker: '[entrant]', direction: 'in' });
    expect(parseDirectionMarker('[] x')).toEqual({ marker: '[]', direction: null });
    expect(parseDirectionMarker('[!NOTE]')).toEqual({ marker: null, direction: null });
    expect(parseDirectionMarker('An event.')).toEqual({ marker: null, direction: null });
  });

  it('finds the entries of a parameter list', () => {
    const lines = [' _hResult_', '  ', '> [in] Error code.', 'LR_SYNC', '> ', ' **pwcsz**', '> A string.', '_orphan_', 'text'];
    expect(parseParameterDocs(lines, 0, lines.length)).toEqual([
      { name: 'hResult', direction: 'in', marker: '[in]', index: 0 },
      { name: 'pwcsz', direction: null, marker: null, index: 5 },
    ]);
  });
});

describe('IIDs', () => {
  it('converts DEFINE_GUID arguments', () => {
    const parts = '0x5024a385, 0x2d44, 0x486a,  0x81, 0xa8, 0x8f, 0xe, 0xcb, 0x60, 0x71, 0xdd'.split(',');
    expect(guidFromParts(parts)).toBe('5024a385-2d44-486a-81a8-8f0ecb6071dd');
    expect(guidFromParts(['0x1ffffffff', ...parts.slice(1)])).toBeNull();
    expect(normalizeGuid('{4FDEEFF0-0319-11CF-B4CF-00AA0DBBB6E6}')).toBe('4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6');
    expect(normalizeGuid('nope')).toBeNull();
  });

  it('reads DEFINE_GUID and DEFINE_OLEGUID lines of code blocks only', () => {
    const page = parsePage(
      'c',
      [
        'DEFINE_GUID(IID_Prose, 0x1, 0x2, 0x3, 0, 0, 0, 0, 0, 0, 0, 0);',
        '```cpp',
        '// {D2D85DB4-840F-49B8-9982-07D2405EC6B7}',
        'DEFINE_GUID (IID_IOSTX, 0xd2d85db4,  0x840f, 0x49b8, 0x99, 0x82, 0x07, 0xd2, 0x40, 0x5e, 0xc6, 0xb7)',
        'DEFINE_OLEGUID(IID_IMAPIProgress, 0x0002031F, 0, 0);',
        '```',
      ].join('\n'),
    );
    const t = parseIidTable(page);
    expect([...t.keys()]).toEqual(['IID_IOSTX', 'IID_IMAPIProgress']);
    expect(t.get('IID_IOSTX')).toEqual({
      symbol: 'IID_IOSTX',
      guid: 'd2d85db4-840f-49b8-9982-07d2405ec6b7',
      comment: 'd2d85db4-840f-49b8-9982-07d2405ec6b7',
      line: 4,
    });
    expect(t.get('IID_IMAPIProgress')!.guid).toBe('0002031f-0000-0000-c000-000000000046');
  });
});

describe('spec JSON', () => {
  it('rejects what is not a spec document', () => {
    expect(() => parseSpec('[]')).toThrow('not a spec document: source');
    expect(() => parseSpec('{"source": 1, "interfaces": []}')).toThrow('not a spec document: source');
    expect(() => parseSpec('{"source": "x", "interfaces": [{"name": "I", "slots": [{"index": "3"}]}]}')).toThrow(
      'not a spec document: slot of I',
    );
    expect(() => parseSpec('{"source": "x", "interfaces": []}')).toThrow('not a spec document: structures');
    const empty = '"interfaces": [], "structures": [], "enums": [], "constants": [], "iids": [], "states": []';
    expect(() => parseSpec(`{"source": "x", ${empty.replace('"enums": []', '"enums": [{"name": "E", "members": [{"name": "A", "value": "1"}]}]')}}`)).toThrow(
      'not a spec document: member of E',
    );
    expect(() => parseSpec(`{"source": "x", ${empty.replace('"constants": []', '"constants": [{"name": "C", "value": "1"}]')}}`)).toThrow(
      'not a spec document: constant',
    );
  });

  it('writes declared fields only, in declared order, with a trailing newline', () => {
    const doc = {
      states: [{ url: 'u', parents: ['A'], extra: 2, identifier: 'B', structure: null }],
      interfaces: [],
      extra: 1,
      notes: [],
      source: 'x',
      structures: [],
      enums: [],
      constants: [],
      iids: [],
    } as unknown as SpecDocument;
    expect(serializeSpec(doc)).toBe(
      '{\n  "source": "x",\n  "interfaces": [],\n  "structures": [],\n  "enums": [],\n  "constants": [],\n  "iids": [],\n' +
        '  "states": [\n    {\n      "identifier": "B",\n      "structure": null,\n      "parents": [\n        "A"\n      ],\n      "url": "u"\n    }\n  ],\n  "notes": []\n}\n',
    );
  });
});
