/**
 * Doc comments in generated code. IDL text never leaves a comment early or starts a new one: `*\/` is
 * broken up, and nothing of it is ever placed in code (only in comments, or in string literals written by
 * the literal helper, `literal.ts`).
 */

/** The lines of an IDL doc comment or helpstring, made safe for a `/** ... *\/` block. */
export function docLines(text: string | null | undefined): string[] {
  if (!text) return [];
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, '').trimEnd());
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines.map(escapeDoc);
}

/** Keeps text from closing the comment it is in. */
export function escapeDoc(line: string): string {
  return line.replace(/\*\//g, '*\\/');
}

/** A declaration's documentation: its doc comment, else its `helpstring("...")`. */
export function docOf(doc: string | null | undefined, attributes: readonly { name: string; arguments: readonly unknown[] | null }[] = []): string[] {
  if (doc) return docLines(doc);
  const help = attributes.find((a) => a.name === 'helpstring')?.arguments?.[0] as { kind?: string; value?: string } | undefined;
  return help && help.kind === 'string' && typeof help.value === 'string' ? docLines(help.value) : [];
}
