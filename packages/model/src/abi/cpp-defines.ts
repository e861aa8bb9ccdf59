/**
 * Constants a file gives C users through `cpp_quote("#define NAME value")` (`DEVICE_STATE_ACTIVE 0x1` in
 * mmdeviceapi): widl copies the line into the header, so C code sees a constant. The simple ones are read here,
 * with C's meaning: an integer (decimal, hex or octal, with `u`/`l` suffixes), a floating-point number, a
 * string (`"..."`, `L"..."`), a character, each possibly negated, parenthesized or cast to a type name
 * (`((HRESULT)0x80070490)`, `(DWORD)-1`). Anything else (a macro call, an expression naming other macros, a
 * function-like macro, an empty definition) is not a constant and is left out.
 */
import type { ConstantValue } from './constant-evaluator';

export interface CppDefine {
  name: string;
  value: ConstantValue;
  /** The value as written, for a hex literal kept as hex. */
  written: string;
  /** A cast's type name, when there is one (`HRESULT` in `((HRESULT)0x80070490)`). */
  cast: string | null;
}

const DEFINE = /^\s*#\s*define\s+([A-Za-z_]\w*)(?![\w(])\s*(.*?)\s*$/s;
const INTEGER = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/;
const FLOAT = /^(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?[fF]?$/;
const STRING = /^L?"((?:[^"\\\n]|\\.)*)"$/;
const CHAR = /^L?'([^'\\]|\\[ntr0\\'"])'$/;
const CAST = /^\(\s*([A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*)\s*\)\s*(.+)$/s;

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"' };

/** The constant a `cpp_quote` text defines, or null when it is not a simple `#define` of one. */
export function cppDefine(text: string): CppDefine | null {
  const m = DEFINE.exec(text);
  if (!m || !m[2]) return null;
  const parsed = value(m[2].replace(/\/\*.*?\*\/|\/\/.*$/g, '').trim(), 0);
  return parsed && { name: m[1], ...parsed };
}

/** The name a `cpp_quote` text defines as nothing (`#define __VARIANT_NAME_1`), or null. */
export function cppEmptyDefine(text: string): string | null {
  const m = DEFINE.exec(text);
  return m && !m[2].replace(/\/\*.*?\*\/|\/\/.*$/g, '').trim() ? m[1] : null;
}

function value(text: string, depth: number): { value: ConstantValue; written: string; cast: string | null } | null {
  if (depth > 8 || !text) return null;
  let m = INTEGER.exec(text);
  if (m) {
    const digits = m[1];
    const n = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits.startsWith('0') ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
    return { value: n, written: text, cast: null };
  }
  if (FLOAT.exec(text)) {
    const n = Number(text.replace(/[fF]$/, ''));
    return Number.isFinite(n) ? { value: n, written: text, cast: null } : null;
  }
  m = STRING.exec(text);
  if (m) return { value: m[1].replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c), written: text, cast: null };
  m = CHAR.exec(text);
  if (m) return { value: BigInt((m[1].length === 2 ? escapes[m[1][1]] : m[1]).codePointAt(0)!), written: text, cast: null };
  if (text.startsWith('-') || text.startsWith('+')) {
    const inner = value(text.slice(1).trim(), depth + 1);
    if (!inner || typeof inner.value === 'string' || typeof inner.value === 'boolean') return null;
    const negated = text.startsWith('-') ? (typeof inner.value === 'bigint' ? -inner.value : -inner.value) : inner.value;
    return { value: negated, written: text, cast: inner.cast };
  }
  m = CAST.exec(text);
  // `(T)x` with x a number, a string, a negation or a parenthesized value: `(X) + 1` is no cast of a constant.
  if (m && /^[-\w"'(.]/.test(m[2].trim())) {
    const inner = value(m[2].trim(), depth + 1);
    return inner && { value: inner.value, written: inner.written, cast: m[1] };
  }
  if (text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1))) return value(text.slice(1, -1).trim(), depth + 1);
  return null;
}

/** Whether parentheses in `text` pair up (so `(a)(b)` is not read as one parenthesized `a)(b`). */
function balanced(text: string): boolean {
  let open = 0;
  for (const c of text) {
    if (c === '(') open++;
    else if (c === ')' && --open < 0) return false;
  }
  return open === 0;
}
