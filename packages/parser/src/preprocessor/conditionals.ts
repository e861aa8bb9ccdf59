/**
 * The conditional directives: `#if` (with `defined`, macros expanded, the expression evaluated), `#ifdef`,
 * `#ifndef`, `#elif`, `#else`, `#endif` over a file's stack of open conditionals, and the include guard a
 * file's first conditional may open.
 */
import { PP, type Reporter } from './codes';
import { evaluateCondition } from './condition-expression';
import type { DirectiveTokens } from './directive-tokens';
import { IDENT, NUMBER } from './lexer';
import type { MacroTable } from './macro-table';
import type { Expander } from './macros';
import { GUARD_CLOSED, GUARD_NONE, GUARD_OPEN, GUARD_START, type Conditional, type LogicalLine, type SourceFile } from './source';
import { Tok } from './tokens';

export class ConditionalDirectives {
  constructor(
    private readonly macros: MacroTable,
    private readonly expander: Expander,
    private readonly reporter: Reporter,
  ) {}

  /** Applies `#if`, `#ifdef`, `#ifndef`, `#elif`, `#else` or `#endif` (`name`) to the file's condition stack. */
  apply(sf: SourceFile, name: string, d: DirectiveTokens, ll: LogicalLine): void {
    const toks = d.toks;
    const hash = toks[0];
    const conds = sf.conds;
    const top = conds.length > 0 ? conds[conds.length - 1] : undefined;
    switch (name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const parentActive = !sf.skipping;
        let value = false;
        if (parentActive) value = name === 'if' ? this.evalIf(toks, 2, d, ll) : this.evalIfdef(name, toks);
        const c: Conditional = { taken: value || !parentActive, active: parentActive && value, sawElse: false, parentActive, line: hash.line, col: hash.col, name, presumedFile: sf.presumedFile, presumedLine: hash.line + sf.lineDelta };
        if (sf.guardState === GUARD_START && conds.length === 0) {
          const guard = guardMacro(name, toks);
          if (guard !== undefined) {
            sf.guardState = GUARD_OPEN;
            sf.guardName = guard;
            sf.guardCond = c;
          } else sf.guardState = GUARD_NONE;
        }
        conds.push(c);
        break;
      }
      case 'elif': {
        if (top === undefined) {
          this.reporter.error(PP.ConditionalWithoutIf, hash.line, hash.col, '#elif without #if');
          return;
        }
        if (top === sf.guardCond) sf.guardState = GUARD_NONE;
        if (top.sawElse) {
          this.reporter.error(PP.ConditionalAfterElse, hash.line, hash.col, '#elif after #else');
          top.active = false;
        } else if (!top.parentActive || top.taken) {
          top.active = false;
        } else {
          const value = this.evalIf(toks, 2, d, ll);
          top.active = value;
          top.taken = value;
        }
        break;
      }
      case 'else': {
        if (top === undefined) {
          this.reporter.error(PP.ConditionalWithoutIf, hash.line, hash.col, '#else without #if');
          return;
        }
        if (top === sf.guardCond) sf.guardState = GUARD_NONE;
        if (top.parentActive) checkEnd(this.reporter, toks, 2, 'else');
        if (top.sawElse) {
          this.reporter.error(PP.ConditionalAfterElse, hash.line, hash.col, '#else after #else');
          top.active = false;
          break;
        }
        top.sawElse = true;
        top.active = top.parentActive && !top.taken;
        top.taken = true;
        break;
      }
      default: {
        // endif
        if (top === undefined) {
          this.reporter.error(PP.ConditionalWithoutIf, hash.line, hash.col, '#endif without #if');
          return;
        }
        if (top.parentActive) checkEnd(this.reporter, toks, 2, 'endif');
        conds.pop();
        if (top === sf.guardCond && sf.guardState === GUARD_OPEN) sf.guardState = GUARD_CLOSED;
      }
    }
    sf.updateSkipping();
  }

  private evalIfdef(name: string, toks: Tok[]): boolean {
    const id = toks[2];
    if (id === undefined) {
      this.reporter.error(PP.InvalidMacroName, toks[1].line, toks[1].col + toks[1].text.length, `no macro name given in #${name} directive`);
      return false;
    }
    if (id.kind !== IDENT) {
      this.reporter.error(PP.InvalidMacroName, id.line, id.col, `macro names must be identifiers, found '${id.text}'`);
      return false;
    }
    checkEnd(this.reporter, toks, 3, name);
    return this.macros.has(id.text) === (name === 'ifdef');
  }

  private evalIf(toks: Tok[], from: number, d: DirectiveTokens, ll: LogicalLine): boolean {
    const end = { line: ll.lineAt(d.end), col: ll.colAt(d.end) };
    const items: Tok[] = [];
    for (let i = from; i < toks.length; i++) {
      const t = toks[i];
      if (t.kind === IDENT && t.text === 'defined') {
        let j = i + 1;
        const paren = toks[j] !== undefined && toks[j].is('(');
        if (paren) j++;
        const id = toks[j];
        if (id === undefined || id.kind !== IDENT) {
          const at = id ?? end;
          this.reporter.error(PP.ExpressionSyntax, at.line, at.col, "operator 'defined' requires an identifier");
          return false;
        }
        if (paren) {
          const close = toks[j + 1];
          if (close === undefined || !close.is(')')) {
            const at = close ?? end;
            this.reporter.error(PP.ExpressionSyntax, at.line, at.col, "missing ')' after 'defined'");
            return false;
          }
          j++;
        }
        items.push(new Tok(NUMBER, this.macros.has(id.text) ? '1' : '0', t.space, null, t.line, t.col));
        i = j;
        continue;
      }
      items.push(t);
    }
    this.expander.resetBudget();
    const expanded = this.expander.expandClosed(items, true);
    return evaluateCondition(expanded, this.macros, this.reporter, end);
  }
}

/** Warns about tokens after a directive's operands. */
export function checkEnd(reporter: Reporter, toks: Tok[], from: number, name: string): void {
  const t = toks[from];
  if (t !== undefined) reporter.warning(PP.ExtraTokens, t.line, t.col, `extra tokens at end of #${name} directive`);
}

/** The macro of an include guard opening: `#ifndef X`, `#if !defined X`, `#if !defined(X)`. */
function guardMacro(name: string, toks: Tok[]): string | undefined {
  if (name === 'ifndef') return toks.length === 3 && toks[2].kind === IDENT ? toks[2].text : undefined;
  if (name !== 'if' || toks.length < 5 || !toks[2].is('!') || toks[3].text !== 'defined') return undefined;
  if (toks.length === 5 && toks[4].kind === IDENT) return toks[4].text;
  if (toks.length === 7 && toks[4].is('(') && toks[5].kind === IDENT && toks[6].is(')')) return toks[5].text;
  return undefined;
}
