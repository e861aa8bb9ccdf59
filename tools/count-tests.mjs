#!/usr/bin/env node
// Sums the test counts of a test run's output (`npm test 2>&1 | tee LOG`): every Jest summary line
// (`Tests:       2 failed, 1 skipped, 40 passed, 43 total`, one per project Nx ran, replayed from its cache
// too) and node's test runner totals (`# tests 12` / `ℹ tests 12`, with pass, fail, skipped). Prints one line;
// exit 1 when the output holds no count at all (the run printed nothing to count: something is wrong).
//
//   node tools/count-tests.mjs LOG
//
// (Not named test-*.mjs: node --test would take it for a test file.)

import fs from 'node:fs';

/** The totals of a run's output: `{ suites, total, passed, failed, skipped }` (suites: summaries found). */
export function testTotals(text) {
  const t = { suites: 0, total: 0, passed: 0, failed: 0, skipped: 0 };
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  for (const m of plain.matchAll(/^Tests:\s+(.*\d+ total)\s*$/gm)) {
    t.suites++;
    for (const [, n, what] of m[1].matchAll(/(\d+) (passed|failed|skipped|todo|total)/g)) {
      if (what === 'todo') t.skipped += Number(n);
      else t[what] += Number(n);
    }
  }
  const node = { tests: 0, pass: 0, fail: 0, skipped: 0, todo: 0 };
  for (const m of plain.matchAll(/^(?:#|ℹ) (tests|pass|fail|skipped|todo) (\d+)\s*$/gm)) node[m[1]] += Number(m[2]);
  if (plain.match(/^(?:#|ℹ) tests \d+\s*$/m)) {
    t.suites += (plain.match(/^(?:#|ℹ) tests \d+\s*$/gm) ?? []).length;
    t.total += node.tests;
    t.passed += node.pass;
    t.failed += node.fail;
    t.skipped += node.skipped + node.todo;
  }
  return t;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node tools/count-tests.mjs LOG\n');
    process.exit(1);
  }
  const t = testTotals(fs.readFileSync(file, 'utf8'));
  process.stdout.write(`tests: ${t.total} ran in ${t.suites} test runs: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped\n`);
  process.exitCode = t.suites === 0 ? 1 : 0;
}
