/**
 * The C preprocessor for MIDL input, run before the lexer.
 *
 * Diagnostic codes. Positions are the original file, line and column (1-based); after `#line`, the presumed
 * ones. Problems with a whole directive (PP002, PP005 to PP010, PP027) are reported at its `#`.
 *
 * | Code  | Severity | Meaning                                                                          |
 * |-------|----------|----------------------------------------------------------------------------------|
 * | PP000 | error    | internal error: a bug, reported instead of throwing; the output is partial       |
 * | PP001 | error    | `#include` file not found (at the file name; the folders searched, a hint at -I) |
 * | PP002 | error    | `#include` nested more than 200 levels deep                                      |
 * | PP003 | error    | malformed `#include`: no `"file"` or `<file>`, missing `>`, empty name           |
 * | PP004 | error    | unterminated block comment (at its `/*`)                                         |
 * | PP005 | error    | `#if`/`#ifdef`/`#ifndef` without `#endif` at the end of its file (at the `#if`)  |
 * | PP006 | error    | `#elif`/`#else`/`#endif` without `#if`                                           |
 * | PP007 | error    | `#elif` or `#else` after `#else`                                                 |
 * | PP008 | error    | `#error` directive                                                               |
 * | PP009 | warning  | `#warning` directive                                                             |
 * | PP010 | error    | unknown preprocessing directive                                                  |
 * | PP011 | error    | malformed `#if`/`#elif` expression (at the offending token); the group is false  |
 * | PP012 | error    | division or remainder by zero in `#if`/`#elif` (at the operator); group false    |
 * | PP013 | error    | invalid constant in `#if`: suffix, digit, floating, too large, empty character   |
 * | PP014 | error    | missing or invalid macro name (`#define`, `#undef`, `#ifdef`, `#ifndef`, `-D`)   |
 * | PP015 | error    | malformed macro parameter list                                                   |
 * | PP016 | error    | `#` not followed by a parameter, or `##` at either end of a macro body           |
 * | PP017 | warning  | macro redefined with a different definition (the new one is used)                |
 * | PP018 | error    | wrong number of arguments in a macro invocation (left unexpanded)                |
 * | PP019 | error    | unterminated macro argument list (end of file or a directive came first)         |
 * | PP020 | error    | `##` does not produce a valid token (both tokens are kept)                       |
 * | PP021 | error    | malformed `#line` (line number or file name)                                     |
 * | PP022 | warning  | extra tokens at the end of a directive; no space after an object-like macro name |
 * | PP023 | warning  | missing terminating `"` or `'` character (outside skipped groups)                |
 * | PP024 | warning  | `__FILE__` or `__LINE__` redefined or undefined                                  |
 * | PP025 | warning  | `__VA_ARGS__` outside a variadic macro                                           |
 * | PP026 | error    | a macro expansion over 1,000,000 tokens, or arguments nested 200 deep; stopped   |
 * | PP027 | error    | more than 20,000 file inclusions in one run; further `#include`s are ignored     |
 * | PP028 | error    | `#include` of a file that is not a regular file, or larger than 64 MB (not read)  |
 * | PP029 | error    | output over 128 MB (`MAX_OUTPUT_BYTES`); the rest of the input is skipped       |
 *
 * Output lines and columns: each physical input line gives one output line, so `lineFiles`/`lineNumbers`
 * are exact for every output line. A line without macro expansion is copied byte for byte, so its columns are
 * the original columns. On a line where a macro was expanded, the text before, between and after expansions
 * keeps its characters but may shift right or left, and the expansion itself is spelled with single spaces
 * (where the source had whitespace, or where two tokens would otherwise merge); comments inside a macro
 * invocation are dropped. `originalPosition` maps the shifted text exactly, and any column inside the text an
 * expansion produced to the column of the invoked macro's name. Backslash-newline joins (and a macro
 * invocation whose arguments span lines) put the whole logical line on its first output line and leave the
 * following ones empty; `originalPosition` maps each part back to its own physical line.
 * The column maps live beside the result (keyed by the result object), so `originalPosition` needs the
 * object `preprocess` returned; for a copy it falls back to mapping columns one to one.
 *
 * Not supported: `__DATE__`/`__TIME__` (output must not depend on the clock), `_Pragma`, digraphs,
 * `__VA_OPT__`, `#include_next`, `#import`, `#ident`; signed overflow in `#if` wraps without a warning.
 */
import type { Diagnostic, SourcePosition } from '../diagnostics';
import { IncludeResolver, nodeHost, PreprocessHost, stripBom } from './include-resolver';
import { ColumnMaps, mapPosition } from './line-map';
import { WIDL_PREDEFINES } from './predefines';
import { Preprocessor } from './preprocessor';
import { PP } from './codes';

export type { PreprocessHost } from './include-resolver';
export { WIDL_PREDEFINES } from './predefines';
export { PP } from './codes';
export type { PPCode } from './codes';

export interface PreprocessOptions {
  /** `-I DIR`, searched in order. */
  includeDirs?: string[];
  /** `-D NAME[=VALUE]`; `-D NAME` arrives as `{ NAME: '1' }`. A name may carry parameters: `{ 'F(x)': 'x' }`. */
  defines?: Record<string, string>;
  host?: PreprocessHost;
  /** Defaults to WIDL_PREDEFINES. */
  predefined?: Record<string, string>;
}

export interface PreprocessResult {
  /** Output text; every line ends with a newline. */
  text: string;
  /** Per output line (index = output line - 1): original file path. */
  lineFiles: string[];
  /** Per output line: original 1-based line number. */
  lineNumbers: Int32Array;
  diagnostics: Diagnostic[];
  /** Resolved paths of every file pulled in by #include, in order, no duplicates. */
  includedFiles: string[];
  /** For each of them, where the `#include` that first read it is. */
  includedFrom: ReadonlyMap<string, SourcePosition>;
}

interface ResultExtras {
  maps: ColumnMaps;
  file: string;
}

const extras = new WeakMap<PreprocessResult, ResultExtras>();

/** Preprocesses `text`, the contents of `file`. Never throws for any input: problems become diagnostics. */
export function preprocess(file: string, text: string, options: PreprocessOptions = {}): PreprocessResult {
  const includeDirs = options.includeDirs ?? [];
  const definitions: [string, string][] = [];
  for (const [k, v] of Object.entries(options.predefined ?? WIDL_PREDEFINES)) definitions.push([k, String(v)]);
  for (const [k, v] of Object.entries(options.defines ?? {})) definitions.push([k, String(v)]);
  const pp = new Preprocessor({
    resolver: new IncludeResolver(options.host ?? nodeHost, includeDirs),
    definitions,
  });
  try {
    pp.run(file, stripBom(String(text)));
  } catch (e) {
    // Defence in depth: nothing above is expected to throw, but a caller must never see an exception.
    pp.diagnostics.push({ file, line: 1, column: 1, code: PP.Internal, severity: 'error', message: `internal preprocessor error: ${e instanceof Error ? e.message : String(e)}` });
  }
  const out = pp.out.finish();
  const result: PreprocessResult = {
    text: out.text,
    lineFiles: out.lineFiles,
    lineNumbers: out.lineNumbers,
    diagnostics: pp.diagnostics,
    includedFiles: pp.includedFiles,
    includedFrom: pp.includedFrom,
  };
  extras.set(result, { maps: pp.out.columnMaps, file });
  return result;
}

/** Maps an output position (1-based line/column) to the original position. */
export function originalPosition(result: PreprocessResult, line: number, column: number): { file: string; line: number; column: number } {
  return positionMapper(result)(line, column);
}

/** The 0-based output lines whose columns differ from the original ones (a macro was expanded there). */
export function columnMappedLines(result: PreprocessResult): { has(line: number): boolean } {
  return extras.get(result)?.maps ?? new Set<number>();
}

/** `originalPosition` for one result, its column maps looked up once: for mapping many positions. */
export function positionMapper(result: PreprocessResult): (line: number, column: number) => { file: string; line: number; column: number } {
  const x = extras.get(result);
  const maps = x?.maps;
  const file = x?.file ?? '';
  return (line, column) => mapPosition(result, maps, line, column, file);
}
