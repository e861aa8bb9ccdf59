/** `cpp_quote("...")`: text passed through to generated C headers. */
import type { Span } from './node';

export interface CppQuote {
  kind: 'cpp-quote';
  /** The string literal as written. */
  literal: string;
  text: string;
  span: Span;
}

export function printCppQuote(q: CppQuote): string {
  return `cpp_quote(${q.literal})`;
}
