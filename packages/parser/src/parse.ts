/**
 * The parser package's entry point: preprocess, lex, parse and build the AST of one IDL file, collecting
 * every diagnostic on the way. Never throws for bad input.
 */
import type { IToken, IRecognitionException } from 'chevrotain';
import type { IdlFile } from './ast/idl-file';
import type { BuildContext } from './ast/node';
import { buildContext } from './build-context';
import { compareDiagnostics, withIncludeChains, type Diagnostic, type SourcePosition } from './diagnostics';
import { MAX_EXPRESSION_DEPTH, MAX_RULE_DEPTH, MAX_SYNTAX_ERRORS, ParseStoppedError, type ParseStopReason } from './parse-limits';
import { MidlParser } from './parser';
import { columnMappedLines, positionMapper, preprocess, type PreprocessOptions } from './preprocessor';
import { nodeHost } from './preprocessor/include-resolver';
import { SourceFileError, sourceFileProblem } from './source-file';
import { SourceMap } from './source-map';
import { MidlLexer } from './tokens';

export interface ParseOptions extends PreprocessOptions {
  /** Skip the preprocessor (the text is already preprocessed). */
  noPreprocess?: boolean;
}

export interface ParseResult {
  ast: IdlFile;
  diagnostics: Diagnostic[];
  /** Every file pulled in by `#include`, resolved. */
  includedFiles: string[];
  /** For each of them, where the `#include` that first read it is (see `includeChain`). */
  includedFrom: ReadonlyMap<string, SourcePosition>;
  /** Maps positions in the preprocessed text back to the sources; also serves caret lines. */
  sourceMap: SourceMap;
}

/** Parses IDL text that was read from `file`. */
export function parseIdl(file: string, text: string, options: ParseOptions = {}): ParseResult {
  const diagnostics: Diagnostic[] = [];
  let sourceMap: SourceMap;
  let includedFiles: string[] = [];
  let includedFrom: ReadonlyMap<string, SourcePosition> = new Map();
  if (options.noPreprocess) {
    sourceMap = SourceMap.identity(file, text);
  } else {
    const pre = preprocess(file, text, options);
    diagnostics.push(...pre.diagnostics);
    includedFiles = pre.includedFiles;
    includedFrom = pre.includedFrom;
    // Lines where macros were expanded shift columns; the preprocessor's column maps undo that.
    sourceMap = new SourceMap(pre.text, pre.lineFiles, pre.lineNumbers, positionMapper(pre), columnMappedLines(pre));
  }

  const lexed = MidlLexer.tokenize(sourceMap.text);
  for (const e of lexed.errors) {
    const pos = sourceMap.position(e.offset);
    const ch = sourceMap.text.slice(e.offset, e.offset + e.length);
    // A quote no literal matched opens a string or character constant that the line does not close.
    const message =
      ch === '"' || ch === "'"
        ? `missing terminating ${ch} character`
        : `unexpected character ${JSON.stringify(ch.length > 20 ? ch.slice(0, 20) + '...' : ch)}`;
    diagnostics.push({ ...pos, code: 'LEX001', severity: 'error', message });
  }
  const comments = lexed.groups.comments ?? [];
  for (const c of comments) {
    if (c.image.startsWith('/*') && (c.image.length < 4 || !c.image.endsWith('*/'))) {
      const pos = sourceMap.position(c.startOffset);
      // The preprocessor reports it already (PP004) when it ran.
      if (!diagnostics.some((d) => d.line === pos.line && d.column === pos.column && d.file === pos.file)) {
        diagnostics.push({ ...pos, code: 'LEX002', severity: 'error', message: 'unterminated comment' });
      }
    }
  }

  // One parse with recovery on builds the AST and reports every syntax error.
  const { ast, errors, stopped } = runParser(lexed.tokens, file, buildContext(sourceMap, comments));
  for (const e of errors) diagnostics.push(syntaxDiagnostic(e, sourceMap, lexed.tokens));
  if (stopped) diagnostics.push(stoppedDiagnostic(stopped, sourceMap, lexed.tokens));
  const located = withIncludeChains(diagnostics, includedFrom);
  located.sort(compareDiagnostics);
  return { ast, diagnostics: located, includedFiles, includedFrom, sourceMap };
}

/**
 * Reads and parses a file; an unreadable file is a diagnostic (one that is not a regular file, or too large,
 * says so).
 */
export function parseIdlFile(file: string, options: ParseOptions = {}): ParseResult {
  let text: string | undefined;
  let reason = sourceFileProblem(file);
  if (reason === undefined) {
    try {
      text = (options.host ?? nodeHost).readFile(file);
    } catch (e) {
      if (e instanceof SourceFileError) reason = e.reason;
      text = undefined;
    }
  }
  return text === undefined ? unreadableFile(file, reason) : parseIdl(file, text, options);
}

/** The result for a file that cannot be read: no statements, one IO001 error, with the reason when known. */
export function unreadableFile(file: string, reason?: string): ParseResult {
  return {
    ast: { kind: 'idl-file', file, statements: [] },
    diagnostics: [{ file, line: 1, column: 1, code: 'IO001', severity: 'error', message: `cannot read file '${file}'${reason ? `: ${reason}` : ''}` }],
    includedFiles: [],
    includedFrom: new Map(),
    sourceMap: SourceMap.identity(file, ''),
  };
}

/** One parser for every file: Chevrotain parsers are reusable and costly to construct. */
let shared: MidlParser | undefined;

interface ParserRun {
  ast: IdlFile;
  errors: IRecognitionException[];
  /** Why and where the parse stopped early; the AST covers only the tokens before that point. */
  stopped?: ParseStoppedError;
}

/**
 * What the last `parseIdl` took of the parser: attempts (a parse that stopped is cut and run again), rule
 * invocations over all attempts, and the most rules active at once. Tests bound them.
 */
export const parseWork = { attempts: 0, rules: 0, peakDepth: 0, peakExpressionDepth: 0 };

/** The parser's `maxLookahead`: how far before a cut its errors may show. */
const CUT_LOOKAHEAD = 4;

/**
 * Parses with recovery. When the parse stops early (nesting too deep, too many errors), the input is cut
 * before the token where it stopped and the tokens before it are parsed again, for the AST of what precedes;
 * the errors that only the cut causes (at its end) are dropped.
 */
function runParser(tokens: IToken[], file: string, ctx: BuildContext): ParserRun {
  const parser = (shared ??= new MidlParser());
  let input = tokens;
  let stopped: ParseStoppedError | undefined;
  parseWork.attempts = parseWork.rules = parseWork.peakDepth = parseWork.peakExpressionDepth = 0;
  const count = () => {
    parseWork.attempts++;
    parseWork.rules += parser.work.rules;
    parseWork.peakDepth = Math.max(parseWork.peakDepth, parser.work.peakDepth);
    parseWork.peakExpressionDepth = Math.max(parseWork.peakExpressionDepth, parser.work.peakExpressionDepth);
  };
  // The first stop is the one reported. A retry may stop again (the cut adds an error at the end of a prefix
  // that already holds the maximum); each retry parses a strictly shorter prefix, the bound keeps it linear.
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      const ast = parser.parseFile(input, file, ctx);
      count();
      let errors = parser.errors;
      if (stopped) {
        const cutOffset = input[Math.max(0, input.length - CUT_LOOKAHEAD)]?.startOffset ?? 0;
        errors = errors.filter((e) => !Number.isNaN(e.token.startOffset) && e.token.startOffset < cutOffset);
      }
      return { ast, errors, stopped };
    } catch (error) {
      if (!(error instanceof ParseStoppedError)) throw error;
      count();
      stopped ??= error;
      const at = input.indexOf(error.token);
      input = input.slice(0, at >= 0 ? at : Math.max(0, input.length - 1));
    }
  }
  return { ast: { kind: 'idl-file', file, statements: [] }, errors: [], stopped };
}

const stops: Record<ParseStopReason, { code: string; message: string }> = {
  'too-deep': {
    code: 'SYN002',
    message: `nested too deeply to parse (more than ${MAX_RULE_DEPTH} grammar rules); the rest of the file is skipped`,
  },
  'too-many-errors': {
    code: 'SYN003',
    message: `too many syntax errors; the rest of the file is skipped (a parse stops after ${MAX_SYNTAX_ERRORS})`,
  },
  'expression-too-deep': {
    code: 'SYN004',
    message:
      `expression too deep (more than ${MAX_EXPRESSION_DEPTH} levels; each operand of an operator chain is one level); ` +
      'the rest of the file is skipped',
  },
};

function stoppedDiagnostic(stopped: ParseStoppedError, map: SourceMap, tokens: IToken[]): Diagnostic {
  const token = stopped.token;
  const offset = Number.isNaN(token.startOffset) ? Math.max(0, map.text.trimEnd().length) : token.startOffset;
  const { code, message } = stops[stopped.reason];
  return { ...map.position(offset), code, severity: 'error', message, context: enclosingDeclaration(tokens, offset) };
}

const declarationKeywords = new Set([
  'interface',
  'dispinterface',
  'coclass',
  'library',
  'module',
  'struct',
  'union',
  'enum',
  'typedef',
  'namespace',
  'runtimeclass',
  'delegate',
  'apicontract',
]);

/**
 * A syntax error is reported where the missing part belongs, as tsc does: when the token found starts a later
 * line than the token before it (a `;` forgotten at the end of a line, with the next declaration lines further
 * down), at the end of the token before it; otherwise at the token found.
 */
function syntaxDiagnostic(e: IRecognitionException, map: SourceMap, tokens: IToken[]): Diagnostic {
  const token = e.token;
  const atEnd = token.tokenType.name === 'EOF' || Number.isNaN(token.startOffset);
  const offset = atEnd ? Math.max(0, map.text.trimEnd().length) : token.startOffset;
  let position = map.position(offset);
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  // (The lexer tracks start offsets only; a token's text is its image.)
  const end = previous && !Number.isNaN(previous.startOffset) ? previous.startOffset + previous.image.length : NaN;
  if (end <= offset) {
    const after = map.position(end);
    if (after.file !== position.file || after.line < position.line) position = after;
  }
  return {
    ...position,
    code: 'SYN001',
    severity: 'error',
    message: e.message,
    context: enclosingDeclaration(tokens, offset),
  };
}

/**
 * The declaration a position sits in, `interface IFoo`, found by walking back over balanced braces. At each
 * level only the statement the position is in counts: once the walk passes a `;` or a whole `{...}` block of
 * that level, the declarations before them have ended, and only the `{` that opens the level (stepping out to
 * the enclosing statement) makes a keyword count again.
 */
function enclosingDeclaration(tokens: IToken[], offset: number): string | undefined {
  let i = tokens.findIndex((t) => t.startOffset >= offset);
  if (i < 0) i = tokens.length;
  let depth = 0;
  let ended = false;
  for (let j = i - 1; j >= 0; j--) {
    const img = tokens[j].image;
    if (img === '}') {
      if (depth === 0) ended = true;
      depth++;
      continue;
    }
    if (img === '{') {
      if (depth === 0) ended = false;
      else depth--;
      continue;
    }
    if (depth > 0) continue;
    if (img === ';') ended = true;
    else if (!ended && declarationKeywords.has(img) && tokens[j + 1] && /^[A-Za-z_]/.test(tokens[j + 1].image)) {
      if (img === 'typedef') return undefined;
      let start = j + 1;
      // `delegate HRESULT Handler(...)`: the name is the word before the parameters (or type parameters).
      if (img === 'delegate') {
        let k = j + 1;
        while (k + 1 < tokens.length && k < j + 8 && tokens[k + 1].image !== '(' && tokens[k + 1].image !== '<') k++;
        start = k;
      }
      let name = tokens[start].image;
      for (let k = start + 1; k + 1 < tokens.length && tokens[k].image === '.'; k += 2) name += '.' + tokens[k + 1].image;
      return `${img} ${name}`;
    }
  }
  return undefined;
}
