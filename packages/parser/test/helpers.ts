/**
 * Shared by the parser's data-driven tests: fixture folders, baselines that `UPDATE_BASELINES=1` rewrites,
 * machine-independent serialization of ASTs and diagnostics, and the Wine corpus when it is fetched.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { formatDiagnostic, parseIdl, printIdlFile, type Diagnostic, type IdlFile } from '../src';

/** `UPDATE_BASELINES=1 npx jest` writes every baseline instead of comparing with it. */
export const UPDATE = process.env['UPDATE_BASELINES'] === '1';

export const PARSER_ROOT = resolve(__dirname, '..');
export const FIXTURES = join(__dirname, 'fixtures');
export const ERROR_FIXTURES = join(FIXTURES, '_error_');

/** The folders under `root` that hold an `input.idl`, sorted; folders named `_..._` are not cases. */
export function fixtureCases(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(join(root, d.name, 'input.idl')))
    .map((d) => d.name)
    .sort();
}

/** Compares `actual` with the baseline file, or writes it under `UPDATE_BASELINES=1`. */
export function expectBaseline(file: string, actual: string): void {
  if (UPDATE) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== actual) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, actual);
    }
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`no baseline ${relative(PARSER_ROOT, file)}; run UPDATE_BASELINES=1 npx jest in packages/parser`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** An absolute path made relative to `base`, with `/` separators; relative paths (and names such as an importlib file) stay as they are. */
export function relativePath(base: string, file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(base, file);
  return rel.split(sep).join('/');
}

const spanLine =
  /\{\n\s*"file": ("(?:[^"\\]|\\.)*"),\n\s*"line": (\d+),\n\s*"column": (\d+),\n\s*"endLine": (\d+),\n\s*"endColumn": (\d+)\n\s*\}/g;

/**
 * An AST as JSON: every `file` relative to `base` (spans and the file node), two-space indentation, and each
 * span on one line so that the baseline reads like the tree.
 */
export function serializeAst(ast: unknown, base: string): string {
  const json = JSON.stringify(ast, (key, value: unknown) => (key === 'file' && typeof value === 'string' ? relativePath(base, value) : value), 2);
  return json.replace(spanLine, '{ "file": $1, "line": $2, "column": $3, "endLine": $4, "endColumn": $5 }') + '\n';
}

/** Reads source lines for caret lines; `file` may be relative to `base`. */
export function sourceLineReader(base: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    const path = resolve(base, file);
    if (!cache.has(path)) cache.set(path, existsSync(path) ? readFileSync(path, 'utf8').split(/\r?\n/) : null);
    return cache.get(path)?.[line - 1];
  };
}

/** Every diagnostic, formatted with its caret line, file paths relative to `base`, one blank line apart. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], base: string): string {
  const read = sourceLineReader(base);
  return (
    diagnostics
      .map((d) =>
        formatDiagnostic(
          // Paths relative to the case folder, in messages too (the folders an #include searched).
          { ...d, file: relativePath(base, d.file), message: d.message.split(base).join('.'), via: d.via?.map((v) => ({ ...v, file: relativePath(base, v.file) })) },
          read,
        ),
      )
      .join('\n\n') + '\n'
  );
}

/** Wine's IDL, as `node tools/wine/fetch.mjs` unpacks it, in the order widl searches it. */
export const WINE_IDL_DIRS = ['usr/include/wine/wine/windows', 'usr/include/wine/wine'].map((d) =>
  join(PARSER_ROOT, '../../.cache/wine/root', d),
);

export const CORPUS_MISSING = 'skipped: Wine corpus not fetched; run node tools/wine/fetch.mjs';

/** Every .idl file of the Wine corpus, sorted per folder, or null when it has not been fetched. */
export function wineCorpus(): string[] | null {
  if (!WINE_IDL_DIRS.every((d) => existsSync(d))) return null;
  return WINE_IDL_DIRS.flatMap((d) =>
    readdirSync(d)
      .filter((n) => n.endsWith('.idl'))
      .sort()
      .map((n) => join(d, n)),
  );
}

/**
 * The first place where two trees differ, ignoring spans: `statements[3].members[0].name: "A" != "B"`, or
 * null when they are the same. Cheaper than a deep `toEqual` on a corpus-sized tree, and its failure
 * message points at the difference.
 */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (a === b) return null;
  const show = (v: unknown) => JSON.stringify(v, (k, x: unknown) => (k === 'span' ? undefined : x))?.slice(0, 200) ?? String(v);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path || '(root)'}: ${show(a)} != ${show(b)}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (key === 'span') continue;
    const d = firstDifference(ra[key], rb[key], path ? `${path}.${key}` : key);
    if (d) return d;
  }
  return null;
}

export interface RoundTrip {
  printed: string;
  /** What parsing the printed text reported; a round trip expects none. */
  diagnostics: Diagnostic[];
  /** The tree parsed from the printed text. */
  reparsed: IdlFile;
}

/**
 * Prints a tree and parses the text again. The printed text is the preprocessor's output in canonical form,
 * so it is parsed without preprocessing, like the tree it came from.
 */
export function roundTrip(ast: IdlFile): RoundTrip {
  const printed = printIdlFile(ast);
  const again = parseIdl(ast.file, printed, { noPreprocess: true });
  return { printed, diagnostics: again.diagnostics, reparsed: again.ast };
}
