/**
 * Memory the caller side marshals into: the [in] data of a call (freed when the call returns, as COM has it
 * for [in] parameters) and the cells [out] values are written to. A call takes it from one arena allocated once
 * with koffi and read through one DataView; nested calls (a callback that calls another native method) take
 * memory above their caller's and give it back in reverse order. What does not fit is allocated with koffi
 * and freed with the rest.
 *
 * (Measured on x64 Linux: a fresh typed array as an [out] cell costs about 1 us a call, koffi.view about 9 us;
 * a cell of the arena costs what reading a DataView costs.)
 */
import { koffi, POINTER_SIZE, type NativePointer } from './platform.js';

/** A place to write: `view` covers the memory, `offset` is where the block starts, `address` its address. */
export interface Block {
  readonly view: DataView;
  readonly offset: number;
  readonly address: NativePointer;
}

/** Something that gives out memory for data that a write places out of line (strings, pointed-to structures). */
export interface Sink {
  allocate(size: number): Block;
  /** Runs `cleanup` when the sink's memory is given back (a BSTR's SysFreeString, a reference's Release). */
  defer(cleanup: () => void): void;
}

/** A block of its own: allocated with koffi, readable through its own view, freed by `free`. */
export class OwnedBlock implements Block {
  readonly view: DataView;
  readonly offset = 0;
  readonly address: NativePointer;
  private freed = false;

  constructor(readonly size: number) {
    const n = Math.max(size, 1);
    this.address = koffi.alloc('uint8_t', n) as bigint;
    this.view = new DataView(koffi.view(this.address, n));
    new Uint8Array(this.view.buffer, 0, n).fill(0);
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    koffi.free(this.address);
  }
}

/** A sink that gives out owned blocks and frees them all at once (the memory behind one live view). */
export class OwnedBlocks implements Sink {
  private readonly cleanups: (() => void)[] = [];

  allocate(size: number): Block {
    const block = new OwnedBlock(size);
    this.cleanups.push(() => block.free());
    return block;
  }

  defer(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  /** Frees every block and runs every deferred cleanup, latest first. */
  freeAll(): void {
    while (this.cleanups.length > 0) this.cleanups.pop()!();
  }
}

const ALIGN = 8;

export class Arena implements Sink {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  readonly base: NativePointer;
  /** First free byte. */
  top = 0;
  private readonly cleanups: (() => void)[] = [];
  private readonly addresses: NativePointer[] = [];

  constructor(readonly size = 256 * 1024) {
    this.base = koffi.alloc('uint8_t', size) as bigint;
    this.view = new DataView(koffi.view(this.base, size));
    this.bytes = new Uint8Array(this.view.buffer);
  }

  /** How many cleanups are pending; with `top`, what `release` returns to. */
  get pending(): number {
    return this.cleanups.length;
  }

  /** The address of an offset (cached per 8-byte cell: a bigint addition allocates). */
  address(offset: number): NativePointer {
    const cell = offset / ALIGN;
    if (Number.isInteger(cell)) {
      let a = this.addresses[cell];
      if (a === undefined) a = this.addresses[cell] = this.base + BigInt(offset);
      return a;
    }
    return this.base + BigInt(offset);
  }

  /** An 8-byte aligned, zero-filled block. */
  allocate(size: number): Block {
    const offset = this.top;
    const end = offset + ((size + ALIGN - 1) & ~(ALIGN - 1));
    if (end <= this.size) {
      this.top = end;
      this.bytes.fill(0, offset, offset + size);
      return { view: this.view, offset, address: this.address(offset) };
    }
    const block = new OwnedBlock(size);
    this.cleanups.push(() => block.free());
    return block;
  }

  defer(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  /**
   * Gives back everything taken since `top` and `pending` had these values: the memory, and the cleanups
   * deferred since, latest first. A cleanup that throws does not stop the others; the first error is rethrown.
   */
  release(top: number, pending: number): void {
    this.top = top;
    let error: unknown;
    let failed = false;
    while (this.cleanups.length > pending) {
      try {
        this.cleanups.pop()!();
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
    }
    if (failed) throw error;
  }
}

/** Reads a pointer stored at `offset` of `view`: a bigint, or 0n for NULL. */
export function readPointer(view: DataView, offset: number): NativePointer {
  return POINTER_SIZE === 8 ? view.getBigUint64(offset, true) : BigInt(view.getUint32(offset, true));
}

export function writePointer(view: DataView, offset: number, p: NativePointer): void {
  if (POINTER_SIZE === 8) view.setBigUint64(offset, p, true);
  else view.setUint32(offset, Number(p), true);
}

let shared: Arena | undefined;

/** The process's call arena (used on the JavaScript thread only: koffi runs every callback there). */
export function callArena(): Arena {
  return (shared ??= new Arena());
}
