/**
 * The unions fixture used as a user would: `fixtures/unions/usage.ts` compiles, strict, against its generated
 * packages, so each [switch_is] union is discriminated (a wrong arm is an error, a test narrows) and each arm
 * without a field is kept, typed as holding nothing; its `@ts-expect-error` lines fail when the types are
 * too wide, and the valid lines when they are too narrow (a discriminant typed `never`).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compilePackages, FIXTURES, generateFixture } from './helpers';

it('the unions fixture types what its usage writes, and refuses what it marks as errors', () => {
  const packages = generateFixture('unions').filter((p) => p.kind === 'interfaces');
  const usage = { kind: 'interfaces' as const, directory: 'unions-usage', name: '@fixture/usage', files: [{ path: 'src/usage.ts', text: readFileSync(path.join(FIXTURES, 'unions', 'usage.ts'), 'utf8') }] };
  expect(compilePackages([...packages, usage])).toEqual([]);
});
