/**
 * Comparing the structures, unions and enums of two ABI snapshots. Compiled code reads a structure by
 * offsets, and comidl's channels carry it by field names, so every change to a structure that exists in both
 * is breaking: a field renamed, moved, retyped, added or removed, the packing changed; for an enum a member
 * renamed, removed or given another value. A new structure, or a member appended to an enum, is additive.
 */
import type { SourcePosition } from '@comidl/parser';
import type { AbiChange, AbiEnumMember, AbiField, AbiStructure, Located } from './types';

export function structureChanges(older: readonly AbiStructure[], newer: readonly AbiStructure[]): AbiChange[] {
  const changes: AbiChange[] = [];
  const oldByName = new Map(older.map((s) => [s.name, s]));
  const newNames = new Set(newer.map((s) => s.name));
  for (const n of newer) {
    const o = oldByName.get(n.name);
    if (!o) {
      changes.push(structureChange('additive', n.name, `${n.kind} ${n.name}: new`, n.location));
      continue;
    }
    changes.push(...changesOf(o, n));
  }
  for (const o of older) {
    if (!newNames.has(o.name)) changes.push(structureChange('breaking', o.name, `${o.kind} ${o.name}: removed`));
  }
  return changes;
}

/** The changes of one structure, union or enum that exists in both snapshots. */
export function changesOf(o: AbiStructure, n: AbiStructure): AbiChange[] {
  const changes: AbiChange[] = [];
  // At the field or member of the newer structure the change is about, else at the structure.
  const add: Add = (severity, message, at) => changes.push(structureChange(severity, n.name, `${n.kind} ${n.name}: ${message}`, at?.location ?? n.location));
  if (o.kind !== n.kind) {
    add('breaking', `was a ${o.kind}`);
    return changes;
  }
  if (o.kind === 'enum' && n.kind === 'enum') {
    memberChanges(o.members, n.members, add);
    return changes;
  }
  if (o.kind !== 'enum' && n.kind !== 'enum') {
    if (o.pack !== n.pack) add('breaking', `packing ${o.pack ?? 'natural'} -> ${n.pack ?? 'natural'}`);
    const [o32, n32] = [o.pack32 === undefined ? o.pack : o.pack32, n.pack32 === undefined ? n.pack : n.pack32];
    if (o32 !== n32 && o.pack === n.pack) add('breaking', `packing on 32-bit ${o32 ?? 'natural'} -> ${n32 ?? 'natural'}`);
    fieldChanges(o.fields, n.fields, add);
  }
  return changes;
}

type Add = (severity: AbiChange['severity'], message: string, at?: Located) => void;

export function structureChange(severity: AbiChange['severity'], name: string, message: string, location?: SourcePosition): AbiChange {
  const out: AbiChange = { code: 'ABI003', severity, interface: '', structure: name, message };
  if (location) out.location = location;
  return out;
}

/** Fields by position and name: moved, renamed, retyped, inserted, appended or removed; all breaking. */
function fieldChanges(older: readonly AbiField[], newer: readonly AbiField[], add: Add): void {
  const oldIndex = new Map(older.map((f, i) => [f.name, i]));
  const newIndex = new Map(newer.map((f, i) => [f.name, i]));
  const renamedFrom = new Set<number>();
  newer.forEach((f, i) => {
    const j = oldIndex.get(f.name);
    const at = `field ${i + 1} (${f.name})`;
    if (j === undefined) {
      const there = older[i];
      if (there && !newIndex.has(there.name)) {
        renamedFrom.add(i);
        add('breaking', `field ${i + 1} renamed ${there.name} -> ${f.name}`, f);
        if (there.type !== f.type) add('breaking', `${at} type ${there.type} -> ${f.type}`, f);
      } else {
        add('breaking', i >= older.length ? `${at} appended: the structure's size changes` : `${at} inserted: the fields after it move`, f);
      }
      return;
    }
    if (j !== i) add('breaking', `${at} moved from field ${j + 1}`, f);
    if (older[j].type !== f.type) add('breaking', `${at} type ${older[j].type} -> ${f.type}`, f);
  });
  older.forEach((f, j) => {
    if (!newIndex.has(f.name) && !renamedFrom.has(j)) add('breaking', `field ${j + 1} (${f.name}) removed`);
  });
}

/** Enum members by name: values changed or removed are breaking, new members additive. */
function memberChanges(older: readonly AbiEnumMember[], newer: readonly AbiEnumMember[], add: Add): void {
  const oldByName = new Map(older.map((m) => [m.name, m]));
  const newByName = new Map(newer.map((m) => [m.name, m]));
  const oldByValue = new Map(older.map((m) => [m.value, m]));
  for (const m of newer) {
    const o = oldByName.get(m.name);
    if (!o) {
      const renamed = oldByValue.get(m.value);
      if (renamed && !newByName.has(renamed.name)) add('breaking', `member ${renamed.name} renamed -> ${m.name} (value ${m.value})`, m);
      else add('additive', `member ${m.name} = ${m.value} added`, m);
    } else if (o.value !== m.value) {
      add('breaking', `member ${m.name} value ${o.value} -> ${m.value}`, m);
    }
  }
  for (const o of older) {
    if (newByName.has(o.name)) continue;
    const renamed = newer.find((m) => m.value === o.value && !oldByName.has(m.name));
    if (!renamed) add('breaking', `member ${o.name} (${o.value}) removed`);
  }
}
