/**
 * The vtable lock (`idl/<lib>/vtable.lock.json`): the layout behind every IID a library has published, and
 * every structure, union and enum of the library, kept with the IDL. Generation checks the library against
 * it: a layout behind a locked IID that changed, or a locked structure that changed, is a problem (COM
 * interfaces are immutable once published); a new IID or structure is added. The file is deterministic
 * JSON, interfaces sorted by IID and structures by name, one slot or structure per line:
 *
 *   { "//": "...", "version": 2,
 *     "interfaces": { "<iid>": { "name": "IOSTX", "base": "IUnknown", "slots": [
 *       { "slot": 4, "name": "InitSync", "returns": "long", "parameters": [["in", "unsigned long", "ulFlags"]] } ] } },
 *     "structures": {
 *       "MAPISIB": { "kind": "struct", "pack": null, "fields": [["cb", "unsigned long"], ...] },
 *       "SYNCSTATE": { "kind": "enum", "members": [["SYNCSTATE_...", "1"], ...] } } }
 *
 * Format 1 (written before structures were locked) had no "version" and no "structures"; it is read as it
 * is, its structures taken as new, and written back in format 2 with a note, never as an ABI break.
 */
import { compareInterfaces } from './compare';
import { changesOf, structureChange } from './compare-structures';
import type { AbiChange, AbiDirection, AbiInterface, AbiSnapshot, AbiStructure, Located } from './types';

export const LOCK_FILE_NAME = 'vtable.lock.json';

/** The format this comidl writes. */
export const LOCK_VERSION = 2;

export const LOCK_NOTE =
  'Maintained by comidl: generation adds new IIDs and structures, `comidl check` fails when this file is stale. ' +
  'It records the vtable layout behind every IID of the library (each slot with its return type and parameters ' +
  'as [direction, C type, name], typedefs expanded) and every structure, union and enum of the library (fields as ' +
  '[name, C type] in order, the packing; enum members as [name, value]). A published COM interface never changes: ' +
  'a changed layout needs a new IID (a new interface). `comidl generate --update-lock` accepts changes, only for ' +
  'interfaces and structures that were never published.';

/** A lock problem as generation reports it: the change, and the lock file it is about. */
export interface LockProblem extends AbiChange {
  file: string;
}

export interface LockCheck {
  /** Changed layouts behind locked IIDs, locked IIDs or structures gone, an unreadable lock: all breaking. */
  problems: AbiChange[];
  /** What the lock file must contain: locked entries kept (or, with `update`, replaced), new ones added. */
  text: string;
  /** Things worth saying that are not problems: a lock in an older format read and rewritten. */
  notes: string[];
}

export interface LockOptions {
  /** Accept the snapshot as it is: changed layouts replace the locked ones, entries gone are dropped. */
  update?: boolean;
}

export class LockFormatError extends Error {}

/** What a lock file holds. */
export interface LockContent {
  /** 1 for a lock without a "version" field. */
  version: number;
  interfaces: AbiInterface[];
  /** null in a format 1 lock, which recorded none. */
  structures: AbiStructure[] | null;
}

/**
 * Checks a snapshot against the lock's text (null: no lock yet, so everything is new). Interfaces without an
 * IID are not locked: nothing can ask for them.
 */
export function checkLock(lockText: string | null, snapshot: AbiSnapshot, options: LockOptions = {}): LockCheck {
  const problems: AbiChange[] = [];
  const notes: string[] = [];
  let locked: LockContent = { version: LOCK_VERSION, interfaces: [], structures: [] };
  if (lockText !== null) {
    try {
      locked = parseLock(lockText);
    } catch (e) {
      if (!(e instanceof LockFormatError)) throw e;
      problems.push({ code: 'ABI004', severity: 'breaking', interface: '', message: `not a vtable lock: ${e.message}; regenerate it with --update-lock` });
    }
  }
  if (locked.version < LOCK_VERSION) {
    notes.push(`written by an older comidl (format ${locked.version}); rewritten in format ${LOCK_VERSION}, which also locks the library's structures, unions and enums`);
  }

  const current = new Map<string, AbiInterface>();
  for (const i of snapshot.interfaces) {
    if (i.iid === null) continue;
    const other = current.get(i.iid);
    if (other) {
      problems.push(withLocation({ code: 'ABI002', severity: 'breaking', interface: i.name, message: `${i.name}: IID ${i.iid} is also ${other.name}'s; every interface needs an IID of its own` }, i));
    }
    else current.set(i.iid, i);
  }

  const entries = new Map<string, AbiInterface>();
  for (const entry of locked.interfaces) {
    const iid = entry.iid!;
    const now = current.get(iid);
    let changes: AbiChange[];
    if (now) {
      // Parameter names are kept up to date; anything else behind a locked IID is a problem.
      changes = compareInterfaces([entry], [now])
        .filter((c) => c.severity !== 'harmless')
        .map((c) => ({ ...c, severity: 'breaking' }));
    } else {
      const renumbered = snapshot.interfaces.find((i) => i.name === entry.name);
      const message = renumbered
        ? `${entry.name}: IID ${iid} is locked, but ${entry.name} now has IID ${renumbered.iid ?? 'none'}; clients that query the locked IID no longer find it`
        : `${entry.name}: interface removed, but its IID ${iid} is locked; clients that query it no longer find it`;
      changes = [withLocation({ code: 'ABI002', severity: 'breaking', interface: entry.name, message }, renumbered)];
    }
    problems.push(...changes);
    const keep = changes.length > 0 && !options.update;
    if (keep) entries.set(iid, entry);
    else if (now) entries.set(iid, now);
  }
  for (const [iid, i] of current) if (!entries.has(iid)) entries.set(iid, i);

  const structures = new Map<string, AbiStructure>();
  const currentStructures = new Map(snapshot.structures.map((s) => [s.name, s]));
  for (const entry of locked.structures ?? []) {
    const now = currentStructures.get(entry.name);
    const changes: AbiChange[] = now
      ? changesOf(entry, now).filter((c) => c.severity === 'breaking')
      : [structureChange('breaking', entry.name, `${entry.kind} ${entry.name}: removed, but it is locked; code compiled against it no longer finds it`)];
    problems.push(...changes);
    if (changes.length > 0 && !options.update) structures.set(entry.name, entry);
    else if (now) structures.set(entry.name, now);
  }
  for (const [name, s] of currentStructures) if (!structures.has(name)) structures.set(name, s);

  return { problems, notes, text: formatLock({ interfaces: [...entries.values()], structures: [...structures.values()] }) };
}

/** The lock's text: interfaces (each with an IID) sorted by IID, structures by name, one slot or structure a line. */
export function formatLock(content: Pick<LockContent, 'interfaces'> & { structures: readonly AbiStructure[] | null }): string {
  const s = (v: string | number | null) => JSON.stringify(v);
  const byKey = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const interfaces = content.interfaces
    .filter((i) => i.iid !== null)
    .sort(byKey((i) => i.iid!))
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
  const structures = [...(content.structures ?? [])].sort(byKey((x) => x.name)).map((x) => {
    const body =
      x.kind === 'enum'
        ? `"kind": "enum", "members": [${x.members.map((m) => `[${s(m.name)}, ${s(m.value)}]`).join(', ')}]`
        : `"kind": ${s(x.kind)}, "pack": ${s(x.pack)}, ${x.pack32 !== undefined ? `"pack32": ${s(x.pack32)}, ` : ''}"fields": [${x.fields.map((f) => `[${s(f.name)}, ${s(f.type)}]`).join(', ')}]`;
    return `    ${s(x.name)}: { ${body} }`;
  });
  const block = (lines: string[]) => (lines.length ? `{\n${lines.join(',\n')}\n  }` : '{}');
  return `{\n  "//": ${s(LOCK_NOTE)},\n  "version": ${LOCK_VERSION},\n  "interfaces": ${block(interfaces)},\n  "structures": ${block(structures)}\n}\n`;
}

const directions = new Set<string>(['in', 'out', 'in,out']);
const iidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringPair = (p: unknown): p is [string, string] => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string');

/** Reads a lock's text back; a LockFormatError says what is wrong and where. */
export function parseLock(text: string): LockContent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LockFormatError(`invalid JSON: ${(e as Error).message}`);
  }
  if (!isObject(raw) || !isObject(raw['interfaces'])) throw new LockFormatError('expected an object with "interfaces"');
  const version = raw['version'] ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new LockFormatError('"version" must be a positive integer');
  if (version > LOCK_VERSION) throw new LockFormatError(`format ${version} is newer than this comidl reads (${LOCK_VERSION}); update comidl`);
  if (version >= 2 && !isObject(raw['structures'])) throw new LockFormatError('expected "structures" (format 2)');
  return {
    version,
    interfaces: Object.entries(raw['interfaces']).map(([iid, entry]) => parseInterface(iid, entry)),
    structures: version >= 2 ? Object.entries(raw['structures'] as Record<string, unknown>).map(([name, entry]) => parseStructure(name, entry)) : null,
  };
}

function parseInterface(iid: string, entry: unknown): AbiInterface {
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
}

function parseStructure(name: string, entry: unknown): AbiStructure {
  const fail = (what: string): never => {
    throw new LockFormatError(`structures.${name}: ${what}`);
  };
  if (!isObject(entry)) return fail('expected an object');
  const kind = entry['kind'];
  if (kind === 'enum') {
    const members = entry['members'];
    if (!Array.isArray(members) || !members.every(isStringPair)) return fail('"members" must be an array of [name, value]');
    return { kind, name, members: members.map(([n, value]) => ({ name: n, value })) };
  }
  if (kind !== 'struct' && kind !== 'union') return fail('"kind" must be struct, union or enum');
  const pack = entry['pack'];
  if (pack !== null && (typeof pack !== 'number' || !Number.isInteger(pack) || pack < 1)) fail('"pack" must be null or a positive integer');
  const pack32 = entry['pack32'];
  if (pack32 !== undefined && pack32 !== null && (typeof pack32 !== 'number' || !Number.isInteger(pack32) || pack32 < 1)) fail('"pack32" must be null or a positive integer');
  const fields = entry['fields'];
  if (!Array.isArray(fields) || !fields.every(isStringPair)) return fail('"fields" must be an array of [name, C type]');
  return { kind, name, pack: pack as number | null, ...(pack32 !== undefined ? { pack32: pack32 as number | null } : {}), fields: fields.map(([n, type]) => ({ name: n, type })) };
}

/** A change at the IDL position of `at`, when it has one. */
function withLocation(change: AbiChange, at: Located | undefined): AbiChange {
  if (at?.location) change.location = at.location;
  return change;
}
