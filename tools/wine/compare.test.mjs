import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareFile, firstDifference, summarize } from './compare.mjs';

const UNK = ['QueryInterface', 'AddRef', 'Release'];
const header = [
  { cName: 'IOleWindow', slots: [...UNK, 'GetWindow', 'ContextSensitiveHelp'] },
  { cName: '__x_ABI_CWindows_CFoundation_CIAsyncActionCompletedHandler', slots: [...UNK, 'Invoke'] },
  { cName: '__FIVectorView_1_HSTRING', slots: [...UNK, 'GetAt', 'get_Size', 'IndexOf', 'GetMany'] },
];
const iface = (name, slots, base = 'IUnknown') => ({ name, base, iid: null, slots });
const good = () => ({
  file: 'a.idl',
  interfaces: [
    iface('IOleWindow', [...UNK, 'GetWindow', 'ContextSensitiveHelp']),
    iface('Windows.Foundation.AsyncActionCompletedHandler', [...UNK, 'Invoke']),
    iface('Windows.Foundation.Collections.IVectorView<HSTRING>', [...UNK, 'GetAt', 'get_Size', 'IndexOf', 'GetMany'], 'IInspectable'),
    iface('IWinTypes', [], null),
  ],
  diagnostics: [{ code: 'W1', severity: 'warning', message: 'w' }],
});

test('firstDifference', () => {
  assert.equal(firstDifference(['a', 'b'], ['a', 'b']), -1);
  assert.equal(firstDifference(['a', 'b'], ['a', 'c']), 1);
  assert.equal(firstDifference(['a', 'b'], ['a']), 1);
  assert.equal(firstDifference([], ['x']), 0);
});

test('all matching: ok, base-less extra is info, warnings are not errors', () => {
  const s = summarize([compareFile('a.idl', header, good())]);
  assert.equal(s.ok, true);
  assert.deepEqual([s.vtables, s.matching, s.headerSlots, s.matchingSlots, s.filesWithErrors], [3, 3, 16, 16, 0]);
  assert.deepEqual(s.extraInfo.map((e) => e.name), ['IWinTypes']);
});

test('a changed slot is a mismatch at its index', () => {
  const r = good();
  r.interfaces[2].slots[5] = 'Find';
  const s = summarize([compareFile('a.idl', header, r)]);
  assert.equal(s.ok, false);
  assert.deepEqual(s.mismatches.map((m) => [m.name, m.index, m.widl, m.ours]), [
    ['Windows.Foundation.Collections.IVectorView<HSTRING>', 5, 'IndexOf', 'Find'],
  ]);
  assert.equal(s.matchingSlots, 15);
});

test('a missing slot at the end is a mismatch with (none)', () => {
  const r = good();
  r.interfaces[0].slots.pop();
  const [m] = summarize([compareFile('a.idl', header, r)]).mismatches;
  assert.deepEqual([m.index, m.widl, m.ours], [4, 'ContextSensitiveHelp', '(none)']);
});

test('missing interface, unexpected extra, errors and bad names all fail', () => {
  const r = good();
  r.interfaces.splice(1, 1);
  r.interfaces.push(iface('IMadeUp', UNK), iface('A.IFoo<', UNK));
  r.diagnostics.push({ code: 'SYN001', severity: 'error', message: 'e', file: 'a.idl', line: 1, column: 2 });
  const s = summarize([compareFile('a.idl', header, r)]);
  assert.equal(s.ok, false);
  assert.deepEqual(s.missing.map((m) => m.cName), ['__x_ABI_CWindows_CFoundation_CIAsyncActionCompletedHandler']);
  assert.deepEqual(s.extraUnexpected.map((e) => e.name), ['IMadeUp']);
  assert.equal(s.badNames.length, 1);
  assert.equal(s.filesWithErrors, 1);
  assert.equal(s.diagnostics[0].code, 'SYN001');
});

test('no report for a file: every vtable is missing', () => {
  const s = summarize([compareFile('a.idl', header, undefined)]);
  assert.equal(s.missing.length, 3);
  assert.equal(s.ok, false);
});

test('IIDs: compared where the header defines one; a different IID fails', () => {
  const iids = new Map([
    ['IOleWindow', '00000114-0000-0000-c000-000000000046'],
    ['__FIVectorView_1_HSTRING', '2f13c006-a03a-5f69-b090-75a43e33423e'],
  ]);
  const report = good();
  report.interfaces[0].iid = '00000114-0000-0000-c000-000000000046';
  report.interfaces[2].iid = '2f13c006-a03a-5f69-b090-75a43e33423e';
  const ok = summarize([compareFile('a.idl', header, report, iids)]);
  assert.equal(ok.ok, true);
  assert.deepEqual([ok.iidsCompared, ok.iidsMatching], [2, 2]);

  report.interfaces[2].iid = 'bbe1fa4c-b0e3-4583-baef-1f1b2e483e56'; // the template's IID
  const bad = summarize([compareFile('a.idl', header, report, iids)]);
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.iidMismatches, [
    { file: 'a.idl', name: 'Windows.Foundation.Collections.IVectorView<HSTRING>', cName: '__FIVectorView_1_HSTRING', widl: '2f13c006-a03a-5f69-b090-75a43e33423e', ours: 'bbe1fa4c-b0e3-4583-baef-1f1b2e483e56' },
  ]);
});
