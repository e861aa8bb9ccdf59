/**
 * Memoized expansions of object-like macros (see the notes in `Expander`): ropes of final tokens and of
 * references to the memos of nested macros, spelled once and reused.
 */
import { wouldMerge } from './lexer';
import { HideSet, hideUnion, Tok } from './tokens';

/**
 * A memoized expansion. To keep nested expansions cheap (a macro whose body names big macros is common in
 * generated IDL), it is a rope: its own final tokens, and references to the memos of the macros it expanded.
 */
export class Memo {
  valid = true;
  /** False when this expansion cannot be reused (see the memo notes in `Expander`). */
  usable = false;
  readonly parents: Memo[] = [];
  /** Number of tokens, first token's text, last token. */
  readonly count: number;
  readonly first: string;
  readonly last: Tok | null;
  /** Spelling of all but the first token (with whatever separates it from the second), made on first use. */
  private rest: string | null = null;

  /** The expansion used __LINE__ or __FILE__. */
  readonly dynamic: boolean;
  private usesCache: Map<string, boolean> | null = null;

  constructor(
    readonly parts: readonly (Tok | MemoRef)[],
    /** Macros the computation expanded itself (not counting the memos it reused). */
    private readonly ownUsed: ReadonlySet<string>,
    /** Memos the computation reused. */
    private readonly children: readonly Memo[],
  ) {
    let dynamic = ownUsed.has('__LINE__') || ownUsed.has('__FILE__');
    for (const c of children) if (c.dynamic) dynamic = true;
    this.dynamic = dynamic;
    let count = 0;
    let first: string | null = null;
    let last: Tok | null = null;
    for (const p of parts) {
      if (p instanceof Tok) {
        count++;
        if (first === null) first = p.text;
        last = p;
      } else if (p.memo.count > 0) {
        count += p.memo.count;
        if (first === null) first = p.memo.first;
        last = p.memo.last;
      }
    }
    this.count = count;
    this.first = first ?? '';
    this.last = last;
  }

  /** Whether expanding this macro expanded `name`, directly or in a memo it reused. */
  uses(name: string): boolean {
    if (this.ownUsed.has(name)) return true;
    if (this.children.length === 0) return false;
    const cache = (this.usesCache ??= new Map());
    let r = cache.get(name);
    if (r === undefined) {
      r = false;
      for (const c of this.children) {
        if (c.uses(name)) {
          r = true;
          break;
        }
      }
      cache.set(name, r);
    }
    return r;
  }

  spellRest(): string {
    if (this.rest !== null) return this.rest;
    const out: string[] = [];
    let prev: string | null = null;
    for (const p of this.parts) {
      if (p instanceof Tok) {
        if (prev !== null) {
          if (p.space || wouldMerge(prev, p.text)) out.push(' ');
          out.push(p.text);
        }
        prev = p.text;
        continue;
      }
      const m = p.memo;
      if (m.count === 0) continue;
      if (prev !== null) {
        if (p.space || wouldMerge(prev, m.first)) out.push(' ');
        out.push(m.first);
      }
      out.push(m.spellRest());
      prev = m.last!.text;
    }
    return (this.rest = out.join(''));
  }

  /** Appends copies of the tokens, each with hide set `hs` added and position `at`; the first gets `space`. */
  flatten(out: Tok[], hs: HideSet, at: Tok, space: boolean): void {
    let lastIn: HideSet = null;
    let lastOut: HideSet = hs;
    let first = true;
    for (const p of this.parts) {
      if (p instanceof Tok) {
        const c = new Tok(p.kind, p.text, first ? space : p.space, null, at.line, at.col);
        c.hash = p.hash;
        c.noExpand = p.noExpand;
        if (p.hide !== lastIn) {
          lastIn = p.hide;
          lastOut = hideUnion(p.hide, hs);
        }
        c.hide = lastOut;
        out.push(c);
        first = false;
      } else if (p.memo.count > 0) {
        p.memo.flatten(out, hs, at, first ? space : p.space);
        first = false;
      }
    }
  }
}

export class MemoRef {
  constructor(
    readonly memo: Memo,
    /** Whitespace preceded the macro name, hence precedes the expansion. */
    readonly space: boolean,
  ) {}
}

export function invalidateMemo(memo: Memo): void {
  if (!memo.valid) return;
  memo.valid = false;
  for (const p of memo.parents) invalidateMemo(p);
}
