/**
 * Macro table, `#define` parsing and macro expansion.
 *
 * Expansion follows Prosser's algorithm (the reference model behind the C standard's rescanning rules): every
 * token carries a hide set, the names of the macros whose expansion produced it. A macro name whose hide set
 * contains itself is never expanded again ("painted blue"), which stops self-recursion while still allowing
 * the same macro to expand again later in unrelated text. A function-like invocation's result is hidden from
 * the macros hiding both its name and its closing parenthesis, plus the macro itself.
 */
import { PP, PPCode, Reporter } from './codes';
import { Memo, MemoRef, invalidateMemo } from './expansion-memo';
import { BLOCK_COMMENT, BLOCK_COMMENT_OPEN, IDENT, LINE_COMMENT, lexed, lexToken, NUMBER, PLACEMARKER, PUNCT, STRING, WHITESPACE, wouldMerge } from './lexer';
import { FUNCTION_LIKE, hashName, MacroDef, MacroTable, OBJECT_LIKE, BUILTIN_LINE } from './macro-table';
import { HideSet, hideAdd, hideHas, hideIntersect, hideUnion, stringize, Tok } from './tokens';

/**
 * Above this many tokens made or read in one expansion we stop: exponential macros would otherwise exhaust
 * memory, and nested invocations time (each reads its arguments again). The largest expansion in Wine's IDL
 * headers takes about 53,000.
 */
export const EXPANSION_TOKEN_BUDGET = 1_000_000;

/** Deepest nesting of macro invocations inside macro arguments that is expanded. */
export const MAX_NESTING = 200;

/** Where an expansion pulls its tokens from: the rest of a line (and following lines), or a closed list. */
export interface TokenSource {
  /** The next token that is not whitespace or a comment, with `space` telling whether any preceded it. */
  next(): Tok | null;
  /** Whether the next such token is `(`, without consuming anything. */
  peekLParen(): boolean;
}

export class ArraySource implements TokenSource {
  private i = 0;
  constructor(private readonly tokens: readonly Tok[]) {}
  next(): Tok | null {
    return this.i < this.tokens.length ? this.tokens[this.i++] : null;
  }
  peekLParen(): boolean {
    return this.i < this.tokens.length && this.tokens[this.i].is('(');
  }
}

/** What expansion needs from the file being processed. */
export interface ExpansionContext extends Reporter {
  /** `__FILE__`: the presumed file name (after `#line`). */
  presumedFile(): string;
  /** `__LINE__`: the presumed line of a physical line. */
  presumedLine(physicalLine: number): number;
}

export class Expander {
  /** Tokens created by the current top-level expansion; see EXPANSION_TOKEN_BUDGET. */
  budget = EXPANSION_TOKEN_BUDGET;
  private exhaustedReported = false;
  /** After `expandFrom`: the text of the last token it produced, or null when it produced none. */
  lastText: string | null = null;

  constructor(
    readonly macros: MacroTable,
    readonly ctx: ExpansionContext,
  ) {
    macros.onChange = (hash) => this.invalidate(hash);
  }

  /**
   * Fully expands a closed token list (a macro argument, a directive's operands). For a condition
   * (`condition`), the operand of a `defined` that a macro produced is left unexpanded, as GCC does.
   */
  expandClosed(tokens: readonly Tok[], condition = false): Tok[] {
    if (this.nesting >= MAX_NESTING) {
      const at = tokens[0];
      if (at !== undefined && !this.exhaustedReported) {
        if (this.trial === 0) this.exhaustedReported = true;
        this.error(PP.ExpansionTooLarge, at.line, at.col, `macro arguments nested more than ${MAX_NESTING} deep; not expanded`);
      }
      return tokens.slice();
    }
    this.nesting++;
    const run = new Run(this, new ArraySource(tokens), TOKENS);
    run.condition = condition;
    for (;;) {
      const t = run.read();
      if (t === null) break;
      run.process(t);
    }
    this.nesting--;
    return run.out;
  }

  /** Depth of nested argument expansions and memo computations (each costs stack). */
  private nesting = 0;

  /**
   * Expands the macro invocation starting with `first`, reading arguments from `src` as needed, and keeps
   * expanding until the result is exhausted (a trailing function-like name may take its `(` from `src`).
   * Appends the result spelled as text (see `spell`) to `into` and returns its length; `before` is the text
   * it follows, if adjacent.
   */
  expandFrom(first: Tok, src: TokenSource, before: string | null, into: string[]): number {
    this.budget = EXPANSION_TOKEN_BUDGET;
    this.exhaustedReported = false;
    const run = new Run(this, src, SPELL);
    run.pieces = into;
    run.prev = before;
    run.process(first);
    const pending = run.pending;
    while (pending.length > 0) run.process(pending.pop()!);
    this.lastText = run.count > 0 ? run.prev : null;
    return run.length;
  }

  /** Reports an expansion error, or (during a trial expansion) just marks the trial as unusable. */
  error(code: PPCode, line: number, col: number, message: string): void {
    if (this.trial > 0) this.trialFailed = true;
    else this.ctx.error(code, line, col, message);
  }

  // Memoized object-like expansions ----------------------------------------------------------------------
  //
  // The full expansion of an object-like macro M, computed once in isolation (as if M appeared with an empty
  // hide set, followed by nothing), is reused wherever M appears with a hide set that contains none of the
  // macros that expansion used: by the rules above the result is then identical, and every token in it is
  // final (a non-macro name, a painted name, or not a name). Not memoized: expansions using __LINE__ or
  // __FILE__, expansions ending in a function-like macro name (which could take its arguments from the text
  // that follows), and expansions that reported a problem (which must be reported at every use).

  private readonly memos = new Map<MacroDef, Memo>();
  private readonly computing = new Set<MacroDef>();
  /**
   * For each name (by hash; a collision only costs a needless recomputation): the memos that stop being valid
   * when a macro of that name is defined or undefined.
   */
  private readonly dependents = new Map<number, Memo[]>();
  /** > 0 while computing a memo. */
  private trial = 0;
  private trialFailed = false;
  /** Macros expanded, and memos reused, by the memo computation in progress. */
  used: Set<string> | null = null;
  private usedMemos: Memo[] | null = null;

  /** Called by the macro table whenever a name (given by its hash) is defined or undefined. */
  invalidate(hash: number): void {
    const key = hash;
    const list = this.dependents.get(key);
    if (list === undefined) return;
    this.dependents.delete(key);
    for (const memo of list) invalidateMemo(memo);
  }

  /** The memoized expansion of object-like `m` invoked as `t`, or null to expand normally. */
  memoized(m: MacroDef, t: Tok): Memo | null {
    let memo = m.plain;
    if (memo === null) {
      memo = this.memos.get(m) ?? null;
      if (memo === null || !memo.valid) {
        // A macro whose memo is being computed (it is reached again through recursion) expands normally.
        // Too deep a chain of memo computations would exhaust the stack: expand normally (iteratively).
        if (this.computing.has(m) || this.nesting >= MAX_NESTING) return null;
        this.computing.add(m);
        this.nesting++;
        memo = this.computeMemo(m, t);
        this.nesting--;
        this.computing.delete(m);
        this.memos.set(m, memo);
      }
      if (!memo.usable) return null;
      for (let c = t.hide; c !== null; c = c.next) if (memo.uses(c.name)) return null;
    }
    if (this.usedMemos !== null) this.usedMemos.push(memo);
    return memo;
  }

  private computeMemo(m: MacroDef, t: Tok): Memo {
    const outerUsed = this.used;
    const outerMemos = this.usedMemos;
    const failedBefore = this.trialFailed;
    const used = (this.used = new Set([m.name]));
    const usedMemos: Memo[] = (this.usedMemos = []);
    this.trial++;
    this.trialFailed = false;
    const hs = hideAdd(null, m.name);
    const macros = this.macros;
    let input: Tok[];
    if (m.paste) input = this.subst(m, null, hs, t, false);
    else {
      // Body tokens that cannot expand go into the result as they are; the rest get the hide set {m}.
      const body = m.body;
      input = new Array<Tok>(body.length);
      for (let i = 0; i < body.length; i++) {
        const b = body[i];
        if (b.kind === IDENT && macros.lookup(b.text, 0, b.text.length, b.hash) !== undefined) {
          const c = new Tok(IDENT, b.text, b.space, hs, t.line, t.col);
          c.hash = b.hash;
          input[i] = c;
        } else input[i] = b;
      }
    }
    const run = new Run(this, new ArraySource(input), ROPE);
    for (;;) {
      const tok = run.read();
      if (tok === null) break;
      run.process(tok);
    }
    const failed = this.trialFailed;
    this.trial--;
    this.trialFailed = failedBefore || (this.trial > 0 && failed);
    // (The caller records this memo, or expands normally and so records what it expands.)
    this.used = outerUsed;
    this.usedMemos = outerMemos;

    const memo = new Memo(run.rope, used, usedMemos);
    let usable = !failed && !memo.dynamic;
    const last = memo.last;
    if (usable && last !== null && last.kind === IDENT && !last.noExpand && !hideHas(last.hide, last.text)) {
      const d = macros.get(last.text);
      if (d !== undefined && d.kind === FUNCTION_LIKE) usable = false;
    }
    memo.usable = usable;
    // The result changes if a macro it used changes, if a name left in it becomes a macro, or if a memo it
    // embeds changes.
    for (const name of used) this.dependOn(hashName(name), memo);
    for (const part of memo.parts) {
      if (part instanceof Tok) {
        if (part.kind === IDENT) this.dependOn(part.hash || hashName(part.text), memo);
        // Only a painted macro name needs its hide set to stay final; drop the others' sets.
        if (part.hide !== null && !(part.kind === IDENT && hideHas(part.hide, part.text))) part.hide = null;
      }
    }
    for (const child of usedMemos) child.parents.push(memo);
    return memo;
  }

  private dependOn(hash: number, memo: Memo): void {
    const key = hash;
    const list = this.dependents.get(key);
    if (list === undefined) this.dependents.set(key, [memo]);
    else if (list[list.length - 1] !== memo) list.push(memo);
  }

  /** Resets the budget for a directive's expansion. */
  resetBudget(): void {
    this.budget = EXPANSION_TOKEN_BUDGET;
    this.exhaustedReported = false;
  }

  /** Charges `n` tokens; false (once reported) when the expansion has grown unreasonably. */
  charge(n: number, at: Tok): boolean {
    this.budget -= n;
    if (this.budget >= 0) return true;
    if (!this.exhaustedReported) {
      if (this.trial === 0) this.exhaustedReported = true;
      this.error(PP.ExpansionTooLarge, at.line, at.col, `expansion of '${at.text}' exceeds ${EXPANSION_TOKEN_BUDGET} tokens; stopped`);
    }
    return false;
  }

  /** Substitutes arguments into a macro body and applies the hide set `hs` to the result. */
  subst(m: MacroDef, args: Tok[][] | null, hs: HideSet, at: Tok, vaOmitted: boolean): Tok[] {
    const body = m.body;
    const os: Tok[] = [];
    let expanded: (Tok[] | undefined)[] | null = null;
    const n = body.length;
    for (let i = 0; i < n; i++) {
      const b = body[i];
      if (args !== null && b.kind === PUNCT) {
        if (b.text === '#') {
          // Validated at definition: a parameter follows.
          const p = body[i + 1].param;
          os.push(new Tok(STRING, stringize(args[p]), b.space, null, at.line, at.col));
          i++;
          continue;
        }
      }
      if (b.kind === PUNCT && b.text === '##') {
        // Validated at definition: never first or last.
        const r = body[++i];
        if (r.param >= 0 && args !== null) {
          const a = args[r.param];
          const prev = os.length > 0 ? os[os.length - 1] : undefined;
          if (m.variadic && r.param === m.params.length - 1 && prev !== undefined && prev.is(',')) {
            // GNU extension: `, ## __VA_ARGS__` drops the comma when the variable arguments are empty.
            if (a.length === 0 || vaOmitted) os.pop();
            else pushCopies(os, a, r.space);
            continue;
          }
          if (a.length === 0) continue; // pasting a placemarker leaves the left side unchanged
          this.glue(os, a[0].copy(), at);
          for (let k = 1; k < a.length; k++) os.push(a[k].copy());
        } else {
          this.glue(os, bodyCopy(r, at), at);
        }
        continue;
      }
      if (b.param >= 0 && args !== null) {
        const a = args[b.param];
        const nextIsPaste = i + 1 < n && body[i + 1].kind === PUNCT && body[i + 1].text === '##';
        if (nextIsPaste) {
          if (a.length === 0) os.push(new Tok(PLACEMARKER, '', b.space, null, at.line, at.col));
          else pushCopies(os, a, b.space);
        } else {
          if (expanded === null) expanded = [];
          let e = expanded[b.param];
          if (e === undefined) e = expanded[b.param] = this.expandClosed(a);
          if (e.length > 0) pushCopies(os, e, b.space);
          // An empty argument keeps the space before it, as padding for the next token.
          else if (b.space) os.push(new Tok(PLACEMARKER, '', true, null, at.line, at.col));
        }
        continue;
      }
      os.push(bodyCopy(b, at));
    }
    let w = 0;
    // Tokens mostly come in runs sharing one hide set: remember the last union.
    let lastIn: HideSet = null;
    let lastOut: HideSet = hs;
    let pad = false;
    for (let i = 0; i < os.length; i++) {
      const t = os[i];
      if (t.kind === PLACEMARKER) {
        if (t.space) pad = true;
        continue;
      }
      if (pad) {
        t.space = true;
        pad = false;
      }
      const h = t.hide;
      if (h !== lastIn) {
        lastIn = h;
        lastOut = hideUnion(h, hs);
      }
      t.hide = lastOut;
      os[w++] = t;
    }
    os.length = w;
    if (w > 0) os[0].space = at.space;
    return os;
  }

  /** The `##` operator: pastes the last token of `os` with `r`. */
  private glue(os: Tok[], r: Tok, at: Tok): void {
    const l = os.pop();
    if (l === undefined) {
      os.push(r);
      return;
    }
    if (l.kind === PLACEMARKER) {
      r.space = l.space;
      os.push(r);
      return;
    }
    const text = l.text + r.text;
    const e = lexToken(text, 0, text.length);
    const k = lexed.kind;
    if (e === text.length && !lexed.unterminated && k !== WHITESPACE && k !== LINE_COMMENT && k !== BLOCK_COMMENT && k !== BLOCK_COMMENT_OPEN) {
      os.push(new Tok(k, text, l.space, hideIntersect(l.hide, r.hide), l.line, l.col));
      return;
    }
    this.error(PP.InvalidPaste, at.line, at.col, `pasting '${l.text}' and '${r.text}' does not give a valid preprocessing token`);
    os.push(l);
    r.space = false;
    os.push(r);
  }

  builtin(m: MacroDef, t: Tok): Tok {
    if (m.kind === BUILTIN_LINE) {
      return new Tok(NUMBER, String(this.ctx.presumedLine(t.line)), t.space, null, t.line, t.col);
    }
    const file = this.ctx.presumedFile().replace(/[\\"]/g, '\\$&');
    return new Tok(STRING, `"${file}"`, t.space, null, t.line, t.col);
  }
}

function bodyCopy(b: Tok, at: Tok): Tok {
  const c = new Tok(b.kind, b.text, b.space, null, at.line, at.col);
  c.hash = b.hash;
  return c;
}

function pushCopies(os: Tok[], a: readonly Tok[], space: boolean): void {
  for (let k = 0; k < a.length; k++) {
    const c = a[k].copy();
    if (k === 0) c.space = space;
    os.push(c);
  }
}


/** How a run delivers its result: spelled text, a token list, or a memo rope. */
const SPELL = 0;
const TOKENS = 1;
const ROPE = 2;

/** One expansion: a stack of tokens still to rescan in front of the source. */
class Run {
  /** Tokens to rescan, last element first. */
  readonly pending: Tok[] = [];
  /** The result (TOKENS). */
  readonly out: Tok[] = [];
  /** The result (ROPE). */
  readonly rope: (Tok | MemoRef)[] = [];
  /** The result spelled as text pieces (SPELL), the last token's text, and the token count. */
  pieces: string[] = [];
  /** Length of the text spelled (SPELL). */
  length = 0;
  prev: string | null = null;
  count = 0;
  /** Expanding a condition: after `defined` (1) or `defined (` (2) the next name is not expanded. */
  condition = false;
  private definedState = 0;

  constructor(
    private readonly x: Expander,
    private readonly src: TokenSource,
    /** SPELL finishes tokens right away instead of collecting them: a top-level expansion can be huge. */
    private readonly mode: number,
  ) {}

  private emit(t: Tok): void {
    if (this.mode === TOKENS) {
      this.out.push(t);
      return;
    }
    if (this.mode === ROPE) {
      this.rope.push(t);
      return;
    }
    const text = t.text;
    if ((this.count > 0 && t.space) || (this.prev !== null && wouldMerge(this.prev, text))) {
      this.pieces.push(' ');
      this.length++;
    }
    this.pieces.push(text);
    this.length += text.length;
    this.prev = text;
    this.count++;
  }

  read(): Tok | null {
    return this.pending.length > 0 ? this.pending.pop()! : this.src.next();
  }

  private peekLParen(): boolean {
    const n = this.pending.length;
    return n > 0 ? this.pending[n - 1].is('(') : this.src.peekLParen();
  }

  process(t: Tok): void {
    if (this.condition) {
      const state = this.definedState;
      this.definedState = 0;
      if (t.kind === IDENT && t.text === 'defined') this.definedState = 1;
      else if (state === 1 && t.is('(')) this.definedState = 2;
      else if (state !== 0 && t.kind === IDENT) {
        this.emit(t);
        return;
      }
    }
    if (t.kind !== IDENT || t.noExpand) {
      this.emit(t);
      return;
    }
    const x = this.x;
    let h = t.hash;
    if (h === 0) h = t.hash = hashName(t.text);
    const text = t.text;
    const m = x.macros.lookup(text, 0, text.length, h);
    if (m === undefined || (t.hide !== null && hideHas(t.hide, t.text))) {
      this.emit(t);
      return;
    }
    const used = x.used;
    if (used !== null) used.add(m.name);
    if (m.kind === OBJECT_LIKE) {
      // (A condition rescans everything itself, for the `defined` rule.)
      const memo = this.condition ? null : x.memoized(m, t);
      if (memo !== null) {
        if (!x.charge(memo.count, t)) {
          this.emit(t);
          return;
        }
        this.emitFinal(memo, t, m);
        return;
      }
      if (!x.charge(m.body.length, t)) {
        this.emit(t);
        return;
      }
      const hs = hideAdd(t.hide, m.name);
      if (m.paste) {
        this.pushBack(x.subst(m, null, hs, t, false));
        return;
      }
      // The common case, inlined: copy the body onto the rescan stack.
      const body = m.body;
      const p = this.pending;
      for (let i = body.length - 1; i >= 0; i--) {
        const b = body[i];
        const c = new Tok(b.kind, b.text, i === 0 ? t.space : b.space, hs, t.line, t.col);
        c.hash = b.hash;
        p.push(c);
      }
      return;
    }
    if (m.kind !== FUNCTION_LIKE) {
      this.emit(x.builtin(m, t));
      return;
    }
    if (!this.peekLParen()) {
      this.emit(t);
      return;
    }
    const lparen = this.read()!;
    const collected: Tok[] = [lparen];
    const args: Tok[][] = [[]];
    let depth = 0;
    let rparen: Tok | null = null;
    const nParams = m.params.length;
    for (;;) {
      const a = this.read();
      if (a === null) break;
      collected.push(a);
      if (a.kind === PUNCT) {
        if (a.text === '(') depth++;
        else if (a.text === ')') {
          if (depth === 0) {
            rparen = a;
            break;
          }
          depth--;
        } else if (a.text === ',' && depth === 0 && !(m.variadic && args.length === nParams)) {
          args.push([]);
          continue;
        }
      }
      args[args.length - 1].push(a);
    }
    if (rparen === null) {
      x.error(PP.UnterminatedArguments, t.line, t.col, `unterminated argument list invoking macro '${m.name}'`);
      this.fail(t, collected);
      return;
    }
    // Reading the arguments is work too: each nested invocation reads its arguments again, so without this
    // charge `F(F(F(...)))` would cost the nesting depth times its length.
    if (!x.charge(collected.length, t)) {
      this.fail(t, collected);
      return;
    }
    let vaOmitted = false;
    if (nParams === 0) {
      if (args.length !== 1 || args[0].length !== 0) {
        x.error(PP.ArgumentCount, t.line, t.col, `macro '${m.name}' takes no arguments, but ${args.length} given`);
        this.fail(t, collected);
        return;
      }
      args.length = 0;
    } else if (args.length !== nParams) {
      if (m.variadic && args.length === nParams - 1) {
        args.push([]);
        vaOmitted = true;
      } else {
        const given = args.length === 1 && args[0].length === 0 ? 0 : args.length;
        const wanted = m.variadic ? `at least ${nParams - 1}` : String(nParams);
        x.error(PP.ArgumentCount, t.line, t.col, `macro '${m.name}' requires ${wanted} argument${nParams === 1 ? '' : 's'}, but ${given} given`);
        this.fail(t, collected);
        return;
      }
    }
    const hs = hideAdd(hideIntersect(t.hide, rparen.hide), m.name);
    const result = x.subst(m, args, hs, t, vaOmitted);
    if (!x.charge(result.length, t)) {
      this.fail(t, collected);
      return;
    }
    this.pushBack(result);
  }

  /** Outputs a memoized expansion of `m` invoked as `t`: final tokens, needing no rescan. */
  private emitFinal(memo: Memo, t: Tok, m: MacroDef): void {
    if (memo.count === 0) return;
    if (this.mode === ROPE) {
      this.rope.push(new MemoRef(memo, t.space));
      return;
    }
    if (this.mode === TOKENS) {
      memo.flatten(this.out, hideAdd(t.hide, m.name), t, t.space);
      return;
    }
    const text = memo.first;
    const pieces = this.pieces;
    if ((this.count > 0 && t.space) || (this.prev !== null && wouldMerge(this.prev, text))) {
      pieces.push(' ');
      this.length++;
    }
    pieces.push(text);
    this.length += text.length;
    if (memo.count > 1) {
      const rest = memo.spellRest();
      pieces.push(rest);
      this.length += rest.length;
    }
    this.prev = memo.last!.text;
    this.count += memo.count;
  }

  /** A failed invocation: the name and everything read for it are output unexpanded. */
  private fail(t: Tok, collected: Tok[]): void {
    for (const c of [t, ...collected]) {
      const d = c.copy();
      d.noExpand = true;
      this.emit(d);
    }
  }

  private pushBack(tokens: Tok[]): void {
    const p = this.pending;
    for (let i = tokens.length - 1; i >= 0; i--) p.push(tokens[i]);
  }
}
