/**
 * Evaluation of `#if` / `#elif` controlling expressions: C integer constant expressions computed in 64 bits
 * (`intmax_t` / `uintmax_t`) with BigInt, following GCC's preprocessor:
 *
 * - integer literals in decimal, octal, hex (and GNU binary) with `u`/`l`/`ll` suffixes; a literal that does
 *   not fit `intmax_t` is unsigned; character literals (`'a'`, `'\n'`, `'\x41'`, `L'a'`, multi-character);
 * - the usual arithmetic conversions: if either operand is unsigned, both are, and results wrap modulo 2^64;
 * - shifts keep the left operand's type, a negative count shifts the other way, a count of 64 or more gives 0
 *   (or -1 for a negative signed value shifted right);
 * - `&&`, `||` and `?:` short-circuit: division by zero in an unevaluated operand is not an error;
 * - identifiers that are not macros (already expanded by the caller) are 0; `defined X` / `defined(X)` that
 *   come out of a macro expansion are still honoured.
 *
 * Problems are reported with the column of the offending token and make the whole condition false.
 */
import { PP, PPCode, Reporter } from './codes';
import { CHAR, IDENT, NUMBER, PUNCT } from './lexer';
import { Tok } from './tokens';

interface Value {
  v: bigint;
  u: boolean;
}

const ZERO: Value = { v: 0n, u: false };
const ONE: Value = { v: 1n, u: false };
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

class ExprError {
  constructor(
    readonly code: PPCode,
    readonly line: number,
    readonly col: number,
    readonly message: string,
  ) {}
}

export interface MacroLookup {
  has(name: string): boolean;
}

/**
 * Evaluates the (already macro-expanded) tokens of a condition. `end` is the position just past the
 * directive, used for "expected a value" at the end. Returns false after reporting any error.
 */
export function evaluateCondition(tokens: readonly Tok[], macros: MacroLookup, report: Reporter, end: { line: number; col: number }): boolean {
  try {
    const p = new ExprParser(tokens, macros, end);
    if (tokens.length === 0) throw new ExprError(PP.ExpressionSyntax, end.line, end.col, '#if with no expression');
    const r = p.expression(1);
    p.expectEnd();
    return r.v !== 0n;
  } catch (e) {
    if (e instanceof ExprError) report.error(e.code, e.line, e.col, e.message);
    else {
      // Only a stack overflow on absurdly nested input gets here.
      const t = tokens[0];
      report.error(PP.ExpressionSyntax, t?.line ?? end.line, t?.col ?? end.col, 'expression too deeply nested');
    }
    return false;
  }
}

// Binary operator precedences (higher binds tighter).
const PREC: Record<string, number> = {
  ',': 1,
  '?': 2,
  '||': 3,
  '&&': 4,
  '|': 5,
  '^': 6,
  '&': 7,
  '==': 8,
  '!=': 8,
  '<': 9,
  '>': 9,
  '<=': 9,
  '>=': 9,
  '<<': 10,
  '>>': 10,
  '+': 11,
  '-': 11,
  '*': 12,
  '/': 12,
  '%': 12,
};

class ExprParser {
  private i = 0;
  /** > 0 inside an operand that short-circuiting leaves unevaluated. */
  private skip = 0;

  constructor(
    private readonly tokens: readonly Tok[],
    private readonly macros: MacroLookup,
    private readonly end: { line: number; col: number },
  ) {}

  expectEnd(): void {
    const t = this.tokens[this.i];
    if (t === undefined) return;
    if (t.is(')')) throw this.error(t, "missing '(' in expression");
    if (t.is(':')) throw this.error(t, "':' without preceding '?'");
    if (PREC[t.text] === undefined && (t.kind === NUMBER || t.kind === IDENT || t.kind === CHAR || t.is('('))) {
      throw this.error(t, `missing binary operator before token '${t.text}'`);
    }
    throw this.error(t, `token '${t.text}' is not valid in preprocessor expressions`);
  }

  expression(minPrec: number): Value {
    let left = this.unary();
    for (;;) {
      const op = this.tokens[this.i];
      if (op === undefined || op.kind !== PUNCT) return left;
      const prec = PREC[op.text];
      if (prec === undefined || prec < minPrec) return left;
      this.i++;
      switch (op.text) {
        case '?': {
          const cond = left.v !== 0n;
          const mid = this.guarded(!cond, () => this.expression(1));
          const colon = this.tokens[this.i];
          if (colon === undefined || !colon.is(':')) {
            throw colon === undefined ? this.errorAtEnd("'?' without following ':'") : this.error(colon, "'?' without following ':'");
          }
          this.i++;
          const right = this.guarded(cond, () => this.expression(2));
          const u = mid.u || right.u;
          left = norm(cond ? mid.v : right.v, u);
          break;
        }
        case '&&': {
          const l = left.v !== 0n;
          const r = this.guarded(!l, () => this.expression(prec + 1));
          left = l && r.v !== 0n ? ONE : ZERO;
          break;
        }
        case '||': {
          const l = left.v !== 0n;
          const r = this.guarded(l, () => this.expression(prec + 1));
          left = l || r.v !== 0n ? ONE : ZERO;
          break;
        }
        case ',':
          left = this.expression(prec + 1);
          break;
        default:
          left = this.binary(op, left, this.expression(prec + 1));
      }
    }
  }

  private guarded(skipped: boolean, f: () => Value): Value {
    if (skipped) this.skip++;
    try {
      return f();
    } finally {
      if (skipped) this.skip--;
    }
  }

  private unary(): Value {
    const t = this.tokens[this.i];
    if (t === undefined) {
      const prev = this.tokens[this.i - 1];
      throw this.errorAtEnd(prev !== undefined && prev.kind === PUNCT ? `operator '${prev.text}' has no right operand` : 'expected a value');
    }
    this.i++;
    switch (t.kind) {
      case NUMBER:
        return parseInteger(t);
      case CHAR:
        return parseChar(t);
      case IDENT:
        if (t.text === 'defined') return this.defined();
        return ZERO;
      case PUNCT:
        switch (t.text) {
          case '(': {
            if (this.tokens[this.i]?.is(')')) throw this.error(this.tokens[this.i], "missing expression between '(' and ')'");
            const v = this.expression(1);
            const c = this.tokens[this.i];
            if (c === undefined || !c.is(')')) {
              throw c === undefined ? this.errorAtEnd("missing ')' in expression") : this.error(c, `missing ')' before '${c.text}'`);
            }
            this.i++;
            return v;
          }
          case '+':
            return this.unary();
          case '-': {
            const v = this.unary();
            return norm(-v.v, v.u);
          }
          case '~': {
            const v = this.unary();
            return norm(~v.v, v.u);
          }
          case '!':
            return this.unary().v === 0n ? ONE : ZERO;
          default:
            if (PREC[t.text] !== undefined || t.text === ':') throw this.error(t, `operator '${t.text}' has no left operand`);
        }
    }
    throw this.error(t, `token '${t.text}' is not valid in preprocessor expressions`);
  }

  /** `defined` left over after macro expansion (the directive handler resolves the ones written directly). */
  private defined(): Value {
    let n = this.tokens[this.i];
    const paren = n !== undefined && n.is('(');
    if (paren) n = this.tokens[++this.i];
    if (n === undefined || n.kind !== IDENT) {
      throw n === undefined ? this.errorAtEnd("operator 'defined' requires an identifier") : this.error(n, "operator 'defined' requires an identifier");
    }
    this.i++;
    if (paren) {
      const c = this.tokens[this.i];
      if (c === undefined || !c.is(')')) throw c === undefined ? this.errorAtEnd("missing ')' after 'defined'") : this.error(c, "missing ')' after 'defined'");
      this.i++;
    }
    return this.macros.has(n.text) ? ONE : ZERO;
  }

  private binary(op: Tok, a: Value, b: Value): Value {
    const s = op.text;
    if (s === '<<' || s === '>>') return shift(a, b, s === '<<');
    const u = a.u || b.u;
    const x = u ? BigInt.asUintN(64, a.v) : a.v;
    const y = u ? BigInt.asUintN(64, b.v) : b.v;
    switch (s) {
      case '*':
        return norm(x * y, u);
      case '/':
      case '%':
        if (y === 0n) {
          if (this.skip > 0) return { v: 0n, u };
          throw new ExprError(PP.DivisionByZero, op.line, op.col, 'division by zero in #if');
        }
        return norm(s === '/' ? x / y : x % y, u);
      case '+':
        return norm(x + y, u);
      case '-':
        return norm(x - y, u);
      case '<':
        return x < y ? ONE : ZERO;
      case '>':
        return x > y ? ONE : ZERO;
      case '<=':
        return x <= y ? ONE : ZERO;
      case '>=':
        return x >= y ? ONE : ZERO;
      case '==':
        return x === y ? ONE : ZERO;
      case '!=':
        return x !== y ? ONE : ZERO;
      case '&':
        return norm(x & y, u);
      case '^':
        return norm(x ^ y, u);
      default: // '|'
        return norm(x | y, u);
    }
  }

  private error(t: Tok, message: string): ExprError {
    return new ExprError(PP.ExpressionSyntax, t.line, t.col, message);
  }

  private errorAtEnd(message: string): ExprError {
    return new ExprError(PP.ExpressionSyntax, this.end.line, this.end.col, message);
  }
}

function norm(v: bigint, u: boolean): Value {
  return { v: u ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v), u };
}

function shift(a: Value, b: Value, left: boolean): Value {
  let n = b.u ? BigInt.asUintN(64, b.v) : b.v;
  if (n < 0n) {
    n = -n;
    left = !left;
  }
  if (left) {
    if (n >= 64n) return { v: 0n, u: a.u };
    return norm(a.v << n, a.u);
  }
  if (n >= 64n) return { v: !a.u && a.v < 0n ? -1n : 0n, u: a.u };
  // BigInt >> is arithmetic; unsigned values are non-negative so it is logical for them.
  return norm(a.v >> n, a.u);
}

const INTEGER = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uU](?:ll|LL|l|L)?|(?:ll|LL|l|L)[uU]?)?$/;

function parseInteger(t: Tok): Value {
  const m = INTEGER.exec(t.text);
  if (m === null) {
    const s = t.text;
    const hex = /^0[xX]/.test(s);
    if (hex ? /[.pP]/.test(s) : /[.eE]/.test(s)) throw new ExprError(PP.InvalidConstant, t.line, t.col, `floating constant '${s}' in preprocessor expression`);
    const digits = /^(0[xX][0-9a-fA-F]*|0[bB][01]*|[0-9]*)/.exec(s)![0];
    throw new ExprError(PP.InvalidConstant, t.line, t.col, `invalid suffix '${s.slice(digits.length)}' on integer constant`);
  }
  const digits = m[1];
  let v: bigint;
  if (digits.length > 1 && digits[0] === '0' && /^[0-9]+$/.test(digits)) {
    if (/[89]/.test(digits)) throw new ExprError(PP.InvalidConstant, t.line, t.col, `invalid digit in octal constant '${t.text}'`);
    v = BigInt('0o' + digits.slice(1));
  } else {
    v = BigInt(digits);
  }
  if (v > UINT64_MAX) throw new ExprError(PP.InvalidConstant, t.line, t.col, `integer constant '${t.text}' is too large for its type`);
  const u = (m[2] !== undefined && /[uU]/.test(m[2])) || v > INT64_MAX;
  return norm(v, u);
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  e: 27,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
};

function parseChar(t: Tok): Value {
  const s = t.text;
  const wide = s[0] === 'L';
  const body = s.slice(wide ? 2 : 1, -1);
  const units: number[] = [];
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      units.push(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1] ?? '';
    i += 2;
    if (SIMPLE_ESCAPES[e] !== undefined) units.push(SIMPLE_ESCAPES[e]);
    else if (e >= '0' && e <= '7') {
      let k = i - 1;
      let v = 0;
      while (k < body.length && k < i + 2 && body[k] >= '0' && body[k] <= '7') v = v * 8 + (body.charCodeAt(k++) - 48);
      i = k;
      units.push(v);
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const max = e === 'x' ? Infinity : e === 'u' ? 4 : 8;
      let k = i;
      while (k < body.length && k - i < max && /[0-9a-fA-F]/.test(body[k])) k++;
      if (k === i) throw new ExprError(PP.InvalidConstant, t.line, t.col, `\\${e} used with no following hex digits`);
      units.push(Number(BigInt.asUintN(32, BigInt('0x' + body.slice(i, k)))));
      i = k;
    } else {
      units.push(e.charCodeAt(0) || 92);
    }
  }
  if (units.length === 0) throw new ExprError(PP.InvalidConstant, t.line, t.col, 'empty character constant');
  if (wide) return { v: BigInt(units[units.length - 1]), u: false };
  if (units.length === 1) {
    const c = units[0];
    // `char` is signed, as on the x86 targets GCC and widl run on.
    return { v: BigInt(c <= 0xff && c >= 0x80 ? c - 256 : c), u: false };
  }
  let v = 0;
  for (const c of units) v = ((v << 8) | (c & 0xff)) | 0;
  return { v: BigInt(v), u: false };
}
