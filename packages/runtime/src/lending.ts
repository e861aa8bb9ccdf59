/**
 * Lent structures: a structure an object hands out and keeps (IOSTX::SyncBeg's state structure, which in C
 * both sides share as memory), so that what the caller writes into it later must reach the object, and what
 * the object writes must reach the caller. An implementation says which structures it lends right now by
 * implementing `[lentStructures]()`; a connection over a channel that copies values (a MessagePort) keeps the
 * two copies in step with every call on that object, until the object no longer lists the structure.
 */

/** The method an implementation that lends structures has (ProtocolFake has it). */
export const lentStructures: unique symbol = Symbol.for('comidl.lentStructures');

export interface LentStructure {
  /** The structure as the lender keeps it: the object it handed out. */
  readonly value: object;
  /** Its layout's name (a key of the type library's structs): how its members cross a channel. */
  readonly struct: string;
}

export interface StructureLender {
  /** The structures lent right now, in the order they were handed out. */
  [lentStructures](): readonly LentStructure[];
}

export function isStructureLender(value: unknown): value is StructureLender {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<StructureLender>)[lentStructures] === 'function'
  );
}
