/**
 * Records keyed by names that come from IDL (interfaces, structures, fields, methods, constants): every
 * such name must come out as itself, `__proto__`, `constructor` and `toString` included. A record has no
 * prototype, so a lookup finds only its own keys; a member is set as an own data property, so that
 * `__proto__` is a key like any other instead of the prototype's setter.
 */

/** An empty record without prototype. */
export function nameRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Sets `key` on `target` as an own data property, whatever the key (`__proto__` included). */
export function setMember(target: object, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

/** A frozen record without prototype holding `source`'s own members (made from generated data). */
export function freezeRecord<T>(source: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  const out = nameRecord<T>();
  for (const key of Object.keys(source)) setMember(out, key, source[key]);
  return Object.freeze(out);
}

/**
 * A deep copy of plain data in which every object has no prototype, frozen: what generated protocol
 * descriptions are (their objects are keyed by method, parameter, property and constant names).
 */
export function freezeData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(freezeData)) as T;
  const out = nameRecord<unknown>();
  for (const key of Object.keys(value)) setMember(out, key, freezeData((value as Record<string, unknown>)[key]));
  return Object.freeze(out) as T;
}
