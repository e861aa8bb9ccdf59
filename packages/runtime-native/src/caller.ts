/**
 * The caller side of a slot: a function that takes a wrapper and the method's TypeScript arguments, marshals
 * them, calls the function pointer in the object's vtable and unmarshals what came back. Compiled once per
 * slot from its descriptor. A slot whose parameters all pass to koffi unchanged (integers, [in] strings) calls
 * the koffi function directly; the others take [in] data and [out] cells from the call arena (memory.ts),
 * which is given back when the call returns.
 *
 * Memory as COM has it: [in] data the caller marshals is freed after the call; [out] strings, structures and
 * arrays the callee allocated are converted, then freed with the deallocator the descriptor names
 * (CoTaskMemFree by default, SysFreeString for BSTRs, MAPIFreeBuffer where the interface says so); [out]
 * interface pointers become wrappers that own the reference the callee gave.
 */
import { ComError, E_INVALIDARG, E_NOTIMPL, type Out } from '@comidl/runtime';
import { allocateString, allocators, freeWith } from './allocators.js';
import type { NativeParameter, NativeScalar, NativeSlot, NativeType } from './descriptor.js';
import { GUID_SIZE, guidToFields, readGuid, writeGuid } from './guid-bytes.js';
import type { InterfaceBinding, NativeLibrary } from './library.js';
import { callArena, readPointer, writePointer, type Arena, type Block } from './memory.js';
import { toAddress } from './platform.js';
import { is64, isByte } from './structures.js';
import { Lease } from './views.js';
import {
  addressOfView,
  copyArrayAt,
  copyAt,
  describe,
  readScalar,
  readString,
  Reached,
  structureSize,
  writeArrayOutOfLine,
  writeStruct,
  writeValue,
} from './values.js';
import type { NativeUnknown, SlotInvoker } from './wrapper.js';
import { structByValue } from './by-value.js';

/** One call's state: the arena marks, and per parameter the block its raw argument points to. */
interface Call {
  readonly self: NativeUnknown;
  readonly args: readonly unknown[];
  readonly arena: Arena;
  readonly blocks: (Block | undefined)[];
  /** What the native function returned (an HRESULT for most slots), once it has. */
  result?: unknown;
}

export interface CallerParameter {
  /** The TypeScript value goes to koffi unchanged (scalars, [in] strings). */
  readonly direct: boolean;
  /** An [out] integer or float: a cell of the arena, read into the box after the call. */
  readonly outScalar?: NativeScalar;
  /** The raw argument; may take a block (recorded in `call.blocks[index]`). */
  before(value: unknown, call: Call, index: number): unknown;
  /** Unmarshals [out] values after the call. */
  after?(value: unknown, call: Call, index: number): void;
}

/** What a slot's invoker needs from the rest of the binding. */
export interface CallerSlot {
  readonly index: number;
  readonly descriptor: NativeSlot;
  readonly interfaceName: string;
}

/** The invoker of a slot that has a binding. */
export function compileInvoker(binding: InterfaceBinding, slot: CallerSlot, plans: readonly CallerParameter[]): SlotInvoker {
  const index = slot.index;
  const returns = slot.descriptor.returns;
  const wide = returns !== 'void' && returns !== 'HRESULT' && is64(returns);
  const ends = binding.viewsEndedBy(slot.descriptor.name);
  if (!wide && !ends && plans.every((p) => p.direct)) {
    switch (plans.length) {
      case 0:
        return (self) => self.$fns[index](self.$ptr);
      case 1:
        return (self, a) => self.$fns[index](self.$ptr, a);
      case 2:
        return (self, a, b) => self.$fns[index](self.$ptr, a, b);
      case 3:
        return (self, a, b, c) => self.$fns[index](self.$ptr, a, b, c);
      case 4:
        return (self, a, b, c, d) => self.$fns[index](self.$ptr, a, b, c, d);
    }
  }
  if (!wide && !ends && plans.length <= 4 && plans.every((p) => p.direct || p.outScalar)) {
    return cellInvoker(index, plans.map((p) => p.outScalar), `${slot.interfaceName}::${slot.descriptor.name}`);
  }
  const n = plans.length;
  return (self, ...args) => {
    const fn = self.$fns[index];
    const arena = callArena();
    const top = arena.top;
    const pending = arena.pending;
    const call: Call = { self, args, arena, blocks: new Array(n) };
    const raw = new Array(n + 1);
    raw[0] = self.$ptr;
    try {
      for (let i = 0; i < n; i++) raw[i + 1] = plans[i].before(args[i], call, i);
      let result = fn(...raw);
      call.result = result;
      for (let i = 0; i < n; i++) plans[i].after?.(args[i], call, i);
      if (ends) self.$views?.get(slot.descriptor.name)?.pop()?.end(`${slot.interfaceName}::${slot.descriptor.name} ended it`);
      if (wide) result = BigInt(result);
      return result;
    } finally {
      arena.release(top, pending);
    }
  };
}

/**
 * The invoker of a slot whose parameters are integers, [in] strings and [out] scalars (IMAPIProgress::GetFlags):
 * each [out] scalar gets an 8-byte cell of the arena, and no per-call object is made. (Measured with
 * bench:native: GetFlags 400 ns a call through the general path against 131 ns raw; see the README.)
 */
function cellInvoker(index: number, outs: readonly (NativeScalar | undefined)[], where: string): SlotInvoker {
  const take = (arena: Arena, box: unknown, t: NativeScalar | undefined): number => {
    if (t === undefined) return -1;
    if (typeof box !== 'object' || box === null) throw new ComError(E_INVALIDARG, `${where}: expected an Out box ({ value }), got ${describe(box)}`);
    const offset = arena.top;
    if (offset + 8 > arena.size) throw new ComError(E_INVALIDARG, `${where}: the call arena is full (calls nested too deep)`);
    arena.top = offset + 8;
    arena.view.setBigUint64(offset, 0n, true);
    return offset;
  };
  const arg = (arena: Arena, value: unknown, cell: number) => (cell < 0 ? value : arena.address(cell));
  const give = (arena: Arena, box: unknown, t: NativeScalar | undefined, cell: number) => {
    if (t !== undefined) (box as Out<unknown>).value = readScalar(t, arena.view, cell);
  };
  const [o0, o1, o2, o3] = outs;
  switch (outs.length) {
    case 1:
      return (self, a) => {
        const arena = callArena();
        const top = arena.top;
        try {
          const c0 = take(arena, a, o0);
          const r = self.$fns[index](self.$ptr, arg(arena, a, c0));
          give(arena, a, o0, c0);
          return r;
        } finally {
          arena.top = top;
        }
      };
    case 2:
      return (self, a, b) => {
        const arena = callArena();
        const top = arena.top;
        try {
          const c0 = take(arena, a, o0);
          const c1 = take(arena, b, o1);
          const r = self.$fns[index](self.$ptr, arg(arena, a, c0), arg(arena, b, c1));
          give(arena, a, o0, c0);
          give(arena, b, o1, c1);
          return r;
        } finally {
          arena.top = top;
        }
      };
    case 3:
      return (self, a, b, c) => {
        const arena = callArena();
        const top = arena.top;
        try {
          const c0 = take(arena, a, o0);
          const c1 = take(arena, b, o1);
          const c2 = take(arena, c, o2);
          const r = self.$fns[index](self.$ptr, arg(arena, a, c0), arg(arena, b, c1), arg(arena, c, c2));
          give(arena, a, o0, c0);
          give(arena, b, o1, c1);
          give(arena, c, o2, c2);
          return r;
        } finally {
          arena.top = top;
        }
      };
    default:
      return (self, a, b, c, d) => {
        const arena = callArena();
        const top = arena.top;
        try {
          const c0 = take(arena, a, o0);
          const c1 = take(arena, b, o1);
          const c2 = take(arena, c, o2);
          const c3 = take(arena, d, o3);
          const r = self.$fns[index](self.$ptr, arg(arena, a, c0), arg(arena, b, c1), arg(arena, c, c2), arg(arena, d, c3));
          give(arena, a, o0, c0);
          give(arena, b, o1, c1);
          give(arena, c, o2, c2);
          give(arena, d, o3, c3);
          return r;
        } finally {
          arena.top = top;
        }
      };
  }
}

/** The invoker of a slot without a binding: E_NOTIMPL, the native function is never called. */
export function notImplementedInvoker(): SlotInvoker {
  return () => E_NOTIMPL;
}

/** How a parameter crosses, or why it cannot (a string: the slot gets no binding). */
export function planCallerParameter(lib: NativeLibrary, binding: InterfaceBinding, slot: NativeSlot, p: NativeParameter): CallerParameter | string {
  const where = `${binding.name}::${slot.name} parameter ${p.name}`;
  const t = p.type;
  if (p.direction === 'in') return planIn(lib, slot, p, where);
  if (typeof t === 'string' || t.kind !== 'pointer') return `[${p.direction}] ${p.name} is not a pointer`;
  if (p.sizeIs !== undefined) {
    if (p.direction !== 'out') return `[in, out, size_is] ${p.name} is not supported`;
    return outArray(lib, slot, p, t.to, where);
  }
  return planOut(lib, binding, slot, p, t.to, where);
}

function planIn(lib: NativeLibrary, slot: NativeSlot, p: NativeParameter, where: string): CallerParameter | string {
  const t = p.type;
  if (typeof t === 'string') return { direct: true, before: (v) => v };
  switch (t.kind) {
    case 'string':
      if (t.encoding === 'bstr') {
        return {
          direct: false,
          before: (v, call) => {
            if (v === null || v === undefined) return null;
            if (typeof v !== 'string') throw new ComError(E_INVALIDARG, `${where}: expected a string or null, got ${describe(v)}`);
            const b = allocators().SysAllocString(v);
            call.arena.defer(() => allocators().SysFreeString(b));
            return b;
          },
        };
      }
      return { direct: true, before: (v) => v };
    case 'opaque':
      return { direct: false, before: (v) => (v === null || v === undefined ? null : toAddress(v as bigint)) };
    case 'interface':
      return {
        direct: false,
        before: (v, call) => (v === null || v === undefined ? null : lib.writeInterface(t.name, v, false, call.arena)),
      };
    case 'guid':
      return { direct: false, before: (v) => guidToFields(v as string) };
    case 'struct': {
      const reason = structByValue(lib, t.name);
      if (typeof reason === 'string') return reason;
      return { direct: false, before: (v) => reason(v, where) };
    }
    case 'pointer': {
      if (p.sizeIs !== undefined) return inArray(lib, slot, p, t.to, where);
      const to = t.to;
      if (typeof to !== 'string' && to.kind === 'guid') {
        return {
          direct: false,
          before: (v, call) => {
            if (v === null || v === undefined) return null;
            if (typeof v !== 'string') throw new ComError(E_INVALIDARG, `${where}: expected a GUID string, got ${describe(v)}`);
            const b = call.arena.allocate(GUID_SIZE);
            writeGuid(b.view, b.offset, v);
            return b.address;
          },
        };
      }
      return {
        direct: false,
        before: (v, call) => {
          if (v === null || v === undefined) return null;
          const view = addressOfView(v);
          if (view !== undefined) return view;
          const size = typeof to !== 'string' && to.kind === 'struct' ? structureSize(lib, lib.structures.get(to.name), v) : lib.structures.sizeOf(to);
          const b = call.arena.allocate(size);
          writeValue(lib, to, b.view, b.offset, v, call.arena, false, where);
          return b.address;
        },
      };
    }
    default:
      return `[in] ${p.name}: a ${t.kind} is not passed by value`;
  }
}

function countOf(slot: NativeSlot, p: NativeParameter, call: Call, where: string): number {
  const n = Number(call.args[p.sizeIs!]);
  if (!Number.isInteger(n) || n < 0) throw new ComError(E_INVALIDARG, `${where}: size_is(${slot.parameters[p.sizeIs!].name}) is ${String(call.args[p.sizeIs!])}`);
  return n;
}

function inArray(lib: NativeLibrary, slot: NativeSlot, p: NativeParameter, element: NativeType, where: string): CallerParameter {
  return {
    direct: false,
    before: (v, call) => {
      if (v === null || v === undefined) return null;
      const count = countOf(slot, p, call, where);
      const length = Array.isArray(v) || ArrayBuffer.isView(v) ? (v as ArrayLike<unknown>).length : -1;
      if (length < count) throw new ComError(E_INVALIDARG, `${where}: size_is(${slot.parameters[p.sizeIs!].name}) is ${count}, the array has ${length < 0 ? 'no' : length} elements`);
      if (isByte(element) && v instanceof Uint8Array) return v;
      return writeArrayOutOfLine(lib, element, v, call.arena, false, where);
    },
  };
}

function outArray(lib: NativeLibrary, slot: NativeSlot, p: NativeParameter, element: NativeType, where: string): CallerParameter {
  const size = lib.structures.sizeOf(element);
  return {
    direct: false,
    before: (v, call, i) => {
      box(v, where);
      const b = call.arena.allocate(Math.max(1, countOf(slot, p, call, where) * size));
      call.blocks[i] = b;
      return b.address;
    },
    after: (v, call, i) => {
      const reached = new Reached();
      (v as Out<unknown>).value = copyArrayAt(lib, element, call.blocks[i]!.address, countOf(slot, p, call, where), reached);
      reached.pointers.shift(); // the array itself is the caller's
      reached.free(lib, p.free ?? 'CoTaskMemFree');
    },
  };
}

function planOut(lib: NativeLibrary, binding: InterfaceBinding, slot: NativeSlot, p: NativeParameter, to: NativeType, where: string): CallerParameter | string {
  const inOut = p.direction === 'in,out';
  const cell = (init?: (v: unknown, b: Block, call: Call) => void) => (v: unknown, call: Call, i: number) => {
    box(v, where);
    const b = call.arena.allocate(8);
    call.blocks[i] = b;
    if (inOut && init) init((v as Out<unknown>).value, b, call);
    return b.address;
  };
  const set = (v: unknown, value: unknown): void => {
    (v as Out<unknown>).value = value;
  };
  if (typeof to === 'string') {
    return {
      direct: false,
      ...(inOut ? {} : { outScalar: to }),
      before: cell((x, b, call) => writeValue(lib, to, b.view, b.offset, x, call.arena, false, where)),
      after: (v, call, i) => set(v, readScalar(to as NativeScalar, call.arena.view, call.blocks[i]!.offset)),
    };
  }
  switch (to.kind) {
    case 'opaque': {
      const view = p.view;
      if (view) {
        if (!inOut && p.direction !== 'out') return `${p.name}: a view is handed out through an [out] or [in, out] pointer`;
        if (!binding.hasSlot(view.endedBy)) return `${p.name}: the view is ended by ${view.endedBy}, which ${binding.name} does not have`;
        return {
          direct: false,
          before: cell((x, b) => writePointer(b.view, b.offset, addressOfView(x) ?? toAddress(x as bigint | null))),
          after: (v, call, i) => {
            // A failed call hands out no structure: the box keeps what it held.
            if (slot.returns === 'HRESULT' && (call.result as number) < 0) return;
            const address = readPointer(call.arena.view, call.blocks[i]!.offset);
            const name = view.structure ?? view.structures?.[String(call.args[view.selector!])];
            if (address === 0n || name === undefined) return set(v, address === 0n ? null : address);
            const lease = new Lease(`${name} from ${binding.name}::${slot.name}`);
            const self = call.self;
            self.$views ??= new Map();
            const open = self.$views.get(view.endedBy) ?? [];
            open.push(lease);
            self.$views.set(view.endedBy, open);
            set(v, lib.views.viewAt(lib.structures.get(name), address, lease));
          },
        };
      }
      return {
        direct: false,
        before: cell((x, b) => writePointer(b.view, b.offset, toAddress(x as bigint | null))),
        after: (v, call, i) => {
          const address = readPointer(call.arena.view, call.blocks[i]!.offset);
          set(v, address === 0n ? null : p.iidIs !== undefined ? lib.readInterfaceByIid(call.args[p.iidIs] as string, address) : address);
        },
      };
    }
    case 'string':
      return {
        direct: false,
        before: cell((x, b) => {
          if (x === null || x === undefined) return;
          if (typeof x !== 'string') throw new ComError(E_INVALIDARG, `${where}: expected a string or null, got ${describe(x)}`);
          // [in, out]: the callee may free and replace it, so it comes from the allocator it would use.
          writePointer(b.view, b.offset, allocateString(to.encoding, x));
        }),
        after: (v, call, i) => {
          const s = readPointer(call.arena.view, call.blocks[i]!.offset);
          set(v, readString(to.encoding, s));
          if (s !== 0n) freeWith(to.encoding === 'bstr' ? 'SysFreeString' : (p.free ?? 'CoTaskMemFree'), s);
        },
      };
    case 'interface':
      return {
        direct: false,
        before: cell((x, b, call) => writePointer(b.view, b.offset, x === null || x === undefined ? 0n : lib.writeInterface(to.name, x, true, call.arena))),
        after: (v, call, i) => {
          const q = readPointer(call.arena.view, call.blocks[i]!.offset);
          set(v, q === 0n ? null : lib.readInterfaceOwned(to.name, q));
        },
      };
    case 'guid':
      return {
        direct: false,
        before: (v, call, i) => {
          box(v, where);
          const b = call.arena.allocate(GUID_SIZE);
          call.blocks[i] = b;
          if (inOut) writeGuid(b.view, b.offset, (v as Out<string>).value!);
          return b.address;
        },
        after: (v, call, i) => set(v, readGuid(call.arena.view, call.blocks[i]!.offset)),
      };
    case 'struct': {
      const info = lib.structures.get(to.name);
      return {
        direct: false,
        before: (v, call, i) => {
          box(v, where);
          const b = call.arena.allocate(info.size);
          call.blocks[i] = b;
          if (inOut) writeStruct(lib, info, b.view, b.offset, (v as Out<unknown>).value, call.arena, false, where);
          return b.address;
        },
        after: (v, call, i) => {
          const reached = new Reached();
          set(v, copyAt(lib, to, call.blocks[i]!.address, reached));
          reached.free(lib, p.free ?? 'CoTaskMemFree');
        },
      };
    }
    case 'pointer': {
      if (inOut) return `[in, out] ${p.name}: a pointer to a callee-allocated ${typeof to.to === 'string' ? to.to : to.to.kind} is not supported`;
      const target = to.to;
      return {
        direct: false,
        before: cell(),
        after: (v, call, i) => {
          const q = readPointer(call.arena.view, call.blocks[i]!.offset);
          if (q === 0n) return set(v, null);
          const reached = new Reached();
          set(v, copyAt(lib, target, q, reached));
          const deallocator = p.free ?? 'CoTaskMemFree';
          reached.free(lib, deallocator);
          freeWith(deallocator, q);
        },
      };
    }
    default:
      return `[${p.direction}] ${p.name}: a pointer to ${to.kind} is not supported`;
  }
}

function box(v: unknown, where: string): void {
  if (typeof v !== 'object' || v === null || !('value' in v)) {
    throw new ComError(E_INVALIDARG, `${where}: expected an Out or InOut box ({ value }), got ${describe(v)}`);
  }
}
