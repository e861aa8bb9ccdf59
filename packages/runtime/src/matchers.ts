/**
 * Argument matchers for programming mocks: `mock.on('SyncBeg', eq(1), anyOut())`. A plain value stands for
 * `eq(value)`; Jest's asymmetric matchers (`expect.anything()`) are accepted too. Every matcher describes
 * itself, and the description is what messages print.
 */
import { describeForMessage, formatValue } from './format.js';

const matcherTag = Symbol.for('comidl.matcher');

export interface Matcher<T = unknown> {
  /** True when the argument (for [out] and [in, out] parameters: the box) is acceptable. */
  matches(value: unknown): boolean;
  /** How messages show the matcher: `any()`, `1`, `oneOf(1, 2)`. */
  describe(): string;
  /** Carries the argument type for TypeScript only. */
  readonly __type?: T;
}

function matcher<T>(matches: (value: unknown) => boolean, describe: () => string): Matcher<T> {
  return {
    matches,
    describe,
    [matcherTag]: true,
    [describeForMessage]: describe,
  } as Matcher<T>;
}

export function isMatcher(value: unknown): value is Matcher {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[matcherTag] === true;
}

function isAsymmetric(value: unknown): value is { asymmetricMatch(v: unknown): boolean; toString(): string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function'
  );
}

/**
 * What an object is, by its built-in tag (`[object Object]`, `[object Array]`, `[object Uint8Array]`):
 * the same for values from another realm, such as those a MessagePort delivers into a test sandbox, whose
 * prototypes are that realm's. Class instances are told apart by their prototypes, as before.
 */
function kindOf(value: object): string {
  const proto = Object.getPrototypeOf(value) as object | null;
  const plain = proto === null || Object.getPrototypeOf(proto) === null;
  const tag = Object.prototype.toString.call(value);
  return plain || Array.isArray(value) || ArrayBuffer.isView(value) ? tag : `class ${tag}`;
}

/** Structural equality: primitives by value (NaN equals NaN), arrays, byte arrays, plain objects, dates, maps and sets. */
function deepEqual(a: unknown, b: unknown, seen = new Map<object, object>()): boolean {
  if (Object.is(a, b) || (a === 0 && b === 0)) return true;
  if (isAsymmetric(b)) return b.asymmetricMatch(a);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
    const kind = kindOf(a);
    if (kind.startsWith('class ') || kind !== kindOf(b)) return false;
  }
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const bv = b as ArrayBufferView;
    const y = new Uint8Array(bv.buffer, bv.byteOffset, bv.byteLength);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (a.size !== m.size) return false;
    for (const [k, v] of a) if (!m.has(k) || !deepEqual(v, m.get(k), seen)) return false;
    return true;
  }
  if (a instanceof Set) {
    const s = b as Set<unknown>;
    return a.size === s.size && [...a].every((v) => s.has(v));
  }
  if (Array.isArray(a)) {
    const y = b as unknown[];
    return a.length === y.length && a.every((v, i) => deepEqual(v, y[i], seen));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen),
  );
}

/** Any argument, `undefined` and `null` included. */
export function any<T = unknown>(): Matcher<T> {
  return matcher(() => true, () => 'any()');
}

/** An argument deeply equal to `expected` (structures field by field, byte arrays byte by byte). */
export function eq<T>(expected: T): Matcher<T> {
  return matcher((value) => deepEqual(value, expected), () => formatValue(expected));
}

/** An argument for which `predicate` is true; `description` is what messages show. */
export function match<T = unknown>(predicate: (value: T) => boolean, description: string): Matcher<T> {
  return matcher((value) => predicate(value as T), () => description);
}

/** An argument that one of the values or matchers accepts. */
export function oneOf<T>(...candidates: ReadonlyArray<T | Matcher<T>>): Matcher<T> {
  const matchers = candidates.map(toMatcher);
  return matcher(
    (value) => matchers.some((m) => m.matches(value)),
    () => `oneOf(${matchers.map((m) => m.describe()).join(', ')})`,
  );
}

/** Any box for an [out] or [in, out] parameter (an object with a `value` member), whatever it holds. */
export function anyOut<T = unknown>(): Matcher<T> {
  return matcher((value) => typeof value === 'object' && value !== null && 'value' in value, () => 'anyOut()');
}

/** Same as `anyOut()`. */
export const outParam = anyOut;

/** An [in, out] box whose value, when the call is made, is accepted by `inner` (a value or a matcher). */
export function inOutWith<T>(inner: T | Matcher<T>): Matcher<{ value: T }> {
  const m = toMatcher(inner);
  return matcher(
    (value) => typeof value === 'object' && value !== null && 'value' in value && m.matches(value.value),
    () => `inOutWith(${m.describe()})`,
  );
}

/** The matcher itself, a Jest asymmetric matcher wrapped, or `eq(value)` for a plain value. */
export function toMatcher<T>(value: T | Matcher<T>): Matcher<T> {
  if (isMatcher(value)) return value as Matcher<T>;
  if (isAsymmetric(value)) {
    const asymmetric = value;
    return matcher((v) => asymmetric.asymmetricMatch(v), () => asymmetric.toString());
  }
  return eq(value as T);
}
