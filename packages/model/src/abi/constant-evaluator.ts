/**
 * Values of IDL constant expressions (`const ULONG X = 0x10 | Y;`, enum values), computed at generation time
 * so that generated constants are plain literals. C integer semantics on 64-bit values; names resolve to
 * other constants and enum members.
 */
import type { Expression } from '@comidl/parser';
import { MAX_EVALUATION_DEPTH } from '../limits';

export type ConstantValue = bigint | number | string | boolean;

export type NameLookup = (name: string) => ConstantValue | undefined;

/** Whether a name is a type (a typedef, struct, enum...): `(ULONG)-1` is then a cast, not a subtraction. */
export type TypeTest = (name: string) => boolean;

/**
 * The value of `e`, or undefined when it is not a compile-time constant we can compute. `isType` tells the
 * names of types from those of constants, which the parser cannot (see `castOperand`).
 */
export function evaluate(e: Expression, lookup: NameLookup, isType: TypeTest = () => false): ConstantValue | undefined {
  // Evaluations nest through the names a value looks up (each a constant with an expression of its own): past
  // the limit there is no value, where the stack would otherwise run out.
  if (nesting >= MAX_EVALUATION_DEPTH) return undefined;
  nesting++;
  try {
    return evaluateNode(e, lookup, isType);
  } finally {
    nesting--;
  }
}

/** Evaluations under way, across lookups (one thread: this is the depth of the evaluation stack). */
let nesting = 0;

/** Results past this many bits are not computed: chains of products would otherwise grow without bound. */
const MAX_BITS = 128n;

function bounded(v: bigint): bigint | undefined {
  return v >> MAX_BITS === 0n || v >> MAX_BITS === -1n ? v : undefined;
}

function evaluateNode(e: Expression, lookup: NameLookup, isType: TypeTest): ConstantValue | undefined {
  const value = (x: Expression) => evaluate(x, lookup, isType);
  switch (e.kind) {
    case 'number':
      return parseNumber(e.text);
    case 'string':
      return e.value;
    case 'char':
      return charValue(e.literal);
    case 'name':
      if (e.name === 'TRUE' || e.name === 'true') return lookup(e.name) ?? 1n;
      if (e.name === 'FALSE' || e.name === 'false') return lookup(e.name) ?? 0n;
      return lookup(e.name);
    case 'paren':
      return value(e.expression);
    case 'cast': {
      const v = value(e.operand);
      return typeof v === 'bigint' ? castInteger(v, e.type.specifiers.type.kind === 'base-type' ? e.type.specifiers.type.name : null) : v;
    }
    case 'unary': {
      const v = value(e.operand);
      if (typeof v === 'number') return e.operator === '-' ? -v : e.operator === '+' ? v : undefined;
      if (typeof v !== 'bigint') return undefined;
      switch (e.operator) {
        case '-': return -v;
        case '+': return v;
        case '~': return ~v;
        case '!': return v === 0n ? 1n : 0n;
        default: return undefined;
      }
    }
    case 'binary': {
      const cast = castOperand(e, isType);
      if (cast) return value(cast);
      const l = value(e.left);
      const r = value(e.right);
      if (typeof l === 'bigint' && typeof r === 'bigint') {
        const v = integerBinary(e.operator, l, r);
        return v === undefined ? v : bounded(v);
      }
      if ((typeof l === 'number' || typeof l === 'bigint') && (typeof r === 'number' || typeof r === 'bigint')) {
        return floatBinary(e.operator, Number(l), Number(r));
      }
      return undefined;
    }
    case 'conditional': {
      const c = value(e.condition);
      if (c === undefined) return undefined;
      return c !== 0n && c !== 0 && c !== false ? value(e.whenTrue) : value(e.whenFalse);
    }
    default:
      return undefined;
  }
}

/**
 * `(T)-x` and `(T)+x` with `T` a type name: the parser, which does not know type names, reads a subtraction
 * (an addition) whose left operand is `(T)`. In C it is the cast of `-x`, and a cast binds tighter than any
 * binary operator, so the sign goes to the leftmost operand of the right side: `(T)-1*2` is `((T)-1)*2`.
 * Returns that expression without the cast (a cast to a typedef leaves the value as it is; the declared type
 * of the constant decides how it is written), or undefined when `e` is not of that form.
 */
function castOperand(e: Extract<Expression, { kind: 'binary' }>, isType: TypeTest): Expression | undefined {
  if ((e.operator !== '-' && e.operator !== '+') || e.left.kind !== 'paren') return undefined;
  const inner = e.left.expression;
  if (inner.kind !== 'name' || !isType(inner.name)) return undefined;
  const signed = (x: Expression): Expression =>
    x.kind === 'binary' ? { ...x, left: signed(x.left) } : { kind: 'unary', operator: e.operator as '-' | '+', operand: x, span: x.span };
  return signed(e.right);
}

function parseNumber(text: string): ConstantValue | undefined {
  const t = text.replace(/[uUlL]+$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt(t);
  if (/^0[0-7]+$/.test(t)) return BigInt(`0o${t.slice(1)}`);
  if (/^[0-9]+$/.test(t)) return BigInt(t);
  const f = Number(t.replace(/[fF]$/, ''));
  return Number.isFinite(f) ? f : undefined;
}

const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };

function charValue(literal: string): bigint | undefined {
  const m = /^L?'(.*)'$/s.exec(literal);
  if (!m) return undefined;
  const body = m[1];
  if (body.length === 1) return BigInt(body.codePointAt(0)!);
  if (body.startsWith('\\x')) return BigInt(parseInt(body.slice(2), 16));
  if (/^\\[0-7]+$/.test(body)) return BigInt(parseInt(body.slice(1), 8));
  if (body.length === 2 && body[0] === '\\' && body[1] in escapes) return BigInt(escapes[body[1]]);
  return undefined;
}

function castInteger(v: bigint, type: string | null): bigint {
  switch (type) {
    case 'unsigned char': case 'byte': return BigInt.asUintN(8, v);
    case 'char': case 'signed char': case 'small': return BigInt.asIntN(8, v);
    case 'unsigned short': return BigInt.asUintN(16, v);
    case 'short': case 'signed short': return BigInt.asIntN(16, v);
    case 'unsigned long': case 'unsigned int': case 'unsigned': return BigInt.asUintN(32, v);
    case 'long': case 'int': case 'signed long': case 'signed int': return BigInt.asIntN(32, v);
    default: return v;
  }
}

function integerBinary(op: string, l: bigint, r: bigint): bigint | undefined {
  switch (op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return r === 0n ? undefined : l / r;
    case '%': return r === 0n ? undefined : l % r;
    case '<<': return r < 0n || r > 63n ? undefined : BigInt.asIntN(64, l << r);
    case '>>': return r < 0n || r > 63n ? undefined : l >> r;
    case '&': return l & r;
    case '|': return l | r;
    case '^': return l ^ r;
    case '&&': return l !== 0n && r !== 0n ? 1n : 0n;
    case '||': return l !== 0n || r !== 0n ? 1n : 0n;
    case '==': return l === r ? 1n : 0n;
    case '!=': return l !== r ? 1n : 0n;
    case '<': return l < r ? 1n : 0n;
    case '>': return l > r ? 1n : 0n;
    case '<=': return l <= r ? 1n : 0n;
    case '>=': return l >= r ? 1n : 0n;
    default: return undefined;
  }
}

function floatBinary(op: string, l: number, r: number): number | undefined {
  switch (op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return l / r;
    default: return undefined;
  }
}
