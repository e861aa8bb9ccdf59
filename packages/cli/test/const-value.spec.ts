/**
 * A `const` whose value is not a constant expression (M015) stops `vtable`, `check` and `generate` with the
 * error at its location, exit 1, nothing written; before M015 generation wrote a comment and succeeded.
 */
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliIn, STACK_TRACE, tempDir } from './helpers';

const IDL = `typedef unsigned long ULONG;
const ULONG GOOD = 4;
const ULONG ZERO = GOOD / 0;
const ULONG UNKNOWN = GOOD + NOT_DECLARED;
`;

describe('M015: a const that is not a constant expression', () => {
  const dir = tempDir('const-value', (d) => writeFileSync(path.join(d, 'consts.idl'), IDL));
  const located = [
    "consts.idl:3:20: error M015: the value of const ZERO is not a constant expression: it divides by zero",
    "consts.idl:4:30: error M015: the value of const UNKNOWN is not a constant expression: 'NOT_DECLARED' names no constant, enum member or type",
  ];

  it.each([
    ['vtable', ['vtable', 'consts.idl']],
    ['check', ['check', '--idl', 'consts.idl', '--out', 'out', '--scope', '@c', '--name', 'consts']],
    ['generate', ['generate', '--idl', 'consts.idl', '--out', 'out', '--scope', '@c', '--name', 'consts']],
  ])('%s: located errors, exit 1, nothing written', (_name, argv) => {
    const r = cliIn(dir, ...argv);
    const output = r.stdout + r.stderr;
    for (const line of located) expect(output).toContain(line);
    expect(output).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(1);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
