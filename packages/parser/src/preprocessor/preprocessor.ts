/**
 * The preprocessor driver: walks files line by line, runs directives, tracks conditional groups and expands
 * macros, writing the output through `OutputBuilder`.
 *
 * Each physical line of a file yields exactly one output line, so lines stay aligned:
 * - a text line in which no identifier names a macro is copied byte for byte (the fast path, `scanLine`: one
 *   pass over its characters, identifiers looked up in the macro table by a hash computed on the fly);
 * - a text line with a macro is re-emitted token by token with the expansions spelled in place; lines joined
 *   into it (backslash-newline, a multi-line macro invocation) become empty lines after it;
 * - `#pragma` lines are copied (the parser reads them); every other directive line and every line of a
 *   skipped group becomes an empty line; an `#include` is followed by the included file's lines.
 */
import * as path from 'node:path';
import type { Diagnostic, SourcePosition } from '../diagnostics';
import { PP, PPCode } from './codes';
import { IncludeResolver } from './include-resolver';
import {
  BLOCK_COMMENT_OPEN,
  C_HSPACE,
  findCommentClose,
  charClass,
  IDENT,
  lexCommentContinuation,
  lexed,
  lexToken,
  NUMBER,
  separates,
  STRING,
  wouldMerge,
} from './lexer';
import { EXPANSION, OutputBuilder, VERBATIM } from './line-map';
import { scanLine, scanned } from './line-scanner';
import { parseDefine } from './macro-definition';
import { BUILTIN_FILE, BUILTIN_LINE, FUNCTION_LIKE, MacroDef, MacroTable, sameDefinition } from './macro-table';
import { Expander, ExpansionContext } from './macros';
import { checkEnd, ConditionalDirectives } from './conditionals';
import { tokenizeDirective, tokenizeText, type DirectiveTokens } from './directive-tokens';
import { LineCursor } from './line-cursor';
import { GUARD_CLOSED, GUARD_NONE, GUARD_OPEN, GUARD_START, LogicalLine, readLogicalLine, SourceFile } from './source';
import { spell, Tok } from './tokens';

export const MAX_INCLUDE_DEPTH = 200;
/**
 * The most output one run produces: 128 MB. Wine's largest, mshtml.idl's with what it includes, is 2.6 MB;
 * ten times mshtml.idl gives 26 MB. Past it the rest of the input is skipped (PP029): macros that double at
 * each level, or a file included thousands of times, would otherwise grow without bound.
 */
export const MAX_OUTPUT_BYTES = 128 * 1024 * 1024;
/** Files including each other several times each could otherwise multiply without bound. */
export const MAX_INCLUSIONS = 20_000;
const COMMAND_LINE = '<command line>';

export interface PreprocessorConfig {
  resolver: IncludeResolver;
  definitions: ReadonlyArray<readonly [string, string]>;
}

export class Preprocessor implements ExpansionContext {
  readonly out = new OutputBuilder();
  readonly diagnostics: Diagnostic[] = [];
  readonly includedFiles: string[] = [];
  /** For each file included, where the `#include` that first read it is (its file's presumed name and line). */
  readonly includedFrom = new Map<string, SourcePosition>();
  private readonly included = new Set<string>();
  private readonly macros = new MacroTable();
  private readonly expander: Expander;
  private readonly conditionals: ConditionalDirectives;
  private readonly onceFiles = new Set<string>();
  /** Files found to be wrapped in an include guard, with the guard's macro. */
  private readonly guards = new Map<string, string>();
  private cur: SourceFile = new SourceFile(COMMAND_LINE, '', 0);
  private inclusions = 0;
  private readonly tooDeep = new Set<string>();
  /** The output reached `MAX_OUTPUT_BYTES`: every file still open ends here. */
  private stopped = false;

  constructor(private readonly config: PreprocessorConfig) {
    this.expander = new Expander(this.macros, this);
    this.conditionals = new ConditionalDirectives(this.macros, this.expander, this);
    this.macros.set(builtin('__FILE__', BUILTIN_FILE));
    this.macros.set(builtin('__LINE__', BUILTIN_LINE));
    for (const [name, value] of config.definitions) this.defineFromCommandLine(name, value);
  }

  run(file: string, text: string): void {
    this.runFile(new SourceFile(file, text, 0));
  }

  // ExpansionContext -------------------------------------------------------------------------------------

  presumedFile(): string {
    return this.cur.presumedFile;
  }

  presumedLine(physicalLine: number): number {
    return physicalLine + this.cur.lineDelta;
  }

  error(code: PPCode, line: number, col: number, message: string): void {
    this.report('error', code, line, col, message);
  }

  warning(code: PPCode, line: number, col: number, message: string): void {
    this.report('warning', code, line, col, message);
  }

  private report(severity: 'error' | 'warning', code: PPCode, line: number, col: number, message: string): void {
    const sf = this.cur;
    this.diagnostics.push({ file: sf.presumedFile, line: line + sf.lineDelta, column: col, code, severity, message });
  }

  // Files and lines ---------------------------------------------------------------------------------------

  private runFile(sf: SourceFile): void {
    const saved = this.cur;
    this.cur = sf;
    const text = sf.text;
    const len = text.length;
    while (sf.pos < len && !this.stopped) {
      if (!sf.inComment && this.isDirectiveLine(text, sf.pos, len)) {
        this.directive(sf);
      } else if (sf.skipping) {
        this.skippedLine(sf);
      } else {
        this.textLines(sf);
      }
      if (this.out.length > MAX_OUTPUT_BYTES && !this.stopped) {
        this.stopped = true;
        this.error(PP.OutputTooLarge, Math.max(1, sf.line - 1), 1, `preprocessed output over ${MAX_OUTPUT_BYTES / (1024 * 1024)} MB; the rest of the input is skipped`);
      }
    }
    if (!this.stopped) this.endOfFile(sf);
    this.cur = saved;
  }

  /** The line at `pos` starts (after blanks and comments closed on the line) with `#`. */
  private isDirectiveLine(text: string, pos: number, len: number): boolean {
    let i = pos;
    for (;;) {
      if (i >= len) return false;
      const c = text.charCodeAt(i);
      if (c === 35) return true;
      if (c < 128 && (charClass[c] & C_HSPACE) !== 0) {
        i++;
        continue;
      }
      if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const close = findCommentClose(text, i + 2);
        if (close < 0) return false;
        const nl = text.indexOf('\n', i);
        if (nl >= 0 && nl < close) return false;
        i = close + 2;
        continue;
      }
      return false;
    }
  }

  private endOfFile(sf: SourceFile): void {
    if (sf.inComment) this.error(PP.UnterminatedComment, sf.commentLine, sf.commentCol, 'unterminated comment');
    // At the position the `#if` had when it was read, whatever `#line` came after it.
    for (const c of sf.conds) {
      this.diagnostics.push({ file: c.presumedFile, line: c.presumedLine, column: c.col, code: PP.UnterminatedConditional, severity: 'error', message: `unterminated #${c.name}` });
    }
    sf.conds.length = 0;
    if (sf.guardState === GUARD_CLOSED) this.guards.set(sf.path, sf.guardName);
  }

  /** A line inside a skipped group: only comment state matters (a `#endif` inside a comment is not one). */
  private skippedLine(sf: SourceFile): void {
    const ll = readLogicalLine(sf, sf.pos, sf.line, sf.inComment, false);
    let i = ll.from;
    let inComment = sf.inComment;
    const text = ll.text;
    while (i < ll.to) {
      const continued = inComment;
      const e = continued ? lexCommentContinuation(text, i, ll.to) : lexToken(text, i, ll.to);
      inComment = false;
      if (lexed.kind === BLOCK_COMMENT_OPEN) {
        inComment = true;
        if (!continued) {
          sf.commentLine = ll.lineAt(i);
          sf.commentCol = ll.colAt(i);
        }
      }
      i = e;
    }
    sf.inComment = inComment;
    this.blankLines(sf, ll.firstLine, ll.lastLine);
    sf.pos = ll.nextPos;
    sf.line = ll.lastLine + 1;
  }

  private blankLines(sf: SourceFile, first: number, last: number): void {
    for (let l = first; l <= last; l++) this.out.push('', sf.presumedFile, l + sf.lineDelta);
  }

  /**
   * Active text lines, as many as follow each other: each is copied as is unless it names a macro or
   * continues on the next line. Returns at a directive line or (after a rewritten line) to let the caller
   * look at the next line again.
   */
  private textLines(sf: SourceFile): void {
    const text = sf.text;
    const len = text.length;
    const macros = this.macros;
    const cls = charClass;
    const out = this.out;
    const file = sf.presumedFile;
    let start = sf.pos;
    let line = sf.line;
    let inComment = sf.inComment;
    let code = false;
    while (start < len) {
      let nl = text.indexOf('\n', start);
      const next = nl < 0 ? len : nl + 1;
      if (nl < 0) nl = len;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let i = start;
      const startInComment = inComment;
      if (inComment) {
        const close = findCommentClose(text, i);
        if (close < 0 || close + 2 > end) {
          // The whole line is inside the comment.
          out.pushVerbatim(text, start, end, file, line + sf.lineDelta);
          start = next;
          line++;
          continue;
        }
        i = close + 2;
        inComment = false;
      } else {
        // A directive?
        while (i < end) {
          const c = text.charCodeAt(i);
          if (c >= 128 || (cls[c] & C_HSPACE) === 0) break;
          i++;
        }
        if (i < end && (text.charCodeAt(i) === 35 || (text.charCodeAt(i) === 47 && this.isDirectiveLine(text, i, len)))) break;
      }
      const hit = scanLine(text, i, end, macros);
      if (scanned.code) code = true;
      if (hit >= 0) {
        this.rewrite(sf, start, line, startInComment, code, hit);
        return;
      }
      const unterminated = scanned.unterminated;
      if (scanned.openComment >= 0) {
        inComment = true;
        sf.commentLine = line;
        sf.commentCol = scanned.openComment - start + 1;
      }
      if (end > start && text.charCodeAt(end - 1) === 92 && !inComment && next < len) {
        this.rewrite(sf, start, line, startInComment, code, -1);
        return;
      }
      if (unterminated >= 0) this.missingQuote(line, unterminated - start + 1, text.charCodeAt(unterminated));
      out.pushVerbatim(text, start, end, file, line + sf.lineDelta);
      start = next;
      line++;
    }
    if (code) this.sawCode(sf);
    sf.pos = start;
    sf.line = line;
    sf.inComment = inComment;
  }

  /**
   * Hands the line at `start` to `slowLine` (the lines before it were copied). `macroAt` is the offset of the
   * first macro name on it (-1: none, the line continues on the next one).
   */
  private rewrite(sf: SourceFile, start: number, line: number, inComment: boolean, code: boolean, macroAt: number): void {
    if (code) this.sawCode(sf);
    sf.pos = start;
    sf.line = line;
    sf.inComment = inComment;
    this.slowLine(sf, macroAt);
  }

  private sawCode(sf: SourceFile): void {
    if (sf.guardState === GUARD_START || sf.guardState === GUARD_CLOSED) sf.guardState = GUARD_NONE;
  }

  private missingQuote(line: number, col: number, quote: number): void {
    this.warning(PP.MissingQuote, line, col, `missing terminating ${String.fromCharCode(quote)} character`);
  }

  /**
   * A text line (plus any lines joined to it) re-emitted token by token with macros expanded. The text before
   * `macroAt` (the first macro name, when known) is known to be plain and is copied without lexing it again.
   */
  private slowLine(sf: SourceFile, macroAt: number): void {
    this.sawCode(sf);
    const cur = new LineCursor(this, sf);
    const macros = this.macros;
    const delta = sf.lineDelta;
    const parts: string[] = [];
    let outLen = 0;
    const anchors: number[] = [];
    if (macroAt > cur.pos && cur.ll.segStarts === null && separates(sf.text.charCodeAt(macroAt - 1))) {
      parts.push(sf.text.slice(cur.pos, macroAt));
      outLen = macroAt - cur.pos;
      anchors.push(1, cur.firstLine + delta, 1, VERBATIM);
      cur.skipTo(macroAt);
    }
    // Verbatim text is cut from the logical line in runs: `runText[runStart, runEnd)`.
    let runText = '';
    let runStart = 0;
    let runEnd = -1;
    let mapLine = anchors.length > 0 ? cur.firstLine : -1;
    let mapShift = 0;
    // What precedes the next token, for the check that an expansion does not merge with its neighbours:
    // nothing mergeable (0), the verbatim token prevText[prevS, prevE) (1), or expanded text ending in prev (2).
    let prevState = 0;
    let prevText = '';
    let prevS = 0;
    let prevE = 0;
    let prev = '';
    for (;;) {
      const k = cur.raw();
      if (k < 0) break;
      const ll = cur.ll;
      const text = ll.text;
      const s = cur.tokStart;
      const e = cur.tokEnd;
      if (k === IDENT) {
        const h = lexed.hash;
        const m = macros.lookup(text, s, e, h);
        if (m !== undefined && (m.kind !== FUNCTION_LIKE || cur.peekLParen())) {
          if (runEnd >= 0) {
            parts.push(runText.slice(runStart, runEnd));
            runEnd = -1;
          }
          const line = ll.lineAt(s);
          const col = ll.colAt(s);
          const tok = new Tok(IDENT, m.name, false, null, line, col);
          tok.hash = h;
          anchors.push(outLen + 1, line + delta, col, EXPANSION);
          mapLine = -1;
          const before = prevState === 1 ? prevText.slice(prevS, prevE) : prevState === 2 ? prev : null;
          outLen += this.expander.expandFrom(tok, cur, before, parts);
          const last = this.expander.lastText;
          if (last !== null) {
            prev = last;
            prevState = 2;
          } else if (prevState === 1) {
            // An empty expansion: the tokens on either side of it must not merge either.
            prev = prevText.slice(prevS, prevE);
            prevState = 2;
          }
          continue;
        }
      }
      if (k <= BLOCK_COMMENT_OPEN) prevState = 0;
      else {
        if (prevState === 2 && wouldMerge(prev, text.slice(s, e))) {
          if (runEnd >= 0) {
            parts.push(runText.slice(runStart, runEnd));
            runEnd = -1;
          }
          parts.push(' ');
          outLen++;
        }
        prevState = 1;
        prevText = text;
        prevS = s;
        prevE = e;
      }
      const line = ll.lineAt(s);
      const shift = ll.colAt(s) - (outLen + 1);
      if (line !== mapLine || shift !== mapShift) {
        anchors.push(outLen + 1, line + delta, outLen + 1 + shift, VERBATIM);
        mapLine = line;
        mapShift = shift;
      }
      if (runEnd === s && runText === text) runEnd = e;
      else {
        if (runEnd >= 0) parts.push(runText.slice(runStart, runEnd));
        runText = text;
        runStart = s;
        runEnd = e;
      }
      outLen += e - s;
    }
    if (runEnd >= 0) parts.push(runText.slice(runStart, runEnd));
    if (anchors.length === 0) anchors.push(1, cur.firstLine + delta, 1, VERBATIM);
    this.out.pushMapped(parts, sf.presumedFile, cur.firstLine + delta, anchors);
    this.blankLines(sf, cur.firstLine + 1, cur.ll.lastLine);
    sf.pos = cur.ll.nextPos;
    sf.line = cur.ll.lastLine + 1;
    sf.inComment = cur.openComment;
    if (cur.openComment) {
      sf.commentLine = cur.commentLine;
      sf.commentCol = cur.commentCol;
    }
  }

  // Directives --------------------------------------------------------------------------------------------

  private directive(sf: SourceFile): void {
    const ll = readLogicalLine(sf, sf.pos, sf.line, false, true);
    const d = tokenizeDirective(ll);
    sf.pos = ll.nextPos;
    sf.line = ll.lastLine + 1;
    const toks = d.toks;
    const hash = toks[0];
    const nameTok = toks[1];
    const name = nameTok !== undefined && nameTok.kind === IDENT ? nameTok.text : '';
    const skipping = sf.skipping;
    if (d.openComment >= 0) {
      this.error(PP.UnterminatedComment, ll.lineAt(d.openComment), ll.colAt(d.openComment), 'unterminated comment');
    }
    if (!skipping && d.unterminated >= 0) this.missingQuote(ll.lineAt(d.unterminated), ll.colAt(d.unterminated), ll.text.charCodeAt(d.unterminated));
    if (!skipping && sf.guardState !== GUARD_OPEN && !(sf.guardState === GUARD_START && (name === 'ifndef' || name === 'if'))) {
      if (nameTok !== undefined) sf.guardState = GUARD_NONE;
    }

    switch (name) {
      case 'if':
      case 'ifdef':
      case 'ifndef':
      case 'elif':
      case 'else':
      case 'endif':
        this.blankLines(sf, ll.firstLine, ll.lastLine);
        this.conditionals.apply(sf, name, d, ll);
        return;
    }
    if (skipping) {
      this.blankLines(sf, ll.firstLine, ll.lastLine);
      return;
    }
    if (name === 'pragma') {
      const raw = ll.segStarts === null ? ll.text.slice(ll.from, ll.to) : ll.text.replace(/\n/g, ' ');
      this.out.push(raw, sf.presumedFile, ll.firstLine + sf.lineDelta);
      this.blankLines(sf, ll.firstLine + 1, ll.lastLine);
      const op = toks[2];
      if (op !== undefined && op.text === 'once' && toks.length === 3) this.onceFiles.add(sf.path);
      return;
    }
    this.blankLines(sf, ll.firstLine, ll.lastLine);
    switch (name) {
      case 'define':
        return this.doDefine(toks);
      case 'undef':
        return this.doUndef(toks);
      case 'include':
        return this.doInclude(sf, d, ll);
      case 'line':
        return this.doLine(sf, toks.slice(2), d, ll, false);
      case 'error':
      case 'warning': {
        const msg = nameTok === undefined ? '' : ll.text.slice(d.ends[1], ll.to).trim();
        if (name === 'error') this.error(PP.ErrorDirective, hash.line, hash.col, `#error ${msg}`.trimEnd());
        else this.warning(PP.WarningDirective, hash.line, hash.col, `#warning ${msg}`.trimEnd());
        return;
      }
    }
    if (nameTok === undefined) return; // the null directive
    if (nameTok.kind === NUMBER) return this.doLine(sf, toks.slice(1), d, ll, true);
    this.error(PP.UnknownDirective, hash.line, hash.col, `invalid preprocessing directive #${nameTok.text}`);
  }

  private doDefine(toks: Tok[]): void {
    const sf = this.cur;
    const nameTok = toks[2];
    const at = nameTok === undefined ? { line: toks[1].line, col: toks[1].col + toks[1].text.length } : nameTok;
    const where = `${sf.presumedFile}:${at.line + sf.lineDelta}:${at.col}`;
    const def = parseDefine(toks.slice(2), at, where, this);
    if (def !== undefined) this.install(def, at);
  }

  private install(def: MacroDef, at: { line: number; col: number }): void {
    const old = this.macros.get(def.name);
    if (old !== undefined) {
      if (old.kind === BUILTIN_FILE || old.kind === BUILTIN_LINE) {
        this.warning(PP.BuiltinRedefined, at.line, at.col, `redefining builtin macro '${def.name}'`);
      } else if (!sameDefinition(old, def)) {
        this.warning(PP.MacroRedefined, at.line, at.col, `'${def.name}' redefined (previous definition at ${old.where})`);
      }
    }
    this.macros.set(def);
  }

  private doUndef(toks: Tok[]): void {
    const id = toks[2];
    if (id === undefined) {
      this.error(PP.InvalidMacroName, toks[1].line, toks[1].col + toks[1].text.length, 'no macro name given in #undef directive');
      return;
    }
    if (id.kind !== IDENT) {
      this.error(PP.InvalidMacroName, id.line, id.col, `macro names must be identifiers, found '${id.text}'`);
      return;
    }
    if (id.text === 'defined') {
      this.error(PP.InvalidMacroName, id.line, id.col, "'defined' cannot be used as a macro name");
      return;
    }
    checkEnd(this, toks, 3, 'undef');
    const old = this.macros.get(id.text);
    if (old !== undefined && (old.kind === BUILTIN_FILE || old.kind === BUILTIN_LINE)) {
      this.warning(PP.BuiltinRedefined, id.line, id.col, `undefining builtin macro '${id.text}'`);
    }
    this.macros.delete(id.text);
  }

  private doInclude(sf: SourceFile, d: DirectiveTokens, ll: LogicalLine): void {
    const toks = d.toks;
    const hash = toks[0];
    const text = ll.text;
    const p = toks.length > 2 ? d.starts[2] : d.end;
    let name: string | undefined;
    let quoted = false;
    let at: { line: number; col: number } = { line: ll.lineAt(p), col: ll.colAt(p) };
    let extra: Tok | undefined;
    const first = toks[2];
    if (first !== undefined && first.kind === STRING && first.text[0] === '"') {
      name = first.text.slice(1, -1);
      quoted = true;
      at = first;
      extra = toks[3];
    } else if (first !== undefined && first.is('<')) {
      const close = text.indexOf('>', p + 1);
      if (close < 0 || close >= ll.to) {
        this.error(PP.IncludeMalformed, first.line, first.col, 'missing terminating > character');
        return;
      }
      name = text.slice(p + 1, close);
      at = first;
      for (let i = 3; i < toks.length; i++) {
        if (d.starts[i] > close) {
          extra = toks[i];
          break;
        }
      }
    } else if (first !== undefined) {
      // A computed include: the operands are macro-expanded first.
      this.expander.resetBudget();
      const x = this.expander.expandClosed(toks.slice(2));
      const f = x[0];
      if (f !== undefined && f.kind === STRING && f.text[0] === '"') {
        name = f.text.slice(1, -1);
        quoted = true;
        extra = x[1];
      } else if (f !== undefined && f.is('<')) {
        const close = x.findIndex((t) => t.is('>'));
        if (close > 0) {
          name = spell(x.slice(1, close));
          extra = x[close + 1];
        }
      }
    }
    if (name === undefined) {
      this.error(PP.IncludeMalformed, at.line, at.col, '#include expects "FILENAME" or <FILENAME>');
      return;
    }
    if (name === '') {
      this.error(PP.IncludeMalformed, at.line, at.col, 'empty filename in #include');
      return;
    }
    if (extra !== undefined) this.warning(PP.ExtraTokens, extra.line, extra.col, 'extra tokens at end of #include directive');
    if (sf.depth >= MAX_INCLUDE_DEPTH) {
      // Once per directive: recursive inclusion reaches the same one many times.
      const key = `${sf.path}:${hash.line}`;
      if (!this.tooDeep.has(key)) {
        this.tooDeep.add(key);
        this.error(PP.IncludeTooDeep, hash.line, hash.col, `#include nested more than ${MAX_INCLUDE_DEPTH} levels deep`);
      }
      return;
    }
    const found = this.config.resolver.resolve(name, quoted, sf.path);
    if (found === undefined) {
      const where = this.config.resolver.searched(quoted, sf.path);
      this.error(
        PP.IncludeNotFound,
        at.line,
        at.col,
        `cannot find include file '${name}' (looked in ${where.length ? where.join(', ') : 'no folder: <...> searches only -I folders'}); add the folder that holds it with -I DIR`,
      );
      return;
    }
    if ('refused' in found) {
      // Where it was found, when the name alone does not say (a folder of -I, or beside the includer).
      const rel = path.relative(path.dirname(sf.path), found.path);
      const shown = rel.startsWith('..') || path.isAbsolute(rel) ? found.path : rel;
      this.error(PP.IncludeRefused, at.line, at.col, `cannot include '${name}'${shown === name ? '' : ` (${shown})`}: ${found.refused}`);
      return;
    }
    if (!this.included.has(found.path)) {
      this.included.add(found.path);
      this.includedFiles.push(found.path);
    }
    if (this.onceFiles.has(found.path)) return;
    const guard = this.guards.get(found.path);
    if (guard !== undefined && this.macros.has(guard)) return;
    if (++this.inclusions > MAX_INCLUSIONS) {
      if (this.inclusions === MAX_INCLUSIONS + 1) {
        this.error(PP.TooManyInclusions, hash.line, hash.col, `more than ${MAX_INCLUSIONS} files included; further #include directives are ignored`);
      }
      return;
    }
    if (!this.includedFrom.has(found.path)) this.includedFrom.set(found.path, { file: sf.presumedFile, line: hash.line + sf.lineDelta, column: hash.col });
    this.runFile(new SourceFile(found.path, found.text, sf.depth + 1));
  }

  /** `#line N "file"`, or a GNU line marker `# N "file" flags...` (`marker`). */
  private doLine(sf: SourceFile, operands: Tok[], d: DirectiveTokens, ll: LogicalLine, marker: boolean): void {
    this.expander.resetBudget();
    const x = marker ? operands : this.expander.expandClosed(operands);
    const n = x[0];
    const endAt = { line: ll.lineAt(d.end), col: ll.colAt(d.end) };
    if (n === undefined || n.kind !== NUMBER || !/^[0-9]+$/.test(n.text)) {
      const at = n ?? endAt;
      this.error(PP.MalformedLine, at.line, at.col, n === undefined ? '#line requires a line number' : `'${n.text}' after #line is not a positive integer`);
      return;
    }
    const value = Number(n.text);
    if (value === 0 || value > 2147483647) {
      this.error(PP.MalformedLine, n.line, n.col, `line number ${n.text} out of range`);
      return;
    }
    let file: string | undefined;
    const f = x[1];
    if (f !== undefined) {
      if (f.kind !== STRING || f.text[0] !== '"') {
        this.error(PP.MalformedLine, f.line, f.col, `invalid filename '${f.text}' in #line`);
        return;
      }
      file = unescapeString(f.text.slice(1, -1));
      const rest = x[2];
      if (rest !== undefined && !(marker && x.slice(2).every((t) => t.kind === NUMBER))) {
        this.warning(PP.ExtraTokens, rest.line, rest.col, 'extra tokens at end of #line directive');
      }
    }
    sf.lineDelta = value - (ll.lastLine + 1);
    if (file !== undefined) sf.presumedFile = file;
  }

  private defineFromCommandLine(name: string, value: string): void {
    const saved = this.cur;
    this.cur = new SourceFile(COMMAND_LINE, '', 0);
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\([^()]*\))?$/.test(name)) {
      this.error(PP.InvalidMacroName, 1, 1, `invalid macro name '${name}' in a definition`);
    } else {
      const def = parseDefine(tokenizeText(`${name} ${value}`.replace(/[\r\n]+/g, ' ')), { line: 1, col: 1 }, COMMAND_LINE, this);
      if (def !== undefined) this.install(def, { line: 1, col: 1 });
    }
    this.cur = saved;
  }
}

function builtin(name: string, kind: number): MacroDef {
  return { name, kind, params: [], variadic: false, body: [], paste: false, plain: null, where: '<built-in>' };
}

function unescapeString(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}
