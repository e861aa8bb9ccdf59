/**
 * Structures both sides of a call share in C, kept in step across a channel that copies values:
 * - a structure an implementation lends (lending.ts: IOSTX::SyncBeg's state structure): with every later
 *   call on that object the caller's changes travel in the request and are written into the lender's
 *   structure before the call runs; the lender's changes come back in the reply; the reply says when the
 *   lender no longer lends it;
 * - an [in] structure the callee writes into (MAPISIB.phSyncDoneEvent): the callee's changes come back in
 *   the reply and are written into the caller's structure.
 * A change is a member whose value differs from the last value both sides agreed on (a snapshot); members
 * cross marshalled by their field layouts, so interface pointers travel as references.
 */
import { nameRecord, setMember } from './records.js';
import type { Marshal, StructRecord } from './layout.js';
import { isPlainObject, type Marshaller, type MarshalScope } from './marshal.js';

/** Changed members, marshalled: member name -> wire value. */
export type MemberChanges = Readonly<Record<string, unknown>>;

/** A lent structure's changes: [lent id, changes]. */
export type LentUpdate = readonly [id: number, changes: MemberChanges];

/**
 * A copy to compare against later: plain objects, arrays and byte arrays are copied; anything else (interface
 * pointers, proxies, class instances) is kept by identity, as a C pointer would be.
 */
export function snapshotValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(snapshotValue);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setMember(copy, key, snapshotValue((value as Record<string, unknown>)[key]));
  return copy;
}

/** Whether `a` and `b` hold the same data (plain data compared deeply, other objects by identity). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** The members of `value` that differ from `base`. */
export function changedMembers(base: unknown, value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const before = (typeof base === 'object' && base !== null ? base : {}) as Record<string, unknown>;
  const after = value as Record<string, unknown>;
  return Object.keys(after).filter((key) => !sameValue(before[key], after[key]));
}

/** How a structure's members cross: by the structure's field layouts (`opaque` for a member it lacks). */
export class StructureMembers {
  constructor(
    private readonly structs: StructRecord,
    private readonly marshaller: Marshaller,
  ) {}

  private marshalOf(struct: string, member: string): Marshal {
    const layout = Object.hasOwn(this.structs, struct) ? this.structs[struct] : undefined;
    return layout?.fields.find((f) => f.name === member)?.marshal ?? 'opaque';
  }

  /** The changed members of `value` since `base`, marshalled; `base` is brought up to date. Undefined: no change. */
  pack(struct: string, value: unknown, base: Record<string, unknown>, scope: MarshalScope): MemberChanges | undefined {
    const names = changedMembers(base, value);
    if (names.length === 0) return undefined;
    const changes = nameRecord<unknown>();
    for (const name of names) {
      const member = (value as Record<string, unknown>)[name];
      setMember(changes, name, this.marshaller.toWire(member, this.marshalOf(struct, name), scope));
      setMember(base, name, snapshotValue(member));
    }
    return changes;
  }

  /** Writes marshalled changes into `target` (and into `base`, when given: both sides agree on them now). */
  apply(struct: string, target: unknown, changes: MemberChanges, scope: MarshalScope, base?: Record<string, unknown>): void {
    if (typeof target !== 'object' || target === null || typeof changes !== 'object' || changes === null) return;
    for (const name of Object.keys(changes)) {
      const member = this.marshaller.fromWire(changes[name], this.marshalOf(struct, name), scope);
      setMember(target, name, member);
      if (base !== undefined) setMember(base, name, snapshotValue(member));
    }
  }
}

/** The proxies of `connection` inside a value (what a lent structure brought along), found by `isProxy`. */
export function proxiesIn(value: unknown, isProxy: (v: object) => boolean, found: object[] = [], depth = 0): object[] {
  if (value === null || typeof value !== 'object' || depth > 32) return found;
  if (isProxy(value)) {
    found.push(value);
    return found;
  }
  if (Array.isArray(value)) for (const item of value) proxiesIn(item, isProxy, found, depth + 1);
  else if (isPlainObject(value)) for (const item of Object.values(value)) proxiesIn(item, isProxy, found, depth + 1);
  return found;
}

/** Sets to null, in place, the members of a structure (and of the data inside it) that hold a dead proxy. */
export function dropDisconnected(value: unknown, isDead: (v: object) => boolean, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 32) return;
  const holder = value as Record<string | number, unknown>;
  const keys = Array.isArray(value) ? value.keys() : isPlainObject(value) ? Object.keys(value).values() : undefined;
  if (keys === undefined) return;
  for (const key of keys) {
    const member = holder[key];
    if (member !== null && typeof member === 'object' && isDead(member)) holder[key] = null;
    else dropDisconnected(member, isDead, depth + 1);
  }
}
