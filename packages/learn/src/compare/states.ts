/**
 * States: every state of the pages' state table must be
 *  - a member of an IDL enumeration (its identifier is a value `SyncBeg` takes),
 *  - handed out with a structure the IDL declares (the one the state table links),
 *  - and a state of the protocol description, with that structure and entered from the same states
 *    (the parents, compared as sets), while the protocol description has no state the pages lack.
 * Differences of the protocol description are located in it (`iostx.protocol.json:12:5`).
 */
import type { SpecState } from '../types';
import type { SpecDifference, SpecDifferenceKind } from './difference';
import { loc, type IdlEnumView, type IdlLocation, type IdlStateView, type IdlStructureView } from './idl-views';

const list = (names: readonly string[]): string => (names.length === 0 ? 'no state' : names.join(', '));

/** Compares the spec's states with the IDL's enumerations and structures and the protocol description's states. */
export function compareStates(
  states: readonly SpecState[],
  enums: readonly IdlEnumView[],
  structures: readonly IdlStructureView[],
  protocol: readonly IdlStateView[] | null,
  protocolFile: string | null,
): SpecDifference[] {
  const out: SpecDifference[] = [];
  if (states.length === 0) return out;
  const push = (kind: SpecDifferenceKind, s: string, at: IdlLocation | null, url: string, message: string, docs: string, idl: string): void => {
    out.push({ kind, declaration: s, slot: null, location: at === null ? null : loc(at), url, message, docs, idl });
  };
  if (protocol === null) {
    push(
      'no-protocol',
      states[0]!.identifier,
      null,
      states[0]!.url,
      `the docs give a state machine of ${states.length} states; no protocol description states it (spec-check.json "protocol")`,
      String(states.length),
      '',
    );
  }
  // A state missing from the IDL is reported at the enumeration that holds the other states.
  const stateEnum = enums.find((e) => e.members.some((m) => states.some((s) => s.identifier === m.name))) ?? null;
  for (const s of states) {
    const member = enums.flatMap((e) => e.members).find((m) => m.name === s.identifier);
    if (member === undefined) {
      const where = stateEnum === null ? 'an IDL enumeration' : stateEnum.name;
      push('missing-state', s.identifier, stateEnum, s.url, `state ${s.identifier} is no member of ${where}`, s.identifier, '');
    }
    if (s.structure !== null && !structures.some((x) => x.name === s.structure)) {
      push('state-structure', s.identifier, member ?? null, s.url, `state ${s.identifier} hands out ${s.structure}, which the IDL does not declare`, s.structure, '');
    }
    if (protocol === null) continue;
    const p = protocol.find((x) => x.name === s.identifier);
    if (p === undefined) {
      const at = protocolFile === null ? null : { file: protocolFile, line: 1, column: 1 };
      push('missing-state', s.identifier, at, s.url, `the protocol description has no state ${s.identifier}`, s.identifier, '');
      continue;
    }
    if (p.structure !== s.structure) {
      push(
        'state-structure',
        s.identifier,
        p,
        s.url,
        `state ${s.identifier} hands out ${p.structure ?? 'no structure'}, docs have ${s.structure ?? 'none'}`,
        s.structure ?? '',
        p.structure ?? '',
      );
    }
    const same = p.parents.length === s.parents.length && s.parents.every((x) => p.parents.includes(x));
    if (!same) {
      push(
        'state-parents',
        s.identifier,
        p,
        s.url,
        `state ${s.identifier} is entered from ${list(p.parents)}, docs have ${list(s.parents)}`,
        s.parents.join(', '),
        p.parents.join(', '),
      );
    }
  }
  for (const p of protocol ?? []) {
    if (!states.some((s) => s.identifier === p.name)) {
      push('state-extra', p.name, p, states[0]!.url, `state ${p.name} of the protocol description is not in the docs' state table`, '', p.name);
    }
  }
  return out;
}
