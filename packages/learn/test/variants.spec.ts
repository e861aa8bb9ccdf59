import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVariants, extractSpec, learnUrl, readSpec, SpecPagesError, summarizeSpec } from '../src';
import { FIXTURES } from './helpers';

describe('variant differences', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'comidl-spec-'));
  });
  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  /** A copy of a fixture folder, named like a docs variant. */
  function copy(format: string, name: string): string {
    const dir = join(tmp, name);
    cpSync(join(FIXTURES, format), dir, { recursive: true });
    return dir;
  }

  function edit(file: string, from: string, to: string): void {
    const text = readFileSync(file, 'utf8');
    if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
    writeFileSync(file, text.replace(from, to));
  }

  it('reports an older translation whose signature differs', () => {
    const en = extractSpec(join(FIXTURES, 'english'), { source: 'en-US' });
    const dir = copy('sxs', 'de-DE-sxs');
    edit(join(dir, 'idemosync-begin.md'), '    ULONG ulFlags, \n    LPVOID *ppv ', '    LPVOID *ppv ');
    edit(join(dir, 'idemocallbackiunknown.md'), '](idemocallback-error.md)', '](idemocallback-done.md)');
    const de = extractSpec(dir);
    expect(de.source).toBe('de-DE-sxs');
    const url = (p: string): string => learnUrl(p, 'de-DE');
    expect(compareVariants(en, de)).toEqual([
      {
        declaration: 'IDemoCallback',
        slot: 4,
        url: url('idemocallback-done'),
        message: 'de-DE-sxs: IDemoCallback slot 4 is Done, en-US has Error',
      },
      {
        declaration: 'IDemoSync',
        slot: 3,
        url: url('idemosync-begin'),
        message: 'de-DE-sxs: IDemoSync slot 3 Begin has 1 parameters, en-US has 2',
      },
      {
        declaration: 'IDemoSync',
        slot: 3,
        url: url('idemosync-begin'),
        message: 'de-DE-sxs: IDemoSync slot 3 Begin parameter 1 is LPVOID* ppv, en-US has ULONG ulFlags',
      },
    ]);
  });

  it('refuses a spec whose method page is missing, naming the page; readSpec names the slot from the link target', () => {
    const dir = copy('sxs', 'de-DE-sxs');
    unlinkSync(join(dir, 'idemosync-report.md'));
    const problem = {
      page: 'idemosync-report',
      file: join(dir, 'idemosync-report.md'),
      reason: 'missing',
      message: 'missing',
      url: learnUrl('idemosync-report', 'de-DE'),
      neededFor: 'the method page of IDemoSync slot 6 (linked from idemosynciunknown)',
    };
    expect(() => extractSpec(dir)).toThrow(SpecPagesError);
    expect(() => extractSpec(dir)).toThrow(`${join(dir, 'idemosync-report.md')}: missing; needed as ${problem.neededFor} (${problem.url})`);
    const { spec: de, problems } = readSpec(dir);
    expect(problems).toEqual([problem]);
    const slot = de.interfaces.find((i) => i.name === 'IDemoSync')!.slots[3]!;
    expect(slot).toEqual({
      index: 6,
      name: 'Report',
      placeholder: false,
      url: learnUrl('idemosync-report', 'de-DE'),
      signature: null,
    });

    const fr = copy('translated', 'fr-FR');
    unlinkSync(join(fr, 'idemosync-report.md'));
    // the translated link text "IDemoSync::Signaler" cannot spell the name: the target's lowercase is used
    expect(readSpec(fr).spec.interfaces.find((i) => i.name === 'IDemoSync')!.slots[3]!.name).toBe('report');
  });

  it('names a page that is a directory or a FIFO instead of reading it', () => {
    const dir = copy('english', 'en-US');
    rmSync(join(dir, 'idemosync-end.md'));
    mkdirSync(join(dir, 'idemosync-end.md'));
    rmSync(join(dir, 'mapi-constants.md'));
    execFileSync('mkfifo', [join(dir, 'mapi-constants.md')]);
    const { problems } = readSpec(dir);
    expect(problems.map((p) => [p.page, p.reason, p.message, p.neededFor])).toEqual([
      ['mapi-constants', 'not-a-file', 'is a FIFO, not a regular file', 'the constants page'],
      ['idemosync-end', 'not-a-file', 'is a directory, not a regular file', 'the method page of IDemoSync slot 4 (linked from idemosynciunknown)'],
    ]);
  });

  it('finds the vtable table without its heading and reads unlinked rows as placeholders', () => {
    const dir = copy('english', 'en-US');
    edit(join(dir, 'idemosynciunknown.md'), '## Vtable order', '## Methods');
    edit(join(dir, 'idemosynciunknown.md'), '| *Placeholder member*  <br/> | *Not supported or documented.*  <br/> |\n|**', '| Reserved <br/> | Unused. |\n|**');
    const doc = extractSpec(dir);
    const sync = doc.interfaces.find((i) => i.name === 'IDemoSync')!;
    expect(sync.slots.map((s) => (s.placeholder ? '-' : s.name))).toEqual(['Begin', 'End', '-', 'Report', '-']);
    expect(doc.notes.map((n) => n.message)).toContain(
      'vtable row at line 30 has no link and is not marked as a placeholder ("Reserved"); read as a placeholder',
    );
  });

  it('summarizes what a document holds', () => {
    expect(summarizeSpec(extractSpec(join(FIXTURES, 'english'), { source: 'en-US' }))).toEqual({
      interfaces: 2,
      slots: 7,
      placeholders: 2,
      signatures: 5,
      parameters: 9,
      directions: 5,
      interfaceIids: 2,
      structures: 0,
      fields: 0,
      enumMembers: 0,
      constants: 0,
      iids: 3,
      states: 0,
      notes: 2,
    });
  });
});
