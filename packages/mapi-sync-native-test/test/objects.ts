/**
 * One build of the C test objects per test file, their allocators set for the runtime, and the checks every
 * test ends with: no object, block or exported object left, nothing freed wrongly.
 */
import { liveExportCount, setAllocators } from '@comidl/runtime-native';
import { mapiSyncNative } from '@mapi-sync/native';
import { marshalTestNative } from '@marshal-test/native';
import { TestObjects } from '../src/index.js';

export function useTestObjects(): TestObjects {
  const objects = new TestObjects();
  const faults: unknown[] = [];
  beforeAll(() => {
    setAllocators(objects.allocators);
    mapiSyncNative.onError = (e) => faults.push(e);
    marshalTestNative.onError = (e) => faults.push(e);
  });
  afterAll(() => setAllocators(undefined));
  beforeEach(() => {
    objects.takeLog();
  });
  afterEach(() => {
    expect(faults.splice(0)).toEqual([]);
    expect(objects.badFrees()).toEqual([]);
    expect(objects.liveBlocks()).toBe(0);
    expect(objects.liveObjects()).toBe(0);
    expect(liveExportCount()).toBe(0);
  });
  return objects;
}
