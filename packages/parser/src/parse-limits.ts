/**
 * The limits of a parse: how deeply the grammar's rules may nest, how many syntax errors one parse reports,
 * and how deep an expression's tree may be. Past any of them, the parse stops with `ParseStoppedError`, which
 * `parseIdl` turns into one located diagnostic (SYN002, SYN003, SYN004).
 */
import type { IParserErrorMessageProvider, IToken } from 'chevrotain';
import { midlErrorMessages } from './error-messages';

/**
 * How many grammar rules may be active at once. Each active rule holds several stack frames, and error
 * recovery walks the whole rule stack recursively, so input nested much deeper than this (`((((...`,
 * `- - - -...`, structs in structs...) would overflow Node's default call stack (at about 350 rules, with
 * recovery walking). Real IDL stays far below it: the Wine corpus peaks under 60, in mshtml.idl's
 * macro-built DISPIDs `id(((((...(1000+25)+25)...+1)`.
 */
export const MAX_RULE_DEPTH = 200;

/**
 * After this many syntax errors a parse stops. Each error costs recovery work (about a millisecond), so a
 * flood of them (binary input, `[[[[...`, unexpanded macros) would otherwise take seconds; and past the
 * first hundred, errors are noise.
 */
export const MAX_SYNTAX_ERRORS = 100;

/**
 * How deep an expression's tree may be. The operands of one operator chain nest one level each (`1+1+...+1`
 * with n terms is n-1 levels deep, left-associative as C says), so a long chain is deep without nesting any
 * grammar rule. Every later walk of an expression (the printer, the constant evaluator, `parse --json`) then
 * stays far from the stack's end, and `parse --json` stays linear in the input. Real IDL stays far below it:
 * the deepest expression in Wine's corpus is one of mshtml.idl's macro-built DISPIDs, 46 nodes deep.
 */
export const MAX_EXPRESSION_DEPTH = 1000;

export type ParseStopReason = 'too-deep' | 'too-many-errors' | 'expression-too-deep';

const stopMessages: Record<ParseStopReason, string> = {
  'too-deep': `nesting deeper than ${MAX_RULE_DEPTH} grammar rules`,
  'too-many-errors': `more than ${MAX_SYNTAX_ERRORS} syntax errors`,
  'expression-too-deep': `an expression deeper than ${MAX_EXPRESSION_DEPTH} levels`,
};

/** Thrown out of a parse that cannot go on; `token` is where it stopped. */
export class ParseStoppedError extends Error {
  constructor(
    readonly reason: ParseStopReason,
    readonly token: IToken,
  ) {
    super(stopMessages[reason]);
    this.name = 'ParseStoppedError';
  }
}

/** The syntax errors of the parse under way; the parser sets it back to zero for each new input. */
export interface ErrorCount {
  errors: number;
}

/**
 * The grammar's error messages (`error-messages.ts`), counting the errors as Chevrotain asks for their
 * messages (once per error) and stopping the parse past `MAX_SYNTAX_ERRORS`.
 */
export function countingMessages(count: ErrorCount): IParserErrorMessageProvider {
  const add = (token: IToken) => {
    if (++count.errors > MAX_SYNTAX_ERRORS) throw new ParseStoppedError('too-many-errors', token);
  };
  return {
    buildMismatchTokenMessage: (o) => (add(o.actual), midlErrorMessages.buildMismatchTokenMessage(o)),
    buildNotAllInputParsedMessage: (o) => (add(o.firstRedundant), midlErrorMessages.buildNotAllInputParsedMessage(o)),
    buildNoViableAltMessage: (o) => (add(o.actual[0]), midlErrorMessages.buildNoViableAltMessage(o)),
    buildEarlyExitMessage: (o) => (add(o.actual[0]), midlErrorMessages.buildEarlyExitMessage(o)),
  };
}
