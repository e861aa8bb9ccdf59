/**
 * Comparing two ABI snapshots: every difference between an older and a newer version of a library's
 * interfaces, classified by what it does to binaries built against the older one. Interfaces are matched by
 * name, and IIDs are followed across names; slots are matched by method name, so an insertion, a removal, a
 * move and a rename are told apart.
 */
import type { SourcePosition } from '@comidl/parser';
import { structureChanges } from './compare-structures';
import type { AbiChange, AbiInterface, AbiParameter, AbiSeverity, AbiSlot, AbiSnapshot } from './types';

/**
 * The changes from `older` to `newer`: per interface (newer order, then removed ones), by slot; then per
 * structure, union and enum.
 */
export function compareAbi(older: AbiSnapshot, newer: AbiSnapshot): AbiChange[] {
  return [...compareInterfaces(older.interfaces, newer.interfaces), ...structureChanges(older.structures, newer.structures)];
}

/** The changes between two lists of interfaces. */
export function compareInterfaces(older: readonly AbiInterface[], newer: readonly AbiInterface[]): AbiChange[] {
  const changes: AbiChange[] = [];
  const oldByName = firstBy(older, (i) => i.name);
  const newByName = firstBy(newer, (i) => i.name);
  const oldByIid = firstBy(older, (i) => i.iid);
  const explained = new Set<AbiInterface>();

  for (const n of newer) {
    const own: AbiChange[] = [];
    const add = (severity: AbiSeverity, message: string) => own.push(change('ABI002', severity, n.name, message, n.location));
    const o = oldByName.get(n.name);
    const previousOwner = n.iid ? oldByIid.get(n.iid) : undefined;
    const iidMoved = previousOwner && previousOwner.name !== n.name ? previousOwner : undefined;
    if (iidMoved) {
      add(
        'breaking',
        sameLayout(iidMoved, n)
          ? `${n.name}: IID ${n.iid} moved from ${iidMoved.name} to ${n.name} (same layout, new name: code that names ${iidMoved.name} no longer builds)`
          : `${n.name}: IID ${n.iid} reused: it was ${iidMoved.name}'s, and ${n.name} has a different layout`,
      );
    }
    if (o) {
      changes.push(...own, ...interfaceChanges(o, n));
    } else if (iidMoved && !newByName.has(iidMoved.name)) {
      // A renamed interface: its layout is compared with the one it took the IID from.
      explained.add(iidMoved);
      changes.push(...own, ...interfaceChanges(iidMoved, n, { iid: false }));
    } else {
      if (!iidMoved) add('additive', `${n.name}: new interface${n.iid ? ` (IID ${n.iid})` : ' (no IID)'}`);
      changes.push(...own);
    }
  }
  for (const o of older) {
    if (newByName.get(o.name) || explained.has(o) || oldByName.get(o.name) !== o) continue;
    changes.push(change('ABI002', 'breaking', o.name, `${o.name}: interface removed${o.iid ? ` (IID ${o.iid}): clients that query it no longer find it` : ''}`));
  }
  return changes;
}

/** Same base and the same slots with the same signatures (parameter names and docs aside). */
export function sameLayout(a: AbiInterface, b: AbiInterface): boolean {
  return a.base === b.base && a.slots.length === b.slots.length && a.slots.every((s, i) => sameSlot(s, b.slots[i]));
}

function sameSlot(a: AbiSlot, b: AbiSlot): boolean {
  return (
    a.name === b.name &&
    a.returns === b.returns &&
    a.parameters.length === b.parameters.length &&
    a.parameters.every((p, i) => p.direction === b.parameters[i].direction && p.type === b.parameters[i].type)
  );
}

function firstBy<K>(interfaces: readonly AbiInterface[], key: (i: AbiInterface) => K | null): Map<K, AbiInterface> {
  const out = new Map<K, AbiInterface>();
  for (const i of interfaces) {
    const k = key(i);
    if (k !== null && !out.has(k)) out.set(k, i);
  }
  return out;
}

/** IID, base, doc comment, then the slots, in slot order. */
function interfaceChanges(o: AbiInterface, n: AbiInterface, compare = { iid: true }): AbiChange[] {
  const label = n.name;
  const head: AbiChange[] = [];
  const add = (severity: AbiSeverity, message: string) => head.push(change('ABI002', severity, label, message, n.location));
  if (compare.iid && o.iid !== n.iid) {
    if (o.iid === null) add('additive', `${label}: IID none -> ${n.iid} (the interface gets an IID)`);
    else if (n.iid === null) add('breaking', `${label}: IID ${o.iid} -> none: clients that query ${o.iid} no longer find it`);
    else add('breaking', `${label}: IID ${o.iid} -> ${n.iid}: clients that query the old IID no longer find it`);
  }
  if (o.base !== n.base) add('breaking', `${label}: base ${o.base ?? 'none'} -> ${n.base ?? 'none'}`);
  if (o.doc !== undefined && n.doc !== undefined && (o.doc ?? '') !== (n.doc ?? '')) add('harmless', `${label}: doc comment changed`);
  const slots = slotChanges(label, o.slots, n.slots, n.location);
  slots.sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0));
  return [...head, ...slots];
}

/** `name`, or `name#2` for a second slot of the same name: the key slots are matched by. */
function slotKeys(slots: readonly AbiSlot[]): string[] {
  const seen = new Map<string, number>();
  return slots.map((s) => {
    const n = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, n);
    return n === 1 ? s.name : `${s.name}#${n}`;
  });
}

/**
 * The keys of a longest common subsequence of `a` and `b`: the slots that kept their relative order. The keys
 * of each list are distinct and the same in both, so it is a longest increasing subsequence of `a`'s positions
 * taken in `b`'s order: O(n log n) (patience sorting), where a table would take the square of the slot count.
 */
function inOrder(a: readonly string[], b: readonly string[]): Set<string> {
  const position = new Map(a.map((k, i) => [k, i]));
  const seq = b.map((k) => position.get(k)!);
  const tails: number[] = [];
  const tailAt: number[] = [];
  const previous = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < seq[i]) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = seq[i];
    tailAt[lo] = i;
    previous[i] = lo > 0 ? tailAt[lo - 1] : -1;
  }
  const out = new Set<string>();
  for (let i = tails.length ? tailAt[tails.length - 1] : -1; i >= 0; i = previous[i]) out.add(b[i]);
  return out;
}

function slotChanges(label: string, older: readonly AbiSlot[], newer: readonly AbiSlot[], where?: SourcePosition): AbiChange[] {
  const changes: AbiChange[] = [];
  // A slot of the newer layout is where it is; a removed one is reported at the interface.
  const newerSlots = new Set(newer);
  const add = (severity: AbiSeverity, slot: AbiSlot, message: string) => {
    const at = newerSlots.has(slot) ? (slot.location ?? where) : where;
    changes.push(change('ABI001', severity, label, `${label} slot ${slot.index}: ${message}`, at, slot));
  };

  const oldKeys = slotKeys(older);
  const newKeys = slotKeys(newer);
  const oldAt = new Map(oldKeys.map((k, i) => [k, older[i]]));
  const newAt = new Map(newKeys.map((k, i) => [k, newer[i]]));
  const kept = inOrder(
    oldKeys.filter((k) => newAt.has(k)),
    newKeys.filter((k) => oldAt.has(k)),
  );

  const pairs: [AbiSlot, AbiSlot][] = [];
  const shifted: [AbiSlot, AbiSlot][] = [];
  newKeys.forEach((k, i) => {
    const o = oldAt.get(k);
    if (!o) return;
    pairs.push([o, newer[i]]);
    if (o.index === newer[i].index) return;
    if (kept.has(k)) shifted.push([o, newer[i]]);
    else add('breaking', newer[i], `${newer[i].name} moved from slot ${o.index}`);
  });

  // A slot gone and another new one at the same index: the method was renamed.
  const removed = older.filter((_, i) => !newAt.has(oldKeys[i]));
  const added = newer.filter((_, i) => !oldAt.has(newKeys[i]));
  for (const n of [...added]) {
    const o = removed.find((r) => r.index === n.index);
    if (!o) continue;
    removed.splice(removed.indexOf(o), 1);
    added.splice(added.indexOf(n), 1);
    pairs.push([o, n]);
    add('breaking', n, `method renamed ${o.name} -> ${n.name}`);
  }
  for (const o of removed) add('breaking', o, `${o.name} removed`);

  const lastMatched = Math.max(-1, ...pairs.map(([, n]) => n.index));
  for (const n of added) {
    if (n.index > lastMatched) add('additive', n, `${n.name} appended at the end; by COM rules a changed interface needs a new IID`);
    else add('breaking', n, `${n.name} inserted before the end: the slots after it move`);
  }

  for (const run of shiftRuns(shifted)) {
    const [o0, n0] = run[0];
    const [o1, n1] = run[run.length - 1];
    const message =
      run.length === 1
        ? `${label} slot ${n0.index}: ${n0.name} moved from slot ${o0.index}`
        : `${label} slots ${n0.index}-${n1.index}: ${n0.name}..${n1.name} moved from slots ${o0.index}-${o1.index}`;
    changes.push(change('ABI001', 'breaking', label, message, n0.location ?? where, n0));
  }

  for (const [o, n] of pairs) signatureChanges(label, o, n, add);
  return changes;
}

/** Shifted slots grouped into runs: consecutive in the newer layout and moved by the same distance. */
function shiftRuns(shifted: readonly [AbiSlot, AbiSlot][]): [AbiSlot, AbiSlot][][] {
  const runs: [AbiSlot, AbiSlot][][] = [];
  for (const pair of shifted) {
    const last = runs[runs.length - 1]?.at(-1);
    if (last && pair[1].index === last[1].index + 1 && pair[1].index - pair[0].index === last[1].index - last[0].index) runs[runs.length - 1].push(pair);
    else runs.push([pair]);
  }
  return runs;
}

const parameterText = (p: AbiParameter) => `[${p.direction}] ${p.type}${p.name ? ` ${p.name}` : ''}`;

function signatureChanges(label: string, o: AbiSlot, n: AbiSlot, add: (severity: AbiSeverity, slot: AbiSlot, message: string) => void): void {
  if (o.returns !== n.returns) add('breaking', n, `${n.name} return type ${o.returns} -> ${n.returns}`);
  const common = Math.min(o.parameters.length, n.parameters.length);
  if (o.parameters.length !== n.parameters.length) {
    const more = n.parameters.length > common;
    const extra = (more ? n : o).parameters.slice(common).map(parameterText).join(', ');
    add('breaking', n, `${n.name} parameter count ${o.parameters.length} -> ${n.parameters.length} (${more ? 'added' : 'removed'}: ${extra})`);
  }
  for (let i = 0; i < common; i++) {
    const [op, np] = [o.parameters[i], n.parameters[i]];
    const which = `${n.name} parameter ${i + 1}${np.name ? ` (${np.name})` : ''}`;
    if (op.direction !== np.direction) add('breaking', n, `${which} direction ${op.direction} -> ${np.direction}`);
    if (op.type !== np.type) add('breaking', n, `${which} type ${op.type} -> ${np.type}`);
    if (op.name !== np.name) add('harmless', n, `${n.name} parameter ${i + 1} renamed ${op.name || '(unnamed)'} -> ${np.name || '(unnamed)'}`);
  }
  // Inherited slots' docs belong to the base, where they are reported.
  const own = n.declaredIn === undefined || n.declaredIn === label;
  if (own && o.doc !== undefined && n.doc !== undefined && (o.doc ?? '') !== (n.doc ?? '')) add('harmless', n, `${n.name} doc comment changed`);
}

/** A change, its properties in the order JSON shows them: code, severity, interface, slot, method, message, location. */
function change(code: AbiChange['code'], severity: AbiSeverity, label: string, message: string, location?: SourcePosition, slot?: AbiSlot): AbiChange {
  const out: AbiChange = slot ? { code, severity, interface: label, slot: slot.index, method: slot.name, message } : { code, severity, interface: label, message };
  if (location) out.location = location;
  return out;
}
