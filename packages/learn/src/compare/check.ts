/**
 * The whole check of an IDL library against the pages: interfaces, structures, enumerations,
 * constants, interface identifiers and states, then the documented departures. What `comidl
 * spec-check` runs.
 */
import type { SpecDocument } from '../types';
import type { Departure } from '../config/spec-check-config';
import { localeOfSource } from '../learn-url';
import { compareWithSpec, type CompareOptions } from './compare';
import { compareConstants, compareIids } from './constants';
import { applyDepartures, type AcceptedDifference } from './departures';
import type { SpecDifference } from './difference';
import { compareEnums } from './enums';
import type { IdlViews } from './idl-views';
import { compareStates } from './states';
import { compareStructures } from './structures';
import { DEFAULT_TYPE_ALIASES } from './type-equivalence';

/** How many facts of each kind the pages define and the check compared. */
export interface CheckedCounts {
  interfaces: number;
  slots: number;
  parameters: number;
  structures: number;
  fields: number;
  enumMembers: number;
  constants: number;
  iids: number;
  states: number;
}

export interface SpecCheckResult {
  /** Differences no departure accepts, in the order: interfaces, structures, enumerations, constants, IIDs, states, stale departures. */
  differences: SpecDifference[];
  /** Differences a documented departure accepts. */
  accepted: AcceptedDifference[];
  checked: CheckedCounts;
}

export interface CheckOptions extends CompareOptions {
  departures?: readonly Departure[];
  /** The protocol description's file, to locate a state it lacks. */
  protocolFile?: string | null;
}

/** Counts what the spec defines. */
export function countFacts(spec: SpecDocument): CheckedCounts {
  const slots = spec.interfaces.flatMap((i) => i.slots);
  return {
    interfaces: spec.interfaces.length,
    slots: slots.length,
    parameters: slots.reduce((n, s) => n + (s.signature?.params.length ?? 0), 0),
    structures: spec.structures.length,
    fields: spec.structures.reduce((n, s) => n + s.fields.length, 0),
    enumMembers: spec.enums.reduce((n, e) => n + e.members.length, 0),
    constants: spec.constants.length,
    iids: spec.iids.length,
    states: spec.states.length,
  };
}

/** Checks the IDL views against everything the spec describes. */
export function checkAgainstSpec(spec: SpecDocument, idl: IdlViews, options: CheckOptions = {}): SpecCheckResult {
  const aliases = { ...DEFAULT_TYPE_ALIASES, ...(options.typeAliases ?? {}) };
  const all: SpecDifference[] = [
    ...compareWithSpec(spec, idl.interfaces, options),
    ...compareStructures(spec.structures, idl.structures, aliases),
    ...compareEnums(spec.enums, idl.enums),
    ...compareConstants(spec.constants, idl.constants),
    ...compareIids(spec.iids, spec.interfaces, idl.interfaces),
    ...compareStates(spec.states, idl.enums, idl.structures, idl.states, options.protocolFile ?? null),
  ];
  const { differences, accepted } = applyDepartures(all, options.departures ?? [], localeOfSource(spec.source));
  const counted = options.interfaces === undefined ? spec : { ...spec, interfaces: spec.interfaces.filter((i) => options.interfaces!.includes(i.name)) };
  const checked = countFacts(counted);
  return { differences, accepted, checked };
}
