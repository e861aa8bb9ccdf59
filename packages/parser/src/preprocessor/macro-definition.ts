/**
 * `#define`: parsing a definition into a `MacroDef`.
 */
import { PP, Reporter } from './codes';
import { Memo } from './expansion-memo';
import { IDENT } from './lexer';
import { FUNCTION_LIKE, hashName, MacroDef, OBJECT_LIKE } from './macro-table';
import { Tok } from './tokens';

/**
 * Parses the tokens of a `#define` after the directive name (the macro name first). The tokens become the
 * body: the caller must not use them afterwards. Returns undefined (after reporting) when the definition is
 * unusable.
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
    const t = tokens[i];
    t.hide = null;
    t.noExpand = false;
    if (t.kind === IDENT) {
      if (t.hash === 0) t.hash = hashName(t.text);
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
  const paste = body.some((t) => t.is('##'));
  let plain: Memo | null = null;
  if (kind === OBJECT_LIKE && !paste && !body.some((t) => t.kind === IDENT)) {
    plain = new Memo(body, new Set([name]), []);
    plain.usable = true;
  }
  return { name, kind, params, variadic, body, paste, plain, where };
}
