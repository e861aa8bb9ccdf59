/**
 * `src/cst.d.ts` is what `generateCstDts` makes of the grammar, after its one `// @generated` header line.
 * `UPDATE_BASELINES=1 npx jest cst-dts` (or `UPDATE_CST_DTS=1`) rewrites it, keeping the header.
 */
import { generateCstDts } from 'chevrotain';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MidlParser } from '../src/parser';
import { UPDATE } from './helpers';

const CST_DTS = join(__dirname, '../src/cst.d.ts');

it('src/cst.d.ts matches the grammar', () => {
  const current = readFileSync(CST_DTS, 'utf8');
  const header = current.slice(0, current.indexOf('\n') + 1);
  expect(header).toMatch(/^\/\/ @generated /);
  const fresh = header + generateCstDts(new MidlParser().getGAstProductions());
  if ((UPDATE || process.env['UPDATE_CST_DTS'] === '1') && fresh !== current) writeFileSync(CST_DTS, fresh);
  else expect(current).toBe(fresh);
});
