/**
 * The escapers: every text that reaches a generated file from outside (IDL paths and file names, config
 * values, IDL docs, helpstrings and string constants) goes through the one of the context it lands in.
 *
 * - a comment (`//` or `/** ... *\/`): `commentText`, here;
 * - a string literal: `stringLiteral` (`literal.ts`), which the writer's `writeString` uses;
 * - JSON (package.json, tsconfig): `jsonText`, here.
 *
 * Nothing from outside is ever written as code: names become identifiers (`naming.ts`) or string literals.
 */

/**
 * What could end a comment or a line, or hide what a line says: `*\/`, line terminators (JavaScript's four:
 * `\n`, `\r`, U+2028, U+2029), other control characters, and the bidirectional controls that can make a
 * comment look like code ("Trojan source").
 */
const commentSpecial = /\*\/|[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const commentSpecialAll = new RegExp(commentSpecial.source, 'g');
const named: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '*/': '*\\/' };

/**
 * Text made safe for one line of a comment, in either form: `*\/` becomes `*\/` with a backslash between,
 * every line terminator and other control or bidirectional character is written as an escape (`\n`,
 * `\u2028`). Tabs stay. Text without such characters is returned as it is.
 */
export function commentText(text: string): string {
  if (!commentSpecial.test(text)) return text;
  return text.replace(commentSpecialAll, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A `//` comment line holding `text`, with its newline. */
export function lineComment(text: string): string {
  return `// ${commentText(text)}\n`;
}

/** A JSON file's text: the value laid out with two spaces, and a final newline (what `JSON.stringify` escapes is all JSON needs). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Text made safe for a line of Markdown prose: one line (`commentText`), and Markdown's and HTML's special
 * characters escaped with a backslash, so that a path or a config value reads as written and cannot open a
 * link, an emphasis, an HTML tag or a comment's end (the lines it lands in start with the README's own text).
 */
export function markdownText(text: string): string {
  return commentText(text).replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** The text of an HTML comment (Markdown's `<!-- ... -->`): one line, and no `--` that could end it. */
export function htmlCommentText(text: string): string {
  return commentText(text).replace(/-(?=-)/g, '- ');
}
