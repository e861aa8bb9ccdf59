/**
 * The native test objects from TypeScript: factories (each gives an interface pointer with one reference for
 * the caller), the call log, the counts of the allocators and of live objects, and the IMAPIProgress caller.
 */
import koffi, { type LibraryHandle } from 'koffi';
import { ComError } from '@comidl/runtime';
import { allocatorsFromLibrary, type ComAllocators, type NativePointer } from '@comidl/runtime-native';
import { buildTestObjects, type BuildOptions } from './build.js';

export interface AllocationCounts {
  readonly allocated: number;
  readonly freed: number;
}

export class TestObjects {
  readonly path: string;
  readonly allocators: ComAllocators;
  /** The loaded test library, for functions of its own (the benchmark's reference loops). */
  readonly library: LibraryHandle;
  private readonly fns: Record<string, (...args: unknown[]) => unknown>;

  constructor(options?: BuildOptions) {
    this.path = buildTestObjects(options).library;
    const lib = (this.library = koffi.load(this.path));
    const out = koffi.out(koffi.pointer('void *'));
    const f = (name: string, result: string, parameters: (string | ReturnType<typeof koffi.out>)[]) => lib.func(name, result, parameters) as (...args: unknown[]) => unknown;
    this.fns = {
      logCount: f('test_log_count', 'int', []),
      logLine: f('test_log_line', 'const char *', ['int']),
      logClear: f('test_log_clear', 'void', []),
      liveObjects: f('test_live_objects', 'int', []),
      liveBlocks: f('test_live_blocks', 'int', []),
      refcount: f('test_refcount', 'uint32_t', ['void *']),
      allocCounts: f('test_alloc_counts', 'void', ['int', koffi.out(koffi.pointer('int')), koffi.out(koffi.pointer('int'))]),
      badCount: f('test_bad_free_count', 'int', []),
      bad: f('test_bad_free', 'const char *', ['int']),
      ostx: f('test_create_ostx', 'int32_t', [out]),
      pstx: f('test_create_pstx', 'int32_t', [out]),
      mapisync: f('test_create_mapisync', 'int32_t', [out]),
      progress: f('test_create_progress', 'int32_t', [out]),
      callback: f('test_create_callback', 'int32_t', [out]),
      marshal: f('test_create_marshal', 'int32_t', [out]),
      driveProgress: f('test_drive_progress', 'void', ['void *']),
      syncJoin: f('test_sync_join', 'int', []),
      logEnable: f('test_log_enable', 'void', ['int']),
    };
    this.allocators = allocatorsFromLibrary(lib);
  }

  /** A new C object: an interface pointer with one reference for the caller. */
  create(kind: 'ostx' | 'pstx' | 'mapisync' | 'progress' | 'callback' | 'marshal'): NativePointer {
    const p: NativePointer[] = [0n];
    const hr = this.fns[kind](p) as number;
    if (hr < 0) throw new ComError(hr, `test_create_${kind}`);
    return p[0];
  }

  /** Turns the C objects' log off (benchmarks) or on. */
  logging(on: boolean): void {
    this.fns.logEnable(on ? 1 : 0);
  }

  /** The log lines since the last clear. */
  log(): string[] {
    const n = this.fns.logCount() as number;
    return Array.from({ length: n }, (_x, i) => this.fns.logLine(i) as string);
  }

  /** The log lines since the last take, and clears it. */
  takeLog(): string[] {
    const lines = this.log();
    this.fns.logClear();
    return lines;
  }

  liveObjects(): number {
    return this.fns.liveObjects() as number;
  }

  /** Blocks of the counting allocators not freed yet. */
  liveBlocks(): number {
    return this.fns.liveBlocks() as number;
  }

  refcount(p: NativePointer): number {
    return this.fns.refcount(p) as number;
  }

  /** Allocations by kind. */
  counts(): Record<'cotask' | 'bstr' | 'mapi', AllocationCounts> {
    const one = (kind: number) => {
      const a = [0];
      const f = [0];
      this.fns.allocCounts(kind, a, f);
      return { allocated: a[0], freed: f[0] };
    };
    return { cotask: one(0), bstr: one(1), mapi: one(2) };
  }

  /** Frees of something that was not a live block of that allocator, with what was wrong. */
  badFrees(): string[] {
    const n = this.fns.badCount() as number;
    return Array.from({ length: n }, (_x, i) => (this.fns.bad(i) as string | null) ?? '(more)');
  }

  /** The IMAPIProgress caller: calls every method of `progress` (an interface pointer) and logs the answers. */
  driveProgress(progress: NativePointer): void {
    this.fns.driveProgress(progress);
  }

  /** Waits, on a koffi worker thread, for IMAPISync's background thread; the JavaScript thread stays free. */
  joinBackgroundSync(): Promise<number> {
    return new Promise((resolve, reject) => {
      (this.fns.syncJoin as unknown as { async(cb: (err: unknown, r: number) => void): void }).async((err, r) => (err ? reject(err) : resolve(r)));
    });
  }
}
