/** `#pragma ...` lines (kept verbatim) and `midl_pragma warning (...)`. */
import type { IToken } from 'chevrotain';
import type { BuildContext, Span } from './node';

export interface Pragma {
  kind: 'pragma';
  /** The whole line, `#pragma` included. */
  text: string;
  span: Span;
}

export interface MidlPragma {
  kind: 'midl-pragma';
  name: string;
  /** The parenthesized part, tokens joined by single spaces. */
  argument: string;
  span: Span;
}

/** The node of a `#pragma` line token. */
export function pragmaOf(token: IToken, ctx: BuildContext): Pragma {
  return { kind: 'pragma', text: token.image.trimEnd(), span: ctx.span(token, token) };
}

export function printPragma(p: Pragma): string {
  return p.text;
}

export function printMidlPragma(p: MidlPragma): string {
  return `midl_pragma ${p.name} ${p.argument}`;
}
