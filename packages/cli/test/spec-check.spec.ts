/**
 * `comidl spec-check`: our IDL matches every variant of Microsoft's reference pages; deliberately broken
 * copies of it fail with the IDL position and the doc page of each difference.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli, copyIdl, describeWithDocs, DOCS_ROOT, DOCS_VARIANTS, editOnce, lineOf, MAPI_SYNC_IDL, STACK_TRACE, tempDir } from './helpers';

interface SpecCheckJson {
  file: string;
  docs: string;
  source: string;
  checked: Record<(typeof COUNTED)[number], number>;
  departures: { kind: string; declaration: string; docs: string; idl: string; location: unknown; url: string; reason: string; spec: string | null }[];
  differences: {
    kind: string;
    declaration: string;
    slot: number | null;
    location: { file: string; line: number; column: number } | null;
    url: string;
    message: string;
    docs: string;
    idl: string;
  }[];
}

const docs = (variant: string) => path.join(DOCS_ROOT, variant);

const COUNTED = ['interfaces', 'slots', 'parameters', 'structures', 'fields', 'enumMembers', 'constants', 'iids', 'states'] as const;
/** What the pages define, the same in every variant (the figures the issue asks for). */
const CHECKED = { interfaces: 5, slots: 29, parameters: 33, structures: 23, fields: 130, enumMembers: 12, constants: 63, iids: 11, states: 12 };
const CHECKED_TEXT =
  '5 interfaces, 29 slots, 33 parameters, 23 structures, 130 members, 12 enum members, 63 constants, 11 IIDs, 12 states';
const SPEC_CHECK_JSON = path.join(path.dirname(MAPI_SYNC_IDL), 'spec-check.json');

/** The differences idl/mapi-sync/spec-check.json documents, as [declaration, kind, docs, idl]. */
function documentedDepartures(): string[][] {
  const config = JSON.parse(readFileSync(SPEC_CHECK_JSON, 'utf8')) as { departures: { differences: Record<string, string>[] }[] };
  return config.departures.flatMap((d) => d.differences.map((e) => [e['declaration']!, e['kind']!, e['docs']!, e['idl']!]));
}

/** The Learn URL prefix of a variant: none for en-US, the lowercase locale for the others. */
function urlPrefix(variant: string): string {
  const locale = variant.replace(/-sxs$/, '').toLowerCase();
  return `https://learn.microsoft.com/${locale === 'en-us' ? '' : `${locale}/`}office/client-developer/outlook/mapi/`;
}

/** The line where the declaration on the line containing `needle` starts: the `[` of its attribute list. */
function declarationStart(file: string, needle: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  let i = lineOf(file, needle) - 1;
  while (i > 0 && lines[i] !== '[') i--;
  return i + 1;
}

/** Figures per variant, printed once at the end. */
const figures: string[] = [];
afterAll(() => {
  if (figures.length) console.log(`spec-check figures (facts checked per variant):\n${figures.join('\n')}`);
});

describeWithDocs('comidl spec-check', () => {
  it('finds the seven docs variants', () => {
    expect(readdirSync(DOCS_ROOT).filter((v) => existsSync(path.join(DOCS_ROOT, v, 'iostxiunknown.md'))).sort()).toEqual([...DOCS_VARIANTS].sort());
  });

  describe.each(DOCS_VARIANTS)('idl/mapi-sync/mapi-sync.idl --docs %s', (variant) => {
    it('passes: exit 0, everything the pages define checked, the documented departures and nothing else', () => {
      const r = cli('spec-check', MAPI_SYNC_IDL, '--docs', docs(variant));
      const departures = documentedDepartures().length;
      expect(r).toEqual({
        code: 0,
        stdout: `spec-check: ${MAPI_SYNC_IDL} matches ${docs(variant)} (${variant}): ${CHECKED_TEXT}; ${departures} documented departure(s) (${SPEC_CHECK_JSON})\n`,
        stderr: '',
      });
    });

    it('--json: one object with the file, docs, source, counts, the departures taken and no differences', () => {
      const r = cli('spec-check', '--json', '--docs', docs(variant), MAPI_SYNC_IDL);
      expect(r.code).toBe(0);
      expect(r.stdout.endsWith('}\n') && r.stdout.trimEnd().split('\n').length === 1).toBe(true);
      const out = JSON.parse(r.stdout) as SpecCheckJson;
      expect(Object.keys(out)).toEqual(['file', 'docs', 'source', 'checked', 'departures', 'differences']);
      expect({ ...out, departures: [] }).toEqual({
        file: MAPI_SYNC_IDL,
        docs: docs(variant),
        source: variant,
        checked: CHECKED,
        departures: [],
        differences: [],
      });
      // Every documented departure is taken, once, and each names its reason and page.
      expect(out.departures.map((d) => [d.declaration, d.kind, d.docs, d.idl])).toEqual(documentedDepartures());
      for (const d of out.departures) {
        expect(d.reason.length).toBeGreaterThan(20);
        expect(d.url.startsWith(urlPrefix(variant))).toBe(true);
      }
      figures.push(`  ${variant.padEnd(10)} ${COUNTED.map((k) => `${out.checked[k]} ${k}`).join(', ')}`);
    });
  });

  describe('broken copies of the IDL fail with exit 1, the IDL file:line:col and the doc page', () => {
    const syncEnd = 'HRESULT SyncEnd(void);';
    const syncHdrBeg = 'HRESULT SyncHdrBeg(\n        [in] ULONG cbeid,\n        [in] LPENTRYID lpeid,\n        [in, out] LPVOID *ppv);';
    type Break =
      | 'swapped'
      | 'placeholderDropped'
      | 'parameterRenamed'
      | 'iidChanged'
      | 'fieldRenamed'
      | 'fieldsSwapped'
      | 'constantChanged'
      | 'enumMemberMissing';
    /** Each break: a fresh copy of idl/ with one edit in one file of idl/mapi-sync; its mapi-sync.idl and the edited file. */
    const breaks = {} as Record<Break, { entry: string; ostx: string; file: string }>;
    const syncContIEnt = '    /** [out] Index over the cEnt folders. */\n    UINT iEnt;\n    /** [out] Number of folders to replicate. */\n    UINT cEnt;';
    const edits: Record<Break, [string, (file: string) => void]> = {
      swapped: [
        'ostx.idl',
        (f) => {
          editOnce(f, syncEnd, '@@SYNC_END@@');
          editOnce(f, syncHdrBeg, syncEnd);
          editOnce(f, '@@SYNC_END@@', syncHdrBeg);
        },
      ],
      // IPSTX's slot 7; slots 5-8 are placeholders.
      placeholderDropped: ['ostx.idl', (f) => editOnce(f, '    [local, restricted, hidden] HRESULT Placeholder7(void);\n', '')],
      parameterRenamed: ['ostx.idl', (f) => editOnce(f, '[in] HRESULT hrSync);', '[in] HRESULT hrResult);')],
      iidChanged: ['ostx.idl', (f) => editOnce(f, 'uuid(d2d85db4-840f-49b8-9982-07d2405ec6b7)', 'uuid(d2d85db4-840f-49b8-9982-07d2405ec6b8)')],
      fieldRenamed: ['repltypes.idl', (f) => editOnce(f, '    LPWSTR pwzPath;', '    LPWSTR pwzPathName;')],
      fieldsSwapped: [
        'repltypes.idl',
        (f) => editOnce(f, syncContIEnt, '    /** [out] Number of folders to replicate. */\n    UINT cEnt;\n    /** [out] Index over the cEnt folders. */\n    UINT iEnt;'),
      ],
      constantChanged: ['replconst.idl', (f) => editOnce(f, 'const ULONG DNH_OK = 0x00010000;', 'const ULONG DNH_OK = 0x00020000;')],
      enumMemberMissing: [
        'repltypes.idl',
        (f) => editOnce(f, '    /** 11: download table; structure DNTBL. @see https://learn.microsoft.com/office/client-developer/outlook/mapi/download-table-state */\n    LR_SYNC_DOWNLOAD_TABLE,\n', ''),
      ],
    };
    tempDir('spec-check', (dir) => {
      for (const [name, [file, edit]] of Object.entries(edits) as [Break, [string, (f: string) => void]][]) {
        const idl = copyIdl(path.join(dir, name));
        const edited = path.join(idl, 'mapi-sync', file);
        edit(edited);
        breaks[name] = { entry: path.join(idl, 'mapi-sync/mapi-sync.idl'), ostx: path.join(idl, 'mapi-sync/ostx.idl'), file: edited };
      }
    });

    /** Runs the check in text and JSON form; both must agree and fail. */
    function check(entry: string, variant: string): { lines: string[]; json: SpecCheckJson } {
      const text = cli('spec-check', entry, '--docs', docs(variant));
      const json = cli('spec-check', entry, '--docs', docs(variant), '--json');
      expect({ text: text.code, json: json.code }).toEqual({ text: 1, json: 1 });
      expect(text.stderr + json.stderr).toBe('');
      expect(text.stdout + json.stdout).not.toMatch(STACK_TRACE);
      const lines = text.stdout.trimEnd().split('\n');
      const parsed = JSON.parse(json.stdout) as SpecCheckJson;
      expect(lines.at(-1)).toBe(`spec-check: ${parsed.differences.length} difference(s) between ${entry} and ${docs(variant)}`);
      expect(lines.slice(0, -1)).toHaveLength(parsed.differences.length);
      // Every difference is `file:line:col: message (url)` with the doc page of that variant.
      for (const d of parsed.differences) {
        expect(d.location).not.toBeNull();
        expect(d.url.startsWith(urlPrefix(variant))).toBe(true);
        expect(lines).toContain(`${d.location!.file}:${d.location!.line}:${d.location!.column}: ${d.message} (${d.url})`);
        expect(d.kind).not.toBe('stale-departure');
      }
      return { lines: lines.slice(0, -1), json: parsed };
    }

    describe.each(DOCS_VARIANTS)('--docs %s', (variant) => {
      const url = (page: string) => `${urlPrefix(variant)}${page}`;

      it('two slots swapped (IOSTX SyncEnd and SyncHdrBeg)', () => {
        const { ostx, entry } = breaks.swapped;
        const { lines, json } = check(entry, variant);
        expect(lines).toEqual([
          `${ostx}:${lineOf(ostx, 'HRESULT SyncHdrBeg(')}:5: slot 6 is SyncHdrBeg, docs have SyncEnd (${url('iostx-syncend')})`,
          `${ostx}:${lineOf(ostx, syncEnd)}:5: slot 7 is SyncEnd, docs have SyncHdrBeg (${url('iostx-synchdrbeg')})`,
        ]);
        expect(json.differences.map((d) => [d.kind, d.declaration, d.slot])).toEqual([
          ['slot-name', 'IOSTX', 6],
          ['slot-name', 'IOSTX', 7],
        ]);
      });

      it('a placeholder dropped (IPSTX slot 7)', () => {
        const { ostx, entry } = breaks.placeholderDropped;
        const { lines, json } = check(entry, variant);
        const emulate = `${ostx}:${lineOf(ostx, 'HRESULT EmulateSpooler(')}:5`;
        expect(lines).toEqual([
          `${ostx}:${declarationStart(ostx, 'interface IPSTX')}:1: IPSTX has 11 methods after IUnknown, docs have 12 (${url('ipstxiunknown')})`,
          `${emulate}: docs have 4 placeholder slots at 5-8, the IDL has 3 (${url('ipstxiunknown')})`,
          `${emulate}: slot 8 is EmulateSpooler, docs have it at slot 9 (${url('ipstx-emulatespooler')})`,
        ]);
        expect(json.differences.every((d) => d.declaration === 'IPSTX')).toBe(true);
      });

      it('a parameter renamed (IOSTX::SetSyncResult hrSync)', () => {
        const { ostx, entry } = breaks.parameterRenamed;
        const { lines, json } = check(entry, variant);
        expect(lines).toEqual([
          `${ostx}:${lineOf(ostx, 'HRESULT SetSyncResult(')}:5: IOSTX::SetSyncResult parameter 1 is hrResult, docs have hrSync (${url('iostx-setsyncresult')})`,
        ]);
        expect(json.differences.map((d) => [d.kind, d.slot])).toEqual([['param-name', 9]]);
      });

      it('an IID changed (IOSTX)', () => {
        const { ostx, entry } = breaks.iidChanged;
        const { lines, json } = check(entry, variant);
        // The interface's position is where its declaration starts: the `[` of its attribute list.
        const start = declarationStart(ostx, 'interface IOSTX');
        expect(lines).toEqual([
          `${ostx}:${start}:1: IOSTX has IID d2d85db4-840f-49b8-9982-07d2405ec6b8, docs have d2d85db4-840f-49b8-9982-07d2405ec6b7 (${url('mapi-constants')})`,
        ]);
        expect(json.differences.map((d) => [d.kind, d.declaration])).toEqual([['iid', 'IOSTX']]);
      });

      it('a structure member renamed (SYNC pwzPath)', () => {
        const { file, entry } = breaks.fieldRenamed;
        const { lines, json } = check(entry, variant);
        expect(lines).toEqual([
          `${file}:${lineOf(file, 'LPWSTR pwzPathName;')}:5: SYNC member 2 is LPWSTR pwzPathName, docs have LPWSTR pwzPath (${url('sync')})`,
        ]);
        expect(json.differences.map((d) => [d.kind, d.declaration, d.docs, d.idl])).toEqual([['field-name', 'SYNC', 'LPWSTR pwzPath', 'LPWSTR pwzPathName']]);
      });

      it('two structure members swapped (SYNCCONT iEnt and cEnt)', () => {
        const { file, entry } = breaks.fieldsSwapped;
        const { lines, json } = check(entry, variant);
        const syncCont = readFileSync(file, 'utf8').split('\n');
        const start = syncCont.findIndex((l) => l === 'typedef struct _SYNCCONT');
        const at = (member: string) => start + 1 + syncCont.slice(start).findIndex((l) => l === `    UINT ${member};`);
        expect(lines).toEqual([
          `${file}:${at('cEnt')}:5: SYNCCONT member 2 is UINT cEnt, docs have UINT iEnt (${url('synccont')})`,
          `${file}:${at('iEnt')}:5: SYNCCONT member 3 is UINT iEnt, docs have UINT cEnt (${url('synccont')})`,
        ]);
        expect(json.differences.map((d) => d.kind)).toEqual(['field-name', 'field-name']);
      });

      it('a constant value changed (DNH_OK)', () => {
        const { file, entry } = breaks.constantChanged;
        const { lines, json } = check(entry, variant);
        expect(lines).toEqual([`${file}:${lineOf(file, 'const ULONG DNH_OK')}:1: DNH_OK is 0x00020000, docs have 0x00010000 (${url('mapi-constants')})`]);
        expect(json.differences.map((d) => [d.kind, d.declaration, d.docs, d.idl])).toEqual([['constant-value', 'DNH_OK', '0x00010000', '0x00020000']]);
      });

      it('an enumeration member missing (SYNCSTATE LR_SYNC_DOWNLOAD_TABLE), and with it a state', () => {
        const { file, entry } = breaks.enumMemberMissing;
        const { lines, json } = check(entry, variant);
        const enumStart = readFileSync(file, 'utf8').split('\n').findIndex((l) => l === 'typedef enum') + 1;
        expect(lines).toEqual([
          `${file}:${enumStart}:1: SYNCSTATE has no member LR_SYNC_DOWNLOAD_TABLE, docs have LR_SYNC_DOWNLOAD_TABLE = 11 (${url('syncstate')})`,
          `${file}:${enumStart}:1: state LR_SYNC_DOWNLOAD_TABLE is no member of SYNCSTATE (${url('download-table-state')})`,
        ]);
        expect(json.differences.map((d) => [d.kind, d.declaration])).toEqual([
          ['enum-member-missing', 'SYNCSTATE'],
          ['missing-state', 'LR_SYNC_DOWNLOAD_TABLE'],
        ]);
      });
    });
  });

  describe('wrong usage: exit 2', () => {
    it.each([
      [['spec-check', MAPI_SYNC_IDL], /^comidl spec-check: expected one FILE\.idl and --docs DIR\n/],
      [['spec-check', '--docs', docs('en-US')], /^comidl spec-check: expected one FILE\.idl and --docs DIR\n/],
      [['spec-check', MAPI_SYNC_IDL, '--docs'], /^comidl: option --docs needs a value\n/],
      [['spec-check', MAPI_SYNC_IDL, '--docs', path.join(DOCS_ROOT, 'xx-XX')], /^comidl spec-check: docs folder '.*xx-XX' does not exist\n$/],
      // The parent of the variants holds no pages itself: it must not pass as a match.
      [['spec-check', MAPI_SYNC_IDL, '--docs', DOCS_ROOT], /^comidl spec-check: no interface reference pages in '.*'\n$/],
    ])('%j', (argv, message) => {
      const r = cli(...argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });

    it('--docs=DIR works like --docs DIR', () => {
      expect(cli('spec-check', `--docs=${docs('en-US')}`, MAPI_SYNC_IDL).code).toBe(0);
    });
  });

  describe('an IDL with errors', () => {
    const tmp = tempDir('spec-check-errors');

    it('prints the diagnostics and exits 1, without comparing', () => {
      const idl = copyIdl(tmp);
      const ostx = path.join(idl, 'mapi-sync/ostx.idl');
      editOnce(ostx, '[in] HRESULT hrSync);', '[in] HRESULTX hrSync);');
      const r = cli('spec-check', path.join(idl, 'mapi-sync/mapi-sync.idl'), '--docs', docs('en-US'));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(`${ostx}:${lineOf(ostx, 'HRESULTX hrSync')}:14: error M001: unknown type 'HRESULTX'`);
    });
  });
});
