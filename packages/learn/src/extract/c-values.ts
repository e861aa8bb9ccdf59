/**
 * Integer values of C constant expressions as the reference pages (and IDL `const` declarations)
 * write them: `0x00010000`, `17`, `((ULONG) 0x00000800)`, `0x1 | 0x2`, `1 << 4`, a name defined
 * earlier (`lookup`), with C's integer suffixes (`0x10UL`). Casts to a type name are read as C does:
 * `(ULONG)` before an operand changes nothing for the values here (all fit in 32 bits), so it is
 * skipped; a negative value stays negative. Anything else (floats, strings, braces) has no value.
 */

export type NameValue = (name: string) => number | undefined;

type Tok = { kind: 'num'; value: bigint } | { kind: 'name'; text: string } | { kind: 'op'; text: string };

function tokenize(text: string): Tok[] | null {
  const out: Tok[] = [];
  const re = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|[-+~|&^*/%()]))/y;
  let i = 0;
  const src = text.trim();
  while (i < src.length) {
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m || m[0].length === 0) return null;
    if (m[1] !== undefined) {
      const digits = m[1];
      const octal = /^0\d+$/.test(digits);
      if (octal && /[89]/.test(digits)) return null;
      out.push({ kind: 'num', value: octal ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits) });
    } else if (m[2] !== undefined) out.push({ kind: 'name', text: m[2] });
    else out.push({ kind: 'op', text: m[3]! });
    i = re.lastIndex;
    while (i < src.length && /\s/.test(src[i]!)) i++;
  }
  return out;
}

const BINARY: Record<string, number> = { '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

/** The value of `text`, or null when it is not an integer constant expression we can read. */
export function cIntegerValue(text: string, lookup: NameValue = () => undefined): number | null {
  const toks = tokenize(text);
  if (toks === null || toks.length === 0) return null;
  let pos = 0;
  const peek = (): Tok | undefined => toks[pos];
  const isOp = (t: Tok | undefined, op: string): boolean => t !== undefined && t.kind === 'op' && t.text === op;

  // `( Name Name... )` followed by an operand: a cast.
  const castLength = (): number => {
    if (!isOp(peek(), '(')) return 0;
    let k = pos + 1;
    while (k < toks.length && toks[k]!.kind === 'name') k++;
    if (k === pos + 1 || !isOp(toks[k], ')')) return 0;
    const names = toks.slice(pos + 1, k).map((t) => (t as { text: string }).text);
    if (names.length === 1 && lookup(names[0]!) !== undefined) return 0; // `(X)` with X a constant
    const after = toks[k + 1];
    if (after === undefined || (after.kind === 'op' && !['(', '-', '+', '~'].includes(after.text))) return 0;
    return k + 1 - pos;
  };

  const primary = (): bigint | null => {
    const t = peek();
    if (t === undefined) return null;
    const cast = castLength();
    if (cast > 0) {
      pos += cast;
      return primary();
    }
    if (t.kind === 'num') {
      pos++;
      return t.value;
    }
    if (t.kind === 'name') {
      pos++;
      const v = lookup(t.text);
      return v === undefined ? null : BigInt(v);
    }
    if (t.text === '(') {
      pos++;
      const v = expression(0);
      if (v === null || !isOp(peek(), ')')) return null;
      pos++;
      return v;
    }
    if (t.text === '-' || t.text === '+' || t.text === '~') {
      pos++;
      const v = primary();
      if (v === null) return null;
      return t.text === '-' ? -v : t.text === '~' ? ~v : v;
    }
    return null;
  };

  const expression = (min: number): bigint | null => {
    let left = primary();
    while (left !== null) {
      const t = peek();
      const prec = t !== undefined && t.kind === 'op' ? BINARY[t.text] : undefined;
      if (prec === undefined || prec < min) break;
      pos++;
      const right = expression(prec + 1);
      if (right === null) return null;
      left = apply((t as { text: string }).text, left, right);
    }
    return left;
  };

  const v = expression(0);
  if (v === null || pos !== toks.length) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
}

function apply(op: string, a: bigint, b: bigint): bigint | null {
  switch (op) {
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0n ? null : a / b;
    case '%': return b === 0n ? null : a % b;
    default: return null;
  }
}

/** `0x00010000` for hex-looking texts, the decimal number otherwise: how a value is shown in messages. */
export function formatValue(value: number | null, text: string): string {
  if (value === null) return text;
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return t;
  return /0x/i.test(t) ? `0x${(value >>> 0).toString(16).padStart(8, '0')}` : String(value);
}
