/**
 * Doc comments in generated code: the lines of an IDL doc comment or helpstring. They are text here; the
 * comment escaper (`escape.ts`) makes each line safe where the doc comment is made (`docs` in
 * `emitters/code.ts`), so no IDL text can leave a comment early, start a new line of code or start another
 * comment.
 */
import { commentText } from './escape';

/** The lines of an IDL doc comment or helpstring, without comment decoration and blank edges. */
export function docLines(text: string | null | undefined): string[] {
  if (!text) return [];
  const lines = text
    .split(/\r\n?|\n/)
    .map((l) => l.replace(/^\s*\* ?/, '').trimEnd());
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines;
}

/** Keeps text from closing the comment it is in, or from ending its line: the comment escaper. */
export const escapeDoc = commentText;

/** A declaration's documentation: its doc comment, else its `helpstring("...")`. */
export function docOf(doc: string | null | undefined, attributes: readonly { name: string; arguments: readonly unknown[] | null }[] = []): string[] {
  if (doc) return docLines(doc);
  const help = attributes.find((a) => a.name === 'helpstring')?.arguments?.[0] as { kind?: string; value?: string } | undefined;
  return help && help.kind === 'string' && typeof help.value === 'string' ? docLines(help.value) : [];
}
