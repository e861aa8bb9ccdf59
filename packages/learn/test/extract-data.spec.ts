/**
 * Reading structures, enumerations, constants and state tables, in the three page formats (English,
 * translated Markdown, bilingual sxs), from small made-up pages written inline.
 */
import { cIntegerValue, parseEnums, parseStructs } from '../src';
import { readConstantsPage } from '../src/extract/constants-page';
import { readEnumPage } from '../src/extract/enum-page';
import { parsePage } from '../src/extract/page';
import { readStatePage, readStateTable } from '../src/extract/state-pages';
import { readStructurePage } from '../src/extract/structure-page';

/** A bilingual segment as live-sxs pages write it. */
const sxs = (id: string, translated: string, english: string): string =>
  `<span data-ttu-id="abcde-${id}">${translated}</span><span class="sxs-lookup"><span data-stu-id="abcde-${id}">${english}</span></span>`;

describe('C integer values', () => {
  it.each([
    ['0x00010000', 0x10000],
    ['17', 17],
    ['((ULONG) 0x00000800)', 0x800],
    ['0x1 | 0x4', 5],
    ['1 << 4', 16],
    ['(ULONG)-1', -1],
    ['0x10UL', 16],
    ['010', 8],
    ['-(2 + 3) * 2', -10],
  ])('%s is %d', (text, value) => {
    expect(cIntegerValue(text)).toBe(value);
  });

  it.each(['', '{ 0xE9, 0x2F }', '"text"', '1.5', '08', 'UNKNOWN', '(1', '1 +', '1 / 0'])('%j has no value', (text) => {
    expect(cIntegerValue(text)).toBeNull();
  });

  it('reads names through the lookup, and a parenthesized constant is no cast', () => {
    const lookup = (n: string) => ({ A: 2, B: 8 })[n];
    expect(cIntegerValue('A | B', lookup)).toBe(10);
    expect(cIntegerValue('(A) - 1', lookup)).toBe(1);
  });
});

describe('structure and enumeration declarations', () => {
  it('reads C++-style, tagged and anonymous typedef structures, arrays, pointers and const', () => {
    const code = [
      'struct UPHIER { ULONG ulFlags; LPSTREAM pstmReserved; UINT iEnt, *piEnt; };',
      'typedef struct _MAPISIB { ULONG ulSize; HANDLE *phSyncDoneEvent; } MAPISIB, *PMAPISIB',
      'typedef struct { BYTE abFlags[4]; ULONG const * pul; /* c */ void* p; } OLFI, *POLFI;',
    ].join('\n');
    expect(parseStructs(code).map((s) => [s.name, s.tag, s.fields.map((f) => `${f.type}|${f.name}`), s.notes])).toEqual([
      ['UPHIER', 'UPHIER', ['ULONG|ulFlags', 'LPSTREAM|pstmReserved', 'UINT|iEnt', 'UINT*|piEnt'], []],
      ['MAPISIB', '_MAPISIB', ['ULONG|ulSize', 'HANDLE*|phSyncDoneEvent'], ["the declaration of MAPISIB lacks its closing ';'"]],
      ['OLFI', null, ['BYTE[4]|abFlags', 'ULONG const*|pul', 'void*|p'], []],
    ]);
  });

  it('reads a member that runs type and name together as C does: a type, no name', () => {
    const [s] = parseStructs('struct UPTBLE { UINTiEntMod; UINT cEntMod; };');
    expect(s!.fields).toEqual([
      { name: '', type: 'UINTiEntMod' },
      { name: 'cEntMod', type: 'UINT' },
    ]);
    expect(s!.notes).toEqual(['member declaration "UINTiEntMod" has a type and no name']);
  });

  it('counts enumeration values as C does, gaps and a trailing comma included', () => {
    const [e] = parseEnums('typedef enum { A = 0, B, C, D = 8, E, F = D + 9, } SYNCSTATE;');
    expect(e!.name).toBe('SYNCSTATE');
    expect(e!.members.map((m) => `${m.name}=${m.value}`)).toEqual(['A=0', 'B=1', 'C=2', 'D=8', 'E=9', 'F=17']);
    expect(parseEnums('enum X { A = "s", B };')[0]!.members.map((m) => m.value)).toEqual([null, null]);
  });
});

describe('structure and enumeration pages', () => {
  const structure = (body: string) =>
    parsePage('upfld', `---\ntitle: UPFLD\n---\n# UPFLD\n\n\`\`\`cpp\nstruct UPFLD { ULONG ulFlags; LPMAPIFOLDER pfld; FEID feid; };\n\`\`\`\n\n${body}`);

  it('reads the code block and the name/value rows of flag tables in every format', () => {
    const english = structure('|Flag |Value |Description |\n|:--|:--|:--|\n|UPF_NEW <br/> |0x00000001 <br/> |New. |\n|UPF_OK |0x00010000 |Done. |\n');
    const translated = structure('||||\n|:--|:--|:--|\n|UPF_NEW <br/> |0x00000001 <br/> |Nouveau. |\n|UPF_OK |0x00010000 |Fait. |\n');
    const bilingual = structure(
      `||||\n|:--|:--|:--|\n|${sxs('1', 'UPF_NEW', 'UPF_NEW')} <br/> |${sxs('2', '0x00000001', '0x00000001')} <br/> |${sxs('3', 'Neu.', 'New.')} |\n` +
        `|${sxs('4', 'UPF_OK', 'UPF_OK')} |${sxs('5', '0x00010000', '0x00010000')} |${sxs('6', 'Fertig.', 'Done.')} |\n`,
    );
    for (const page of [english, translated, bilingual]) {
      const facts = readStructurePage(page);
      expect(facts.structure!.fields.map((f) => `${f.type} ${f.name}`)).toEqual(['ULONG ulFlags', 'LPMAPIFOLDER pfld', 'FEID feid']);
      expect(facts.values.map((v) => [v.name, v.value, v.text, v.section])).toEqual([
        ['UPF_NEW', 1, '0x00000001', 'upfld'],
        ['UPF_OK', 0x10000, '0x00010000', 'upfld'],
      ]);
      expect(facts.notes).toEqual([]);
    }
  });

  it('says when a page declares no structure or enumeration', () => {
    const page = parsePage('x', '# X\n\nNo code.\n');
    expect(readStructurePage(page)).toEqual({ structure: null, values: [], notes: ['no structure declaration in the code blocks'] });
    expect(readEnumPage(page)).toEqual({ enumeration: null, notes: ['no enumeration declaration in the code blocks'] });
  });
});

describe('the constants page', () => {
  const text = (heading: string, sub: string, row: string) =>
    [
      '---',
      'title: constants',
      '---',
      '# MAPI constants',
      '## Other API',
      '|Constant|Definition|',
      '|:--|:--|',
      '|OTHER_FLAG <br/> |0x00000004 <br/> |',
      `## ${heading}`,
      `### ${sub}`,
      '```cpp',
      'const MAPIUID g_muid =',
      ' { 0xE9, 0x2F };',
      '#define DEFINED_FLAG ((ULONG) 0x00000100)',
      '#define dispidRunTogether0x8005',
      '```',
      '',
      '|||',
      '|:--|:--|',
      row,
      '### <a name="interface-identifiers"></a>Ids',
      '```cpp',
      '//{d2d85db4-840f-49b8-9982-07d2405ec6b7}',
      'DEFINE_GUID (IID_IOSTX, 0xd2d85db4,  0x840f, 0x49b8, 0x99, 0x82, 0x07, 0xd2, 0x40, 0x5e, 0xc6, 0xb7)',
      '```',
    ].join('\n');

  it.each([
    ['English (sections from the heading text)', text('Replication API', 'Constants', '|DNH_OK  <br/> |0x00010000  <br/> |')],
    ['translated (sections from the anchors)', text('<a name="replication-api"></a>API de réplication', '<a name="constants"></a>Constantes', '|DNH_OK  <br/> |0x00010000  <br/> |')],
    [
      'bilingual',
      text(
        `<a name="replication-api"></a>${sxs('1', 'Replikations-API', 'Replication API')}`,
        `<a name="constants"></a>${sxs('2', 'Konstanten', 'Constants')}`,
        `|${sxs('3', 'DNH_OK', 'DNH_OK')}  <br/> |${sxs('4', '0x00010000', '0x00010000')}  <br/> |`,
      ),
    ],
  ])('%s', (_name, raw) => {
    const facts = readConstantsPage(parsePage('mapi-constants', raw));
    expect(facts.constants.map((c) => [c.name, c.value, c.text, c.section])).toEqual([
      ['OTHER_FLAG', 4, '0x00000004', 'other-api'],
      ['g_muid', null, '{ 0xE9, 0x2F }', 'replication-api/constants'],
      ['DEFINED_FLAG', 0x100, '((ULONG) 0x00000100)', 'replication-api/constants'],
      ['DNH_OK', 0x10000, '0x00010000', 'replication-api/constants'],
    ]);
    expect(facts.iids.map((i) => [i.name, i.guid, i.comment, i.section])).toEqual([
      ['IID_IOSTX', 'd2d85db4-840f-49b8-9982-07d2405ec6b7', 'd2d85db4-840f-49b8-9982-07d2405ec6b7', 'replication-api/interface-identifiers'],
    ]);
    expect(facts.notes).toEqual([
      { section: 'replication-api/constants', message: 'line 15: "#define dispidRunTogether0x8005" runs the name and the value together; no value read' },
    ]);
  });
});

describe('state tables and state pages', () => {
  const overview = (header: string, rows: string[]) => parsePage('about-the-state-machine', `# About\n\n${header}\n|:--|:--|:--|:--|\n${rows.join('\n')}\n`);

  it.each([
    [
      'English',
      overview('|**State** <br/> |**Data** <br/> |**State Identifier** <br/> |**Data Structure** <br/> |', [
        '|[Idle state](idle-state.md) <br/> | *None* <br/> |**LR_SYNC_IDLE** <br/> | *None* <br/> |',
        '|[Synchronize state](synchronize-state.md) <br/> |Folders <br/> |**LR_SYNC** <br/> |**[SYNC](sync.md)** <br/> |',
      ]),
    ],
    [
      'translated (title row in the body, structure link text translated)',
      overview('|||||', [
        '|**Estado** <br/> |**Datos** <br/> |**Identificador** <br/> |**Estructura** <br/> |',
        '|[Estado inactivo](idle-state.md) <br/> | *Ninguna* <br/> |**LR_SYNC_IDLE** <br/> | *Ninguna* <br/> |',
        '|[Estado de sincronización](synchronize-state.md) <br/> |Carpetas <br/> |**LR_SYNC** <br/> |**[Sincronizar](sync.md)** <br/> |',
      ]),
    ],
    [
      'bilingual',
      overview('|||||', [
        `|[${sxs('1', 'Leerlauf', 'Idle state')}](idle-state.md) <br/> | ${sxs('2', '*Keine*', '*None*')} <br/> |${sxs('3', '**LR_SYNC_IDLE**', '**LR_SYNC_IDLE**')} <br/> | ${sxs('4', '*Keine*', '*None*')} <br/> |`,
        `|[${sxs('5', 'Synchronisieren', 'Synchronize state')}](synchronize-state.md) <br/> |${sxs('6', 'Ordner', 'Folders')} <br/> |${sxs('7', '**LR_SYNC**', '**LR_SYNC**')} <br/> |${sxs('8', '**[SYNC](sync.md)**', '**[SYNC](sync.md)**')} <br/> |`,
      ]),
    ],
  ])('reads the state table: %s', (_name, page) => {
    expect(readStateTable(page)).toEqual({
      rows: [
        { page: 'idle-state', identifier: 'LR_SYNC_IDLE', structurePage: null, line: expect.any(Number) },
        { page: 'synchronize-state', identifier: 'LR_SYNC', structurePage: 'sync', line: expect.any(Number) },
      ],
      notes: [],
    });
  });

  const quickInfo = (labels: string[], values: string[]) =>
    parsePage('synchronize-state', `# S\n\n## Quick info\n\n|||\n|:--|:--|\n${labels.map((l, k) => `|${l} <br/> |${values[k]} <br/> |`).join('\n')}\n`);
  const values = [
    '**LR_SYNC**',
    '**[SYNC](sync.md)**',
    '[Idle state](idle-state.md)',
    '[Upload hierarchy state](upload-hierarchy-state.md), or idle state',
  ];

  it('reads a quick info table by position in any language, and checks English labels', () => {
    const english = quickInfo(['State Identifier:', 'Related Data Structure:', 'From this state:', 'To this state:'], values);
    const french = quickInfo(['Identificateur d’état :', 'Structure de données associée :', 'À partir de cet état :', 'À cet état :'], values);
    for (const page of [english, french]) {
      expect(readStatePage(page, 'LR_SYNC')).toEqual({ structurePage: 'sync', fromPages: ['idle-state'], toPages: ['upload-hierarchy-state'], notes: [] });
    }
    const swapped = quickInfo(['State Identifier:', 'Related Data Structure:', 'To this state:', 'From this state:'], values);
    expect(readStatePage(swapped, 'LR_SYNC')!.notes).toEqual([
      'quick info row 3 is labelled "to this state", expected "from this state"',
      'quick info row 4 is labelled "from this state", expected "to this state"',
    ]);
    expect(readStatePage(english, 'LR_SYNC_IDLE')).toBeNull();
  });
});
