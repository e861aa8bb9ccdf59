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
  checked: { interfaces: number; slots: number; parameters: number };
  differences: {
    kind: string;
    interfaceName: string;
    slot: number | null;
    location: { file: string; line: number; column: number } | null;
    url: string;
    message: string;
  }[];
}

const docs = (variant: string) => path.join(DOCS_ROOT, variant);

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
  if (figures.length) console.log(`spec-check figures (interfaces, slots, parameters checked):\n${figures.join('\n')}`);
});

describeWithDocs('comidl spec-check', () => {
  it('finds the seven docs variants', () => {
    expect(readdirSync(DOCS_ROOT).filter((v) => existsSync(path.join(DOCS_ROOT, v, 'iostxiunknown.md'))).sort()).toEqual([...DOCS_VARIANTS].sort());
  });

  describe.each(DOCS_VARIANTS)('idl/mapi-sync/mapi-sync.idl --docs %s', (variant) => {
    it('passes: exit 0, the five interfaces, 29 slots, 33 parameters', () => {
      const r = cli('spec-check', MAPI_SYNC_IDL, '--docs', docs(variant));
      expect(r).toEqual({
        code: 0,
        stdout: `spec-check: ${MAPI_SYNC_IDL} matches ${docs(variant)} (${variant}): 5 interfaces, 29 slots, 33 parameters\n`,
        stderr: '',
      });
    });

    it('--json: one object with the file, docs, source, counts and no differences', () => {
      const r = cli('spec-check', '--json', '--docs', docs(variant), MAPI_SYNC_IDL);
      expect(r.code).toBe(0);
      expect(r.stdout.endsWith('}\n') && r.stdout.trimEnd().split('\n').length === 1).toBe(true);
      const out = JSON.parse(r.stdout) as SpecCheckJson;
      expect(Object.keys(out)).toEqual(['file', 'docs', 'source', 'checked', 'differences']);
      expect(out).toEqual({
        file: MAPI_SYNC_IDL,
        docs: docs(variant),
        source: variant,
        checked: { interfaces: 5, slots: 29, parameters: 33 },
        differences: [],
      });
      figures.push(`  ${variant.padEnd(10)} ${out.checked.interfaces} interfaces, ${out.checked.slots} slots, ${out.checked.parameters} parameters`);
    });
  });

  describe('broken copies of the IDL fail with exit 1, the IDL file:line:col and the doc page', () => {
    const syncEnd = 'HRESULT SyncEnd(void);';
    const syncHdrBeg = 'HRESULT SyncHdrBeg(\n        [in] ULONG cbeid,\n        [in] LPENTRYID lpeid,\n        [in, out] LPVOID *ppv);';
    type Break = 'swapped' | 'placeholderDropped' | 'parameterRenamed' | 'iidChanged';
    /** Each break: a fresh copy of idl/ with one edit in ostx.idl; its mapi-sync.idl and ostx.idl. */
    const breaks = {} as Record<Break, { entry: string; ostx: string }>;
    const edits: Record<Break, (ostx: string) => void> = {
      swapped: (f) => {
        editOnce(f, syncEnd, '@@SYNC_END@@');
        editOnce(f, syncHdrBeg, syncEnd);
        editOnce(f, '@@SYNC_END@@', syncHdrBeg);
      },
      // IPSTX's slot 7; slots 5-8 are placeholders.
      placeholderDropped: (f) => editOnce(f, '    [local, restricted, hidden] HRESULT Placeholder7(void);\n', ''),
      parameterRenamed: (f) => editOnce(f, '[in] HRESULT hrSync);', '[in] HRESULT hrResult);'),
      iidChanged: (f) => editOnce(f, 'uuid(d2d85db4-840f-49b8-9982-07d2405ec6b7)', 'uuid(d2d85db4-840f-49b8-9982-07d2405ec6b8)'),
    };
    tempDir('spec-check', (dir) => {
      for (const [name, edit] of Object.entries(edits) as [Break, (ostx: string) => void][]) {
        const idl = copyIdl(path.join(dir, name));
        const ostx = path.join(idl, 'mapi-sync/ostx.idl');
        edit(ostx);
        breaks[name] = { entry: path.join(idl, 'mapi-sync/mapi-sync.idl'), ostx };
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
        expect(json.differences.map((d) => [d.kind, d.interfaceName, d.slot])).toEqual([
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
        expect(json.differences.every((d) => d.interfaceName === 'IPSTX')).toBe(true);
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
        expect(json.differences.map((d) => [d.kind, d.interfaceName])).toEqual([['iid', 'IOSTX']]);
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
