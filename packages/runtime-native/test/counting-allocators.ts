/**
 * COM's allocators written over koffi.alloc, counting: every block allocated, freed, and every free of a
 * pointer that is not a live block of that allocator (a double free, a wrong deallocator). The C test objects
 * of @comidl/mapi-sync-native-test count the same way in C.
 */
import koffi from 'koffi';
import type { ComAllocators } from '../src/index.js';

type Kind = 'cotask' | 'bstr' | 'mapi';

export interface Counts {
  allocated: Record<Kind, number>;
  freed: Record<Kind, number>;
  /** Frees of something that was not a live block of that allocator. */
  bad: string[];
  /** Blocks not freed yet. */
  live(): number;
}

export function countingAllocators(): ComAllocators & { counts: Counts } {
  const live = new Map<bigint, { kind: Kind; block: bigint; children: bigint[]; linked: boolean }>();
  const counts: Counts = {
    allocated: { cotask: 0, bstr: 0, mapi: 0 },
    freed: { cotask: 0, bstr: 0, mapi: 0 },
    bad: [],
    live: () => live.size,
  };
  const take = (kind: Kind, size: number, offset = 0, linked = false): bigint => {
    const block = koffi.alloc('uint8_t', Math.max(1, size + offset)) as bigint;
    koffi.encode(block, koffi.array('uint8_t', Math.max(1, size + offset)), new Uint8Array(Math.max(1, size + offset)));
    const p = block + BigInt(offset);
    live.set(p, { kind, block, children: [], linked });
    counts.allocated[kind]++;
    return p;
  };
  const give = (kind: Kind, p: bigint, what: string, linked = false): boolean => {
    const b = live.get(p);
    if (!b || b.kind !== kind || b.linked !== linked) {
      counts.bad.push(`${what}(0x${p.toString(16)}): ${b ? (b.linked ? 'a block freed with its parent' : `a ${b.kind} block`) : 'not a live block'}`);
      return false;
    }
    live.delete(p);
    counts.freed[kind]++;
    koffi.free(b.block);
    return true;
  };
  return {
    counts,
    CoTaskMemAlloc: (size) => take('cotask', size),
    CoTaskMemFree: (p) => void give('cotask', p, 'CoTaskMemFree'),
    SysAllocString: (text) => {
      const p = take('bstr', 2 * text.length + 2, 4);
      koffi.encode(p - 4n, 'uint32_t', 2 * text.length);
      koffi.encode(p, koffi.array('uint16_t', text.length + 1), [...Array.from(text, (_c, i) => text.charCodeAt(i)), 0]);
      return p;
    },
    SysFreeString: (p) => void give('bstr', p, 'SysFreeString'),
    MAPIAllocateBuffer: (size) => take('mapi', size),
    MAPIAllocateMore: (size, parent) => {
      const b = live.get(parent);
      if (!b || b.kind !== 'mapi') throw new Error('MAPIAllocateMore: the parent is not a live MAPI buffer');
      const p = take('mapi', size, 0, true);
      b.children.push(p);
      return p;
    },
    MAPIFreeBuffer: (p) => {
      const children = live.get(p)?.children ?? [];
      if (give('mapi', p, 'MAPIFreeBuffer')) for (const c of children) give('mapi', c, 'MAPIFreeBuffer (linked)', true);
    },
  };
}
