/**
 * The vtable lock (`idl/<lib>/vtable.lock.json`): the layout behind every IID a library has published, kept
 * with the IDL. Generation checks the library against it: a layout behind a locked IID that changed is a
 * problem (COM interfaces are immutable once published), a new IID is added. The file is deterministic
 * JSON, sorted by IID, one slot per line:
 *
 *   { "//": "...", "interfaces": { "<iid>": { "name": "IOSTX", "base": "IUnknown", "slots": [
 *     { "slot": 4, "name": "InitSync", "returns": "long", "parameters": [["in", "unsigned long", "ulFlags"]] } ] } } }
 */
import { compareAbi } from './compare';
import type { AbiChange, AbiDirection, AbiInterface, AbiSnapshot } from './types';

export const LOCK_FILE_NAME = 'vtable.lock.json';

export const LOCK_NOTE =
  'Maintained by comidl: tools/generate.mjs adds new IIDs, tools/check-generated.mjs fails when this file is stale. ' +
  'It records the vtable layout behind every IID of the library: each slot with its return type and parameters ' +
  'as [direction, C type, name], typedefs expanded. A published COM interface never changes: a changed layout ' +
  'needs a new IID (a new interface). tools/generate.mjs --update-lock accepts changed layouts, only for ' +
  'interfaces that were never published.';

/** A lock problem as generation reports it: the change, and the lock file it is about. */
export interface LockProblem extends AbiChange {
  file: string;
}

export interface LockCheck {
  /** Changed layouts behind locked IIDs, locked IIDs gone, an unreadable lock: all breaking. */
  problems: AbiChange[];
  /** What the lock file must contain: locked entries kept (or, with `update`, replaced), new IIDs added. */
  text: string;
}

export interface LockOptions {
  /** Accept the snapshot as it is: changed layouts replace the locked ones, IIDs gone are dropped. */
  update?: boolean;
}

export class LockFormatError extends Error {}

/**
 * Checks a snapshot against the lock's text (null: no lock yet, so every IID is new). Interfaces without an
 * IID are not locked: nothing can ask for them.
 */
export function checkLock(lockText: string | null, snapshot: AbiSnapshot, options: LockOptions = {}): LockCheck {
  const problems: AbiChange[] = [];
  let locked: AbiInterface[] = [];
  if (lockText !== null) {
    try {
      locked = parseLock(lockText);
    } catch (e) {
      if (!(e instanceof LockFormatError)) throw e;
      problems.push({ severity: 'breaking', interface: '', message: `not a vtable lock: ${e.message}; regenerate it with --update-lock` });
    }
  }

  const current = new Map<string, AbiInterface>();
  for (const i of snapshot) {
    if (i.iid === null) continue;
    const other = current.get(i.iid);
    if (other) problems.push({ severity: 'breaking', interface: i.name, message: `${i.name}: IID ${i.iid} is also ${other.name}'s; every interface needs an IID of its own` });
    else current.set(i.iid, i);
  }

  const entries = new Map<string, AbiInterface>();
  for (const entry of locked) {
    const iid = entry.iid!;
    const now = current.get(iid);
    let changes: AbiChange[];
    if (now) {
      // Parameter names are kept up to date; anything else behind a locked IID is a problem.
      changes = compareAbi([entry], [now])
        .filter((c) => c.severity !== 'harmless')
        .map((c) => ({ ...c, severity: 'breaking' }));
    } else {
      const renumbered = snapshot.find((i) => i.name === entry.name);
      const message = renumbered
        ? `${entry.name}: IID ${iid} is locked, but ${entry.name} now has IID ${renumbered.iid ?? 'none'}; clients that query the locked IID no longer find it`
        : `${entry.name}: interface removed, but its IID ${iid} is locked; clients that query it no longer find it`;
      changes = [{ severity: 'breaking', interface: entry.name, message }];
    }
    problems.push(...changes);
    const keep = changes.length > 0 && !options.update;
    if (keep) entries.set(iid, entry);
    else if (now) entries.set(iid, now);
  }
  for (const [iid, i] of current) if (!entries.has(iid)) entries.set(iid, i);
  return { problems, text: formatLock([...entries.values()]) };
}

/** The lock's text for `interfaces` (each with an IID): sorted by IID, one slot per line. */
export function formatLock(interfaces: readonly AbiInterface[]): string {
  const s = (v: string | null) => JSON.stringify(v);
  const entries = [...interfaces]
    .filter((i) => i.iid !== null)
    .sort((a, b) => (a.iid! < b.iid! ? -1 : a.iid! > b.iid! ? 1 : 0))
    .map((i) => {
      const slots = i.slots.map((slot) => {
        const parameters = slot.parameters.map((p) => `[${s(p.direction)}, ${s(p.type)}, ${s(p.name)}]`).join(', ');
        return `        { "slot": ${slot.index}, "name": ${s(slot.name)}, "returns": ${s(slot.returns)}, "parameters": [${parameters}] }`;
      });
      return [
        `    ${s(i.iid)}: {`,
        `      "name": ${s(i.name)},`,
        `      "base": ${s(i.base)},`,
        slots.length ? `      "slots": [\n${slots.join(',\n')}\n      ]` : `      "slots": []`,
        `    }`,
      ].join('\n');
    });
  const body = entries.length ? `{\n${entries.join(',\n')}\n  }` : '{}';
  return `{\n  "//": ${s(LOCK_NOTE)},\n  "interfaces": ${body}\n}\n`;
}

const directions = new Set<string>(['in', 'out', 'in,out']);
const iidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads a lock's text back into snapshot entries; a LockFormatError says what is wrong and where. */
export function parseLock(text: string): AbiInterface[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LockFormatError(`invalid JSON: ${(e as Error).message}`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(raw) || !isObject(raw['interfaces'])) throw new LockFormatError('expected an object with "interfaces"');
  return Object.entries(raw['interfaces']).map(([iid, entry]): AbiInterface => {
    const fail = (what: string): never => {
      throw new LockFormatError(`interfaces.${iid}: ${what}`);
    };
    if (!iidPattern.test(iid)) fail('the key must be an IID, lowercase without braces');
    if (!isObject(entry)) return fail('expected an object');
    if (typeof entry['name'] !== 'string') fail('"name" must be a string');
    if (entry['base'] !== null && typeof entry['base'] !== 'string') fail('"base" must be a string or null');
    if (!Array.isArray(entry['slots'])) fail('"slots" must be an array');
    const slots = (entry['slots'] as unknown[]).map((slot, n) => {
      const where = `slots[${n}]`;
      if (!isObject(slot)) return fail(`${where}: expected an object`);
      if (slot['slot'] !== n) fail(`${where}: "slot" must be ${n}`);
      if (typeof slot['name'] !== 'string' || typeof slot['returns'] !== 'string') fail(`${where}: "name" and "returns" must be strings`);
      if (!Array.isArray(slot['parameters'])) fail(`${where}: "parameters" must be an array`);
      const parameters = (slot['parameters'] as unknown[]).map((p, k) => {
        if (!Array.isArray(p) || p.length !== 3 || !p.every((x) => typeof x === 'string') || !directions.has(p[0] as string)) {
          return fail(`${where}.parameters[${k}]: expected [direction, C type, name] with direction in, out or in,out`);
        }
        const [direction, type, name] = p as [AbiDirection, string, string];
        return { name, direction, type };
      });
      return { index: n, name: slot['name'] as string, returns: slot['returns'] as string, parameters };
    });
    return { name: entry['name'] as string, iid, base: (entry['base'] as string | null) ?? null, slots };
  });
}
