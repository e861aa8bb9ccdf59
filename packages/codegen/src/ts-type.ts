/**
 * TypeScript types as data: what the type mapper makes of an IDL type and the emitters put in structures.
 * A reference names its symbol, so a file's imports come from the types it uses (`symbolsOf`), never from
 * reading type text; `type-writer.ts` prints a type through ts-morph's writer.
 */
import type { TsSymbol } from './symbols';

export type TsKeyword = 'bigint' | 'boolean' | 'never' | 'null' | 'number' | 'string' | 'unknown' | 'void';

export type TsType =
  | { readonly kind: 'keyword'; readonly keyword: TsKeyword }
  /** `Name` or `Name<A, B>`. */
  | { readonly kind: 'reference'; readonly symbol: TsSymbol; readonly typeArguments: readonly TsType[] }
  /** Two or more types, none a union itself: `A | null`. */
  | { readonly kind: 'union'; readonly types: readonly TsType[] }
  /** `T[]`. */
  | { readonly kind: 'array'; readonly element: TsType }
  /** An object type written in place: `{ a: ULONG; b?: LPWSTR }`. */
  | { readonly kind: 'object'; readonly members: readonly TsMember[] }
  /** Two or more types that all hold: `{ vt: VARTYPE } & ({ lVal: LONG } | { bstrVal: BSTR })`. */
  | { readonly kind: 'intersection'; readonly types: readonly TsType[] }
  /** A number literal type, as a union's discriminant: `1`, `-2`. */
  | { readonly kind: 'literal'; readonly value: number }
  /** The type of one member of an enum, as a union's discriminant: `VARKIND.VAR_CONST`. */
  | { readonly kind: 'enum-member'; readonly symbol: TsSymbol; readonly member: string };

export interface TsMember {
  /** The property's name as in the IDL (quoted when printed if it is not an identifier). */
  readonly name: string;
  readonly optional: boolean;
  readonly type: TsType;
}

const keyword = (k: TsKeyword): TsType => ({ kind: 'keyword', keyword: k });

/** The keyword types. */
export const tsBigint = keyword('bigint');
export const tsBoolean = keyword('boolean');
export const tsNever = keyword('never');
export const tsNull = keyword('null');
export const tsNumber = keyword('number');
export const tsString = keyword('string');
export const tsUnknown = keyword('unknown');
export const tsVoid = keyword('void');

export function reference(symbol: TsSymbol, ...typeArguments: TsType[]): TsType {
  return { kind: 'reference', symbol, typeArguments };
}

/** The union of `types`, nested unions flattened; one type is itself. */
export function union(...types: TsType[]): TsType {
  const flat = types.flatMap((t) => (t.kind === 'union' ? t.types : [t]));
  return flat.length === 1 ? flat[0] : { kind: 'union', types: flat };
}

export function arrayOf(element: TsType): TsType {
  return { kind: 'array', element };
}

export function objectType(members: readonly TsMember[]): TsType {
  return { kind: 'object', members };
}

/** The intersection of `types`; one type is itself. */
export function intersection(...types: TsType[]): TsType {
  return types.length === 1 ? types[0] : { kind: 'intersection', types };
}

export function literalType(value: number): TsType {
  return { kind: 'literal', value };
}

/** `E.M`: the type of the member `member` (its key in the TypeScript enum) of the enum `symbol`. */
export function enumMemberType(symbol: TsSymbol, member: string): TsType {
  return { kind: 'enum-member', symbol, member };
}

/** Whether a type ends in `| null` (the form `nullable` gives). */
function endsWithNull(t: TsType): boolean {
  return t.kind === 'union' && t.types[t.types.length - 1] === tsNull;
}

/** `T | null`; a type that already ends in `null`, and `unknown`, stay as they are. */
export function nullable(t: TsType): TsType {
  return endsWithNull(t) || t === tsUnknown ? t : union(t, tsNull);
}

/** The type without its trailing `| null`: `T[] | null` -> `T[]`. */
export function nonNullable(t: TsType): TsType {
  return t.kind === 'union' && endsWithNull(t) ? union(...t.types.slice(0, -1)) : t;
}

/** Calls `visit` with every symbol the type refers to, in order. */
export function forEachSymbol(t: TsType, visit: (symbol: TsSymbol) => void): void {
  switch (t.kind) {
    case 'keyword':
      return;
    case 'reference':
      visit(t.symbol);
      for (const a of t.typeArguments) forEachSymbol(a, visit);
      return;
    case 'union':
      for (const u of t.types) forEachSymbol(u, visit);
      return;
    case 'array':
      forEachSymbol(t.element, visit);
      return;
    case 'object':
      for (const m of t.members) forEachSymbol(m.type, visit);
      return;
    case 'intersection':
      for (const u of t.types) forEachSymbol(u, visit);
      return;
    case 'literal':
      return;
    case 'enum-member':
      visit(t.symbol);
      return;
  }
}
