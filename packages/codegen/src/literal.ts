/**
 * Literals in generated code, in one place: string literals, property keys and data values (numbers,
 * bigints, booleans, null, arrays, objects, and expressions as writer functions). IDL text reaches code
 * only as a string literal made here, so it can never end the string or start code. `literal-writer.ts`
 * writes data through ts-morph's writer; this module loads no ts-morph, so the type mapper can use it in
 * commands that print nothing.
 */
import type { WriterFunction } from 'ts-morph';
import type { TsSymbol } from './symbols';

/** A value written as a literal: plain data, or an expression given as a writer function. */
export type Literal = null | boolean | number | bigint | string | WriterFunction | readonly Literal[] | LiteralObject | LiteralLayout;

/** An object literal; properties set to `undefined` are left out. */
export interface LiteralObject {
  readonly [key: string]: Literal | undefined;
}

/** An array or object written one member per line; `quoteKeys` quotes every key (records keyed by IDL names). */
export class LiteralLayout {
  constructor(
    readonly value: readonly Literal[] | LiteralObject,
    readonly quoteKeys: boolean,
  ) {}
}

/** One member per line; nested values stay on one line unless laid out themselves. */
export function lines(value: readonly Literal[] | LiteralObject): LiteralLayout {
  return new LiteralLayout(value, false);
}

/** A record keyed by IDL names, one entry per line, every key quoted: `'IOSTX': ...`. */
export function record(value: LiteralObject): LiteralLayout {
  return new LiteralLayout(value, true);
}

/** Every non-empty array and object at every depth one member per line, as `JSON.stringify(v, null, 2)` lays data out. */
export function deep(value: unknown): Literal {
  if (Array.isArray(value)) return value.length ? lines(value.map(deep)) : [];
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length ? lines(Object.fromEntries(entries.map(([k, v]) => [k, deep(v)]))) : {};
  }
  return value as Literal;
}

/** `new C(1, 2)`: an instance of a class (a global one: nothing is imported for it), as a writer function. */
export function construct(constructor: TsSymbol, ...args: number[]): WriterFunction {
  return (w) => {
    w.write('new ').write(constructor.name).write('(');
    args.forEach((a, i) => w.conditionalWrite(i > 0, ', ').write(String(a)));
    w.write(')');
  };
}

/** Characters a string literal cannot hold as they are: quote, backslash, control characters, line terminators. */
const special = /[\\'\u0000-\u001f\u007f\u2028\u2029]/;
const specialAll = /[\\'\u0000-\u001f\u007f\u2028\u2029]/g;
const escapes: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Whether the writer's `quote()` writes `value` as it is here: it escapes only quotes and backslashes. */
export function isPlainString(value: string): boolean {
  return !/[\u0000-\u001f\u007f\u2028\u2029]/.test(value);
}

/**
 * The text of a single-quoted string literal holding `value`, on one line: `'it\'s'`. For the places where
 * ts-morph takes a name as text (a property or enum member that is not an identifier).
 */
export function stringLiteral(value: string): string {
  if (!special.test(value)) return `'${value}'`;
  return `'${value.replace(specialAll, (c) => escapes[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifier(name: string): boolean {
  return identifierPattern.test(name);
}

/** A property name as code writes it: the name when it is an identifier, else a string literal. */
export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : stringLiteral(name);
}

/**
 * A key of an object literal (a value, not a type): as `propertyKey`, quoted always with `quoted`, and
 * `__proto__` computed (`['__proto__']`), the one key that would set the object's prototype instead of
 * becoming its own member.
 */
export function literalKey(name: string, quoted = false): string {
  if (name === '__proto__') return `[${stringLiteral(name)}]`;
  return quoted ? stringLiteral(name) : propertyKey(name);
}
