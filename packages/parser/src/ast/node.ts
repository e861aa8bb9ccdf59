/**
 * What every AST node shares: its span in the original source (after mapping through the preprocessor),
 * and the context the grammar's actions build nodes with.
 */
import type { IToken } from 'chevrotain';

/** A range in an original source file; lines and columns are 1-based, the end is inclusive. */
export interface Span {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What the grammar's actions take spans and doc comments from (`build-context.ts`). */
export interface BuildContext {
  /**
   * The span from the first token to the last, both included. A token recovery inserted has no offset; a
   * span that starts at one is empty, at the start of the text.
   */
  span(first: IToken, last: IToken): Span;
  /** The text of the `/** ... *\/` comment directly before the offset, cleaned, or null. */
  docBefore(offset: number): string | null;
}

/**
 * The span of something that takes no room, right after `before`: an abstract declarator (`[in] REFIID`)
 * follows its type. Its end is one column before its start.
 */
export function emptySpanAfter(before: Span): Span {
  return { file: before.file, line: before.endLine, column: before.endColumn + 1, endLine: before.endLine, endColumn: before.endColumn };
}

/** Prints doc comments, indentation and lists the same way for every production. */
export interface PrintContext {
  indent: string;
}

export function printDoc(doc: string | null, indent: string): string {
  if (doc === null) return '';
  const lines = doc.split('\n');
  if (lines.length === 1 && !doc.includes('*/')) return `${indent}/** ${doc} */\n`;
  return `${indent}/**\n${lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}

/** Cleans a raw `/** ... *\/` comment: drops the delimiters and the leading ` * ` of each line. */
export function cleanDocComment(raw: string): string {
  const body = raw.slice(3, -2);
  const lines = body.split(/\r?\n/).map((l) => l.replace(/^\s*\*( |$)?/, '').replace(/\s+$/, ''));
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  // A one-line comment keeps its text without the leading space.
  return lines.map((l, i) => (i === 0 && lines.length === 1 ? l.trim() : l)).join('\n');
}
