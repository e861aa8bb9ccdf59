/**
 * Token objects used by macro expansion and directive parsing, and the hide sets of the expansion algorithm.
 */
import { PUNCT, STRING, CHAR, wouldMerge } from './lexer';

/**
 * Names of macros that must not expand a token again ("painted blue"); `null` is the empty set.
 *
 * A hide set is an immutable linked list of names, so adding a name is one small allocation and the sets of
 * nested expansions share their tails. Sets stay tiny (their size is the nesting depth of the expansion that
 * produced a token), so membership is a short walk.
 */
export type HideSet = HideCell | null;

export class HideCell {
  constructor(
    readonly name: string,
    readonly next: HideSet,
  ) {}
}

export function hideHas(hs: HideSet, name: string): boolean {
  for (let c = hs; c !== null; c = c.next) if (c.name === name) return true;
  return false;
}

export function hideAdd(hs: HideSet, name: string): HideSet {
  return hideHas(hs, name) ? hs : new HideCell(name, hs);
}

export function hideUnion(a: HideSet, b: HideSet): HideSet {
  if (a === null || a === b) return b;
  if (b === null) return a;
  let r = b;
  for (let c: HideSet = a; c !== null; c = c.next) if (!hideHas(b, c.name)) r = new HideCell(c.name, r);
  return r;
}

export function hideIntersect(a: HideSet, b: HideSet): HideSet {
  if (a === null || b === null) return null;
  if (a === b) return a;
  let r: HideSet = null;
  for (let c: HideSet = a; c !== null; c = c.next) if (hideHas(b, c.name)) r = new HideCell(c.name, r);
  return r;
}

export class Tok {
  constructor(
    public kind: number,
    public text: string,
    /** Whitespace (or a comment or line break) preceded the token. */
    public space: boolean,
    public hide: HideSet,
    /** Physical line and column of the token, or of the macro invocation it came from. */
    public line: number,
    public col: number,
  ) {}

  /** In a macro body: index of the parameter this token names, else -1. */
  param = -1;
  /** Set on a macro name whose invocation failed, so it is not retried. */
  noExpand = false;
  /** For identifiers: `hashName(text)` once computed (0 = not yet), to look the name up in the macro table. */
  hash = 0;

  copy(): Tok {
    const c = new Tok(this.kind, this.text, this.space, this.hide, this.line, this.col);
    c.noExpand = this.noExpand;
    c.hash = this.hash;
    return c;
  }

  is(punct: string): boolean {
    return this.kind === PUNCT && this.text === punct;
  }
}

/**
 * Spells tokens as source text: one space where the source had whitespace, and a space wherever two adjacent
 * tokens would otherwise lex as one.
 */
export function spell(tokens: readonly Tok[]): string {
  let out = '';
  let prev: string | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (i > 0 && t.space) out += ' ';
    else if (prev !== null && wouldMerge(prev, t.text)) out += ' ';
    out += t.text;
    prev = t.text;
  }
  return out;
}

/** The `#` operator: a string literal spelling the argument tokens. */
export function stringize(tokens: readonly Tok[]): string {
  let out = '"';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (i > 0 && t.space) out += ' ';
    if (t.kind === STRING || t.kind === CHAR) out += t.text.replace(/[\\"]/g, '\\$&');
    else out += t.text;
  }
  return out + '"';
}
