import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testTotals } from './count-tests.mjs';

test('sums Jest summaries (colours removed) and node test runner totals', () => {
  const log = [
    '> nx run @comidl/parser:test',
    'Tests:       40 passed, 40 total',
    '\u001b[1mTests:       \u001b[22m\u001b[1m\u001b[31m2 failed\u001b[39m\u001b[22m, 1 skipped, 7 passed, 10 total',
    'Tests: 3 todo, 3 total',
    '# tests 5',
    '# pass 4',
    '# fail 0',
    '# skipped 1',
    'ℹ tests 2',
    'ℹ pass 2',
  ].join('\n');
  assert.deepEqual(testTotals(log), { suites: 5, total: 60, passed: 53, failed: 2, skipped: 5 });
});

test('no summary at all counts nothing', () => {
  assert.deepEqual(testTotals('npm ERR! missing script: test\n'), { suites: 0, total: 0, passed: 0, failed: 0, skipped: 0 });
});
