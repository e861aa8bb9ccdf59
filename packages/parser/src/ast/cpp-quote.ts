/** `cpp_quote("...")`: text passed through to generated C headers. */
import type { CppQuoteCstNode } from '../cst';
import { decodeStringLiteral } from './expression';
import type { BuildContext, Span } from './node';

export interface CppQuote {
  kind: 'cpp-quote';
  /** The string literal as written. */
  literal: string;
  text: string;
  span: Span;
}

export function buildCppQuote(node: CppQuoteCstNode, ctx: BuildContext): CppQuote {
  const literal = node.children.StringLiteral[0].image;
  return { kind: 'cpp-quote', literal, text: decodeStringLiteral(literal), span: ctx.span(node) };
}

export function printCppQuote(q: CppQuote): string {
  return `cpp_quote(${q.literal})`;
}
