/**
 * What every AST node shares: its span in the original source (after mapping through the preprocessor),
 * and the context the builders and printers of the productions work with.
 */
import type { CstNode, IToken } from 'chevrotain';

/** A range in an original source file; lines and columns are 1-based, the end is inclusive. */
export interface Span {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What a production's builder needs from the CST-to-AST pass. */
export interface BuildContext {
  /** The CST came from error recovery and may lack parts; see `buildPart`. */
  readonly recovered: boolean;
  /** The span of a CST node or token range. */
  span(node: CstNode | IToken, last?: CstNode | IToken): Span;
  /** The text of the `/** ... *\/` comment directly before the offset, cleaned, or null. */
  docBefore(offset: number): string | null;
}

/**
 * Builds one part of the tree (a statement, a member). From a CST that error recovery left incomplete, a part
 * that cannot be built is left out (null) and the rest of the tree is kept; its errors are reported already.
 */
export function buildPart<T>(ctx: BuildContext, build: () => T): T | null {
  if (!ctx.recovered) return build();
  try {
    return build();
  } catch {
    return null;
  }
}

/**
 * The span of something that takes no room, right after `before`: an abstract declarator (`[in] REFIID`)
 * follows its type. Its end is one column before its start.
 */
export function emptySpanAfter(before: Span): Span {
  return { file: before.file, line: before.endLine, column: before.endColumn + 1, endLine: before.endLine, endColumn: before.endColumn };
}

/** Whether a CST node consumed no token; its location is then NaN. */
export function isEmptyNode(node: CstNode): boolean {
  return Number.isNaN(node.location?.startOffset ?? NaN);
}

export function startOffset(node: CstNode | IToken): number {
  return 'image' in node ? node.startOffset : node.location!.startOffset;
}

export function endOffset(node: CstNode | IToken): number {
  return 'image' in node ? node.startOffset + node.image.length - 1 : node.location!.endOffset!;
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
