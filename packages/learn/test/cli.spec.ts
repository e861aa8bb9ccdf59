import { join } from 'node:path';
import { main } from '../src/bin/extract-spec';
import { extractSpec, serializeSpec } from '../src';
import { FIXTURES } from './helpers';

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('extract-spec command', () => {
  it('prints the JSON of every interface page with --all', () => {
    const dir = join(FIXTURES, 'english');
    const r = run([dir, '--all', '--source', 'en-US']);
    expect(r).toEqual({ code: 0, out: serializeSpec(extractSpec(dir, { source: 'en-US' })), err: '' });
  });

  it('reads the replication interfaces by default', () => {
    const r = run([join(FIXTURES, 'english')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).interfaces).toEqual([]);
    expect(JSON.parse(r.out).notes.map((n: { message: string }) => n.message)).toContain('interface page not found');
  });

  it('fails on bad arguments and a missing folder', () => {
    expect(run([]).code).toBe(2);
    expect(run(['a', 'b']).code).toBe(2);
    const r = run([join(FIXTURES, 'nowhere')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`extract-spec: no docs folder at ${join(FIXTURES, 'nowhere')}\n`);
  });
});
