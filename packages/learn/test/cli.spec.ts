import { join } from 'node:path';
import { main } from '../src/bin/extract-spec';
import { extractSpec, learnUrl, serializeSpec } from '../src';
import { FIXTURES, SPEC_CHECK_JSON } from './helpers';

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('extract-spec command', () => {
  it('prints the JSON of every interface page without --config', () => {
    const dir = join(FIXTURES, 'english');
    const r = run([dir, '--source', 'en-US']);
    expect(r).toEqual({ code: 0, out: serializeSpec(extractSpec(dir, { source: 'en-US' })), err: '' });
  });

  it('reads the pages a spec-check.json names, and fails naming every one it cannot read', () => {
    const r = run([join(FIXTURES, 'english'), '--config', SPEC_CHECK_JSON]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    // The fixture's constants page has no Replication API section: read, but without the facts needed.
    expect(lines.slice(0, 2)).toEqual([
      `extract-spec: ${join(FIXTURES, 'english', 'mapi-constants.md')}: defines no constant in section replication-api; needed as the constants page (${learnUrl('mapi-constants')})`,
      `extract-spec: ${join(FIXTURES, 'english', 'iostxiunknown.md')}: missing; needed as interface page (${learnUrl('iostxiunknown')})`,
    ]);
    expect(lines.slice(1).every((l) => /^extract-spec: .*\.md: missing; needed as /.test(l))).toBe(true);
    const bad = run([join(FIXTURES, 'english'), '--config', join(FIXTURES, 'english', 'mapi-constants.md')]);
    expect(bad).toEqual({ code: 1, out: '', err: `extract-spec: ${join(FIXTURES, 'english', 'mapi-constants.md')}:1:1: expected a value\n` });
  });

  it('fails on bad arguments and a missing folder', () => {
    expect(run([]).code).toBe(2);
    expect(run(['a', 'b']).code).toBe(2);
    const r = run([join(FIXTURES, 'nowhere')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`extract-spec: no docs folder at ${join(FIXTURES, 'nowhere')}\n`);
  });
});
