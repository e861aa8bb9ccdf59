/** Chevrotain is loaded from its one-file bundle, which must be where the parser looks for it. */
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bundleOf, chevrotain } from '../src/chevrotain-runtime';

it('finds the bundle beside the entry point Node resolves', () => {
  // Node's own resolution, in a plain node process: the test runner maps `chevrotain` to the bundle already.
  const entry = execFileSync(process.execPath, ['-p', "require.resolve('chevrotain')"], { cwd: __dirname, encoding: 'utf8' }).trim();
  expect(entry).not.toMatch(/\.mjs$/);
  const bundle = bundleOf(entry);
  expect(bundle).toBe(join(entry, '..', '..', 'chevrotain.mjs'));
  expect(existsSync(bundle)).toBe(true);
  // The same release as the entry: the bundle names the version the package declares.
  const version = JSON.parse(readFileSync(join(entry, '..', '..', '..', 'package.json'), 'utf8')).version as string;
  expect(readFileSync(bundle, 'utf8')).toContain(version);
});

it('provides the parts the parser uses', () => {
  for (const name of ['CstParser', 'Lexer', 'createToken', 'tokenMatcher', 'EOF'] as const) expect(chevrotain[name]).toBeDefined();
});
