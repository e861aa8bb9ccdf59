/** A difference between the IDL and the pages, as every comparison reports it. */
import type { IdlLocation } from './idl-views';

export type SpecDifferenceKind =
  // interfaces (compare.ts)
  | 'missing-interface'
  | 'iid'
  | 'slot-count'
  | 'slot-name'
  | 'slot-placeholder'
  | 'slot-missing'
  | 'slot-extra'
  | 'slot-shift'
  | 'param-count'
  | 'param-name'
  | 'param-type'
  | 'param-direction'
  // structures (structures.ts)
  | 'missing-structure'
  | 'field-count'
  | 'field-name'
  | 'field-type'
  | 'field-missing'
  | 'field-extra'
  // enumerations (enums.ts)
  | 'missing-enum'
  | 'enum-member-missing'
  | 'enum-member-extra'
  | 'enum-value'
  // constants and interface identifiers (constants.ts)
  | 'missing-constant'
  | 'constant-value'
  | 'missing-iid'
  // states (states.ts)
  | 'missing-state'
  | 'state-structure'
  | 'state-parents'
  | 'state-extra'
  | 'no-protocol'
  // departures (departures.ts)
  | 'stale-departure';

export interface SpecDifference {
  kind: SpecDifferenceKind;
  /** The declaration it is about: an interface, structure, enumeration, constant, IID symbol or state. */
  declaration: string;
  /** Vtable slot the difference is about (IDL numbering for slot-level kinds), or null. */
  slot: number | null;
  /** Where in the IDL (or the protocol description, for states); null when the IDL lacks the declaration. */
  location: IdlLocation | null;
  /** Doc page the expectation comes from. */
  url: string;
  /** One line, e.g. `slot 6 is SyncEnd, docs have SyncHdrBeg`. */
  message: string;
  /** What the docs say, as compared (`SyncHdrBeg`, `UINTiEntMod`, `0x00010000`); what a departure names. */
  docs: string;
  /** What the IDL says, as compared; empty when it says nothing. */
  idl: string;
}

/** `file:line:col: message (url)`; `Name: message (url)` when there is no IDL location. */
export function formatDifference(d: SpecDifference): string {
  const where = d.location === null ? d.declaration : `${d.location.file}:${d.location.line}:${d.location.column}`;
  return `${where}: ${d.message} (${d.url})`;
}
