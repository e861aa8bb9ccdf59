/**
 * C/C++ method declarations from the code blocks of method pages, e.g.
 *
 *   HRESULT SyncBeg(
 *       UINT uiSync,
 *       LPVOID *ppv
 *   );
 *
 * Type normalization (`normalizeType`), applied to return and parameter types:
 *  - comments are removed and whitespace runs collapse to one space;
 *  - `*` and `&` attach to what precedes them (`LPSSTREAM *` → `LPSSTREAM*`, `IOSTX * *` → `IOSTX**`);
 *  - a word after `*` is separated by one space (`char * const` → `char* const`);
 *  - no space inside or before `[...]` array suffixes;
 *  - identifiers are kept as written: `FAR`, `const`, typedef names (`LPVOID`, `LPULONG`) are not
 *    expanded here (the comparer decides what counts as equivalent).
 */
import type { Direction } from '../types';

export interface ParsedParam {
  name: string;
  type: string;
  /** Direction from an attribute written in the code block (`[in]`, `_Out_`), else null. */
  direction: Direction | null;
}

export interface ParsedSignature {
  name: string;
  returnType: string;
  params: ParsedParam[];
}

const CALLING_CONVENTIONS = new Set([
  'STDMETHODCALLTYPE',
  'STDAPICALLTYPE',
  'WINAPI',
  'APIENTRY',
  'CALLBACK',
  '__stdcall',
  '__cdecl',
  'virtual',
  'STDMETHODIMP',
]);

/** Removes `//` and `/* *\/` comments. */
export function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

type Token = { kind: 'word'; text: string } | { kind: 'punct'; text: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:([A-Za-z_][\w]*(?:::[A-Za-z_]\w*)*)|(\[[^\]]*\])|(\S))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[1] !== undefined) out.push({ kind: 'word', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'punct', text: m[2].replace(/\s+/g, '') });
    else if (m[3] !== undefined) out.push({ kind: 'punct', text: m[3] });
    if (re.lastIndex >= text.length) break;
  }
  return out;
}

function joinTokens(tokens: readonly Token[]): string {
  let out = '';
  let prev: Token | null = null;
  for (const t of tokens) {
    if (prev !== null) {
      const needSpace =
        t.kind === 'word' && (prev.kind === 'word' || prev.text === '*' || prev.text === '&' || prev.text === ',');
      if (needSpace) out += ' ';
    }
    out += t.text;
    prev = t;
  }
  return out;
}

/** Normalizes C type text (see the file comment). */
export function normalizeType(type: string): string {
  return joinTokens(tokenize(stripComments(type)));
}

/** Splits at commas outside (), [] and <>. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '<') depth++;
    else if (ch === ')' || ch === ']' || ch === '>') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

const SAL: Record<string, Direction> = {
  _In_: 'in',
  _In_opt_: 'in',
  _Out_: 'out',
  _Out_opt_: 'out',
  _Outptr_: 'out',
  _Outptr_opt_: 'out',
  _Inout_: 'in,out',
  _Inout_opt_: 'in,out',
  IN: 'in',
  OUT: 'out',
};

/** Direction of an attribute list such as `[in]`, `[in, out]`, `[out, retval]`; null if it names none. */
export function directionOfAttributes(attrs: readonly string[]): Direction | null {
  let isIn = false;
  let isOut = false;
  for (const a of attrs) {
    for (const word of a.replace(/[[\]]/g, '').split(/[\s,/]+/)) {
      const w = word.toLowerCase();
      if (w === 'in') isIn = true;
      else if (w === 'out') isOut = true;
    }
  }
  if (isIn && isOut) return 'in,out';
  if (isIn) return 'in';
  if (isOut) return 'out';
  return null;
}

/**
 * One C declaration without its `;`: `[in] LPVOID *ppv`, `BYTE abFlags[4]`, `ULONG const * p`. The name is
 * the last word (array suffixes go to the type); a single word is a type without a name, as C reads it
 * (`UINTiEntMod` declares no member), so its `name` is empty. Null for nothing or `void`.
 */
export function parseDeclaration(text: string): ParsedParam | null {
  return parseParam(text);
}

function parseParam(text: string): ParsedParam | null {
  let tokens = tokenize(stripComments(text).replace(/=[^,]*$/, ''));
  if (tokens.length === 0) return null;
  if (tokens.length === 1 && tokens[0]!.text === 'void') return null;
  let direction: Direction | null = null;
  const attrs: string[] = [];
  while (tokens.length > 0 && tokens[0]!.kind === 'punct' && tokens[0]!.text.startsWith('[')) {
    attrs.push(tokens[0]!.text);
    tokens = tokens.slice(1);
  }
  if (attrs.length > 0) direction = directionOfAttributes(attrs);
  while (tokens.length > 0 && tokens[0]!.kind === 'word' && SAL[tokens[0]!.text] !== undefined) {
    direction = SAL[tokens[0]!.text]!;
    tokens = tokens.slice(1);
  }
  // array suffixes belong to the type: `BYTE ab[4]` → name `ab`, type `BYTE[4]`
  const arrays: Token[] = [];
  while (tokens.length > 0 && tokens[tokens.length - 1]!.kind === 'punct' && tokens[tokens.length - 1]!.text.startsWith('[')) {
    arrays.unshift(tokens[tokens.length - 1]!);
    tokens = tokens.slice(0, -1);
  }
  const last = tokens[tokens.length - 1];
  if (tokens.length >= 2 && last !== undefined && last.kind === 'word') {
    return { name: last.text, type: joinTokens([...tokens.slice(0, -1), ...arrays]), direction };
  }
  return { name: '', type: joinTokens([...tokens, ...arrays]), direction };
}

/**
 * The first method declaration `ReturnType Name(params)` in a code block, or null when there is none.
 * With `expected`, a declaration whose name equals it case-insensitively is preferred.
 */
export function parseSignature(code: string, expected?: string): ParsedSignature | null {
  const text = stripComments(code);
  const candidates: ParsedSignature[] = [];
  const head = /([A-Za-z_][\w\s*&:]*?)\b([A-Za-z_]\w*)\s*\(/g;
  let m: RegExpExecArray | null;
  while ((m = head.exec(text)) !== null) {
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let close = -1;
    for (let i = open; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') {
        depth--;
        if (depth === 0) {
          close = i;
          break;
        }
      }
    }
    if (close < 0) break;
    const retTokens = tokenize(m[1]!).filter((t) => !(t.kind === 'word' && CALLING_CONVENTIONS.has(t.text)));
    const name = m[2]!;
    if (retTokens.length === 0 || /^(if|while|for|switch|return|sizeof|DEFINE_GUID|DEFINE_OLEGUID)$/.test(name)) {
      head.lastIndex = close + 1;
      continue;
    }
    const params = splitTopLevel(text.slice(open + 1, close))
      .map(parseParam)
      .filter((p): p is ParsedParam => p !== null);
    candidates.push({ name, returnType: joinTokens(retTokens), params });
    head.lastIndex = close + 1;
  }
  if (candidates.length === 0) return null;
  if (expected !== undefined) {
    const hit = candidates.find((c) => c.name.toLowerCase() === expected.toLowerCase());
    if (hit) return hit;
  }
  return candidates[0]!;
}
