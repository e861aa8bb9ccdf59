/** `#pragma ...` lines (kept verbatim) and `midl_pragma warning (...)`. */
import type { IToken } from 'chevrotain';
import type { BalancedParensCstNode, MidlPragmaCstNode } from '../cst';
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

export function buildPragma(token: IToken, ctx: BuildContext): Pragma {
  return { kind: 'pragma', text: token.image.trimEnd(), span: ctx.span(token) };
}

export function buildMidlPragma(node: MidlPragmaCstNode, ctx: BuildContext): MidlPragma {
  return {
    kind: 'midl-pragma',
    name: node.children.Identifier[0].image,
    argument: balancedText(node.children.balancedParens[0]),
    span: ctx.span(node),
  };
}

function balancedText(node: BalancedParensCstNode): string {
  const parts: { offset: number; text: string }[] = [];
  const c = node.children as Record<string, (IToken | BalancedParensCstNode)[] | undefined>;
  for (const key in c) {
    for (const item of c[key] ?? []) {
      if ('image' in item) parts.push({ offset: item.startOffset, text: item.image });
      else parts.push({ offset: item.location!.startOffset, text: balancedText(item) });
    }
  }
  parts.sort((a, b) => a.offset - b.offset);
  return parts.map((p) => p.text).join(' ');
}

export function printPragma(p: Pragma): string {
  return p.text;
}

export function printMidlPragma(p: MidlPragma): string {
  return `midl_pragma ${p.name} ${p.argument}`;
}
