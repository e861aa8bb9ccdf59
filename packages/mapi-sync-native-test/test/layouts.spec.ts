/**
 * Layout conformance of the generated native descriptors of idl/ (@mapi-sync/native, @marshal-test/native):
 * for every structure they describe, which is every structure idl/'s libraries define, the size, alignment,
 * and each field's offset and size that koffi gives the generated declaration equal what the C compiler gives
 * for the widl-generated header (with Wine's headers' Windows data model). The C side is a table generated
 * from the checks (src/layout-checks.ts) and compiled into the test objects.
 */
import koffi from 'koffi';
import type { NativeLibrary, NativeLibraryDescriptor } from '@comidl/runtime-native';
import { mapiSyncNative, mapiSyncNativeDescriptor } from '@mapi-sync/native';
import { marshalTestNative, marshalTestNativeDescriptor } from '@marshal-test/native';
import { layoutChecks, layoutTable, TestObjects, type LayoutCheck } from '../src/index.js';

const libraries: [NativeLibraryDescriptor, NativeLibrary][] = [
  [mapiSyncNativeDescriptor, mapiSyncNative],
  [marshalTestNativeDescriptor, marshalTestNative],
];

/** Each structure once (idl/com's are in both libraries' closures), with the library that declares it. */
function checks(): LayoutCheck[] {
  const seen = new Set<string>();
  return libraries.flatMap(([descriptor, library]) => {
    const own = descriptor.structures.filter((s) => !seen.has(s.name));
    for (const s of own) seen.add(s.name);
    return layoutChecks(library, own);
  });
}

test('every generated structure of idl/ has the layout the C compiler gives the widl header', () => {
  const all = checks();
  const objects = new TestObjects({ extraSources: { 'layouts.c': layoutTable(all, 'test-objects.h') } });
  const lib = koffi.load(objects.path);
  const count = lib.func('int test_layout_count(void)')() as number;
  const value = lib.func('long long test_layout_value(int)') as (i: number) => number;
  expect(count).toBe(all.length);
  const differences = all.map((c, i) => ({ what: c.what, koffi: c.koffi, c: Number(value(i)) })).filter((d) => d.koffi !== d.c);
  expect(differences).toEqual([]);
  // The counts, for the record (and so that an empty table cannot pass).
  const structures = new Set(all.map((c) => c.structure)).size;
  const fields = all.filter((c) => c.kind === 'offset').length;
  process.stdout.write(`layout conformance of idl/'s generated descriptors: ${structures} structures (size, alignment), ${fields} fields (offset, size) equal in koffi's declarations and the C compiler's\n`);
  expect(structures).toBe(new Set(libraries.flatMap(([d]) => d.structures.map((s) => s.name))).size);
  expect(all.find((c) => c.what === 'sizeof(SYNC)')!.koffi).toBeGreaterThan(100);
});
