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
import { BLOCK_COMMENT, BLOCK_COMMENT_OPEN, IDENT, LINE_COMMENT, lexed, lexToken, NUMBER, PLACEMARKER, PUNCT, STRING, WHITESPACE } from './lexer';
import { HideSet, hideAdd, hideHas, hideIntersect, hideUnion, stringize, Tok } from './tokens';
import { wouldMerge } from './lexer';

export const OBJECT_LIKE = 0;
export const FUNCTION_LIKE = 1;
export const BUILTIN_FILE = 2;
export const BUILTIN_LINE = 3;

export interface MacroDef {
  readonly name: string;
  readonly kind: number;
  /** Parameter names; a variadic macro's last one is `__VA_ARGS__` or the GNU named form's name. */
  readonly params: readonly string[];
  readonly variadic: boolean;
  /** Body tokens; a parameter reference has `param >= 0`. */
  readonly body: readonly Tok[];
  /** The body contains `##`. */
  readonly paste: boolean;
  /** Where it was defined, for redefinition messages. */
  readonly where: string;
}

/** Above this many tokens in one expansion we stop: exponential macros would otherwise exhaust memory. */
export const EXPANSION_TOKEN_BUDGET = 4_000_000;

/**
 * Hash of an identifier, computed character by character. The line scanner computes the same value on the
 * fly, so a line whose identifiers all miss the table's filter is copied without slicing a single name.
 */
export function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

export function hashName(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = hashStep(h, name.charCodeAt(i));
  return h;
}

const FILTER_BITS = 18;
const FILTER_MASK = (1 << FILTER_BITS) - 1;

export class MacroTable {
  private readonly map = new Map<string, MacroDef>();
  /** Told whenever a name is defined or undefined (memoized expansions depend on the table). */
  onChange: ((name: string) => void) | null = null;
  /** One-hash Bloom filter over the names ever defined (undefining leaves the bit set; that is harmless). */
  private readonly filter = new Uint32Array(1 << (FILTER_BITS - 5));

  get(name: string): MacroDef | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  set(def: MacroDef): void {
    this.onChange?.(def.name);
    this.map.set(def.name, def);
    const bit = filterBit(hashName(def.name));
    this.filter[bit >>> 5] |= 1 << (bit & 31);
  }

  delete(name: string): void {
    if (this.map.delete(name)) this.onChange?.(name);
  }

  /** False when no macro can have a name with this hash. */
  mayHave(hash: number): boolean {
    const bit = filterBit(hash);
    return (this.filter[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }
}

function filterBit(h: number): number {
  return (h ^ (h >>> 14)) & FILTER_MASK;
}

/** Same definition in the sense of C 6.10.3p2: same kind, parameters, body spelling and whitespace. */
export function sameDefinition(a: MacroDef, b: MacroDef): boolean {
  if (a.kind !== b.kind || a.variadic !== b.variadic || a.params.length !== b.params.length) return false;
  for (let i = 0; i < a.params.length; i++) if (a.params[i] !== b.params[i]) return false;
  if (a.body.length !== b.body.length) return false;
  for (let i = 0; i < a.body.length; i++) {
    const x = a.body[i];
    const y = b.body[i];
    if (x.text !== y.text || (i > 0 && x.space !== y.space)) return false;
  }
  return true;
}

/**
 * Parses the tokens of a `#define` after the directive name. `nameTok` is the first of them.
 * Returns undefined (after reporting) when the definition is unusable.
 */
export function parseDefine(tokens: readonly Tok[], at: { line: number; col: number }, where: string, report: Reporter): MacroDef | undefined {
  const nameTok = tokens[0];
  if (nameTok === undefined) {
    report.error(PP.InvalidMacroName, at.line, at.col, 'macro name missing in #define');
    return undefined;
  }
  if (nameTok.kind !== IDENT) {
    report.error(PP.InvalidMacroName, nameTok.line, nameTok.col, `macro names must be identifiers, found '${nameTok.text}'`);
    return undefined;
  }
  if (nameTok.text === 'defined') {
    report.error(PP.InvalidMacroName, nameTok.line, nameTok.col, "'defined' cannot be used as a macro name");
    return undefined;
  }
  const name = nameTok.text;
  let i = 1;
  const params: string[] = [];
  let variadic = false;
  let kind = OBJECT_LIKE;
  const open = tokens[1];
  if (open !== undefined && !open.space && open.is('(')) {
    kind = FUNCTION_LIKE;
    i = 2;
    let expectName = true;
    let closed = false;
    while (i < tokens.length) {
      const t = tokens[i++];
      if (t.is(')')) {
        if (expectName && params.length > 0) {
          report.error(PP.MalformedParameters, t.line, t.col, 'expected parameter name before )');
          return undefined;
        }
        closed = true;
        break;
      }
      if (!expectName || variadic) {
        if (t.is(',') && !variadic) {
          expectName = true;
          continue;
        }
        report.error(PP.MalformedParameters, t.line, t.col, variadic ? "expected ')' after '...'" : `expected ',' or ')' in macro parameter list, found '${t.text}'`);
        return undefined;
      }
      if (t.is('...')) {
        variadic = true;
        params.push('__VA_ARGS__');
        expectName = false;
        continue;
      }
      if (t.kind !== IDENT) {
        report.error(PP.MalformedParameters, t.line, t.col, `expected parameter name, found '${t.text}'`);
        return undefined;
      }
      if (t.text === '__VA_ARGS__') {
        report.error(PP.MalformedParameters, t.line, t.col, '__VA_ARGS__ can only appear in the expansion of a variadic macro');
        return undefined;
      }
      if (params.includes(t.text)) {
        report.error(PP.MalformedParameters, t.line, t.col, `duplicate macro parameter '${t.text}'`);
        return undefined;
      }
      params.push(t.text);
      expectName = false;
      const dots = tokens[i];
      if (dots !== undefined && dots.is('...')) {
        // GNU named variadic parameter: `args...`
        variadic = true;
        i++;
      }
    }
    if (!closed) {
      const last = tokens[tokens.length - 1];
      report.error(PP.MalformedParameters, last.line, last.col + last.text.length, "missing ')' in macro parameter list");
      return undefined;
    }
  } else if (open !== undefined && !open.space) {
    report.warning(PP.ExtraTokens, open.line, open.col, `missing whitespace after the macro name '${name}'`);
  }

  const body: Tok[] = [];
  for (; i < tokens.length; i++) {
    const t = tokens[i].copy();
    t.hide = null;
    t.noExpand = false;
    if (t.kind === IDENT) {
      t.hash = hashName(t.text);
      const p = params.indexOf(t.text);
      if (p >= 0) t.param = p;
      else if (t.text === '__VA_ARGS__') {
        report.warning(PP.VaArgsOutsideVariadic, t.line, t.col, '__VA_ARGS__ can only appear in the expansion of a variadic macro');
      }
    }
    body.push(t);
  }
  if (body.length > 0) body[0].space = false;
  if (body.length > 0) {
    const first = body[0];
    const last = body[body.length - 1];
    if (first.is('##')) {
      report.error(PP.MisplacedOperator, first.line, first.col, "'##' cannot appear at either end of a macro expansion");
      return undefined;
    }
    if (last.is('##')) {
      report.error(PP.MisplacedOperator, last.line, last.col, "'##' cannot appear at either end of a macro expansion");
      return undefined;
    }
  }
  if (kind === FUNCTION_LIKE) {
    for (let j = 0; j < body.length; j++) {
      const t = body[j];
      if (t.is('#') && (j + 1 >= body.length || body[j + 1].param < 0)) {
        report.error(PP.MisplacedOperator, t.line, t.col, "'#' is not followed by a macro parameter");
        return undefined;
      }
    }
  }
  return { name, kind, params, variadic, body, paste: body.some((t) => t.is('##')), where };
}

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
    macros.onChange = (name) => this.invalidate(name);
  }

  /** Fully expands a closed token list (a macro argument, a directive's operands). */
  expandClosed(tokens: readonly Tok[]): Tok[] {
    const run = new Run(this, new ArraySource(tokens), false);
    for (;;) {
      const t = run.read();
      if (t === null) break;
      run.process(t);
    }
    return run.out;
  }

  /**
   * Expands the macro invocation starting with `first`, reading arguments from `src` as needed, and keeps
   * expanding until the result is exhausted (a trailing function-like name may take its `(` from `src`).
   * Returns the result spelled as text (see `spell`); `before` is the text it follows, if adjacent.
   */
  expandFrom(first: Tok, src: TokenSource, before: string | null): string {
    this.budget = EXPANSION_TOKEN_BUDGET;
    this.exhaustedReported = false;
    const run = new Run(this, src, true);
    run.prev = before;
    run.process(first);
    const pending = run.pending;
    while (pending.length > 0) run.process(pending.pop()!);
    this.lastText = run.count > 0 ? run.prev : null;
    return run.pieces.join('');
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
  /** For each name: the memos that stop being valid when a macro of that name is defined or undefined. */
  private readonly dependents = new Map<string, Memo[]>();
  /** > 0 while computing a memo. */
  private trial = 0;
  private trialFailed = false;
  /** Names of the macros expanded by the memo computations in progress. */
  used: Set<string> | null = null;

  /** Called by the macro table whenever `name` is defined or undefined. */
  invalidate(name: string): void {
    const list = this.dependents.get(name);
    if (list === undefined) return;
    for (const memo of list) memo.valid = false;
    this.dependents.delete(name);
  }

  /** The memoized expansion of object-like `m` invoked as `t`, or null to expand normally. */
  memoized(m: MacroDef, t: Tok): Memo | null {
    let memo = this.memos.get(m);
    if (memo === undefined || !memo.valid) {
      memo = this.computeMemo(m, t);
      this.memos.set(m, memo);
    }
    if (memo.tokens === null) return null;
    for (let c = t.hide; c !== null; c = c.next) if (memo.used.has(c.name)) return null;
    const outer = this.used;
    if (outer !== null) for (const n of memo.used) outer.add(n);
    return memo;
  }

  private computeMemo(m: MacroDef, t: Tok): Memo {
    const outer = this.used;
    const failedBefore = this.trialFailed;
    const used = (this.used = new Set([m.name]));
    this.trial++;
    this.trialFailed = false;
    const tokens = this.expandClosed(this.subst(m, null, hideAdd(null, m.name), t, false));
    const failed = this.trialFailed;
    this.trial--;
    this.trialFailed = failedBefore || (this.trial > 0 && failed);
    this.used = outer;
    if (outer !== null) for (const n of used) outer.add(n);
    let usable = !failed && !used.has('__LINE__') && !used.has('__FILE__');
    const last = tokens[tokens.length - 1];
    if (usable && last !== undefined && last.kind === IDENT && !last.noExpand && !hideHas(last.hide, last.text)) {
      const d = this.macros.get(last.text);
      if (d !== undefined && d.kind === FUNCTION_LIKE) usable = false;
    }
    const memo: Memo = { valid: true, tokens: usable ? tokens : null, used, rest: null };
    // The result changes if a macro it used changes, or if a name left in it becomes a macro.
    const deps = new Set(used);
    for (const tok of tokens) if (tok.kind === IDENT) deps.add(tok.text);
    for (const name of deps) {
      const list = this.dependents.get(name);
      if (list === undefined) this.dependents.set(name, [memo]);
      else list.push(memo);
    }
    return memo;
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
          pushCopies(os, e, b.space);
        }
        continue;
      }
      os.push(bodyCopy(b, at));
    }
    let w = 0;
    // Tokens mostly come in runs sharing one hide set: remember the last union.
    let lastIn: HideSet = null;
    let lastOut: HideSet = hs;
    for (let i = 0; i < os.length; i++) {
      const t = os[i];
      if (t.kind === PLACEMARKER) continue;
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

interface Memo {
  valid: boolean;
  /** The final tokens, or null when this expansion cannot be reused. */
  tokens: readonly Tok[] | null;
  /** Macros the expansion expanded. */
  used: ReadonlySet<string>;
  /** Spelling of tokens[1..] (with the space or separator before tokens[1]), made on first use. */
  rest: string | null;
}

/** One expansion: a stack of tokens still to rescan in front of the source. */
class Run {
  /** Tokens to rescan, last element first. */
  readonly pending: Tok[] = [];
  /** The result, when not spelling. */
  readonly out: Tok[] = [];
  /** The result spelled as text pieces (when spelling), the last token's text, and the token count. */
  readonly pieces: string[] = [];
  prev: string | null = null;
  count = 0;

  constructor(
    private readonly x: Expander,
    private readonly src: TokenSource,
    /** Spell finished tokens right away instead of collecting them: a top-level expansion can be huge. */
    private readonly spelling: boolean,
  ) {}

  private emit(t: Tok): void {
    if (!this.spelling) {
      this.out.push(t);
      return;
    }
    const text = t.text;
    if (this.count > 0 && t.space) this.pieces.push(' ');
    else if (this.prev !== null && wouldMerge(this.prev, text)) this.pieces.push(' ');
    this.pieces.push(text);
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
    if (t.kind !== IDENT || t.noExpand) {
      this.emit(t);
      return;
    }
    const x = this.x;
    let h = t.hash;
    if (h === 0) h = t.hash = hashName(t.text);
    if (!x.macros.mayHave(h)) {
      this.emit(t);
      return;
    }
    const m = x.macros.get(t.text);
    if (m === undefined || (t.hide !== null && hideHas(t.hide, t.text))) {
      this.emit(t);
      return;
    }
    const used = x.used;
    if (used !== null) used.add(m.name);
    if (m.kind === OBJECT_LIKE) {
      const memo = x.memoized(m, t);
      if (memo !== null) {
        if (!x.charge(memo.tokens!.length, t)) {
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
    if (!x.charge(m.body.length + collected.length, t)) {
      this.fail(t, collected);
      return;
    }
    const hs = hideAdd(hideIntersect(t.hide, rparen.hide), m.name);
    this.pushBack(x.subst(m, args, hs, t, vaOmitted));
  }

  /** Outputs a memoized expansion of `m` invoked as `t`: final tokens, needing no rescan. */
  private emitFinal(memo: Memo, t: Tok, m: MacroDef): void {
    const tokens = memo.tokens!;
    const n = tokens.length;
    if (n === 0) return;
    if (this.spelling) {
      const text = tokens[0].text;
      const pieces = this.pieces;
      if (this.count > 0 && t.space) pieces.push(' ');
      else if (this.prev !== null && wouldMerge(this.prev, text)) pieces.push(' ');
      pieces.push(text);
      if (n > 1) {
        let rest = memo.rest;
        if (rest === null) {
          const parts: string[] = [];
          for (let i = 1; i < n; i++) {
            const tok = tokens[i];
            if (tok.space || wouldMerge(tokens[i - 1].text, tok.text)) parts.push(' ');
            parts.push(tok.text);
          }
          rest = memo.rest = parts.join('');
        }
        pieces.push(rest);
      }
      this.prev = tokens[n - 1].text;
      this.count += n;
      return;
    }
    const hs = hideAdd(t.hide, m.name);
    let lastIn: HideSet = null;
    let lastOut: HideSet = hs;
    for (let i = 0; i < n; i++) {
      const c = tokens[i].copy();
      if (c.hide !== lastIn) {
        lastIn = c.hide;
        lastOut = hideUnion(c.hide, hs);
      }
      c.hide = lastOut;
      c.line = t.line;
      c.col = t.col;
      if (i === 0) c.space = t.space;
      this.out.push(c);
    }
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
