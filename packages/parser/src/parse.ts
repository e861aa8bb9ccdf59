/**
 * The parser package's entry point: preprocess, lex, parse and build the AST of one IDL file, collecting
 * every diagnostic on the way. Never throws for bad input.
 */
import type { IToken, IRecognitionException } from 'chevrotain';
import { readFileSync } from 'node:fs';
import type { IdlFile } from './ast/idl-file';
import { cstToAst } from './cst-to-ast';
import type { IdlFileCstNode } from './cst';
import { compareDiagnostics, type Diagnostic } from './diagnostics';
import { midlParser, MidlParser } from './parser';
import { preprocess, type PreprocessOptions } from './preprocessor';
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
  /** Maps positions in the preprocessed text back to the sources; also serves caret lines. */
  sourceMap: SourceMap;
}

/** Parses IDL text that was read from `file`. */
export function parseIdl(file: string, text: string, options: ParseOptions = {}): ParseResult {
  const diagnostics: Diagnostic[] = [];
  let sourceMap: SourceMap;
  let includedFiles: string[] = [];
  if (options.noPreprocess) {
    sourceMap = SourceMap.identity(file, text);
  } else {
    const pre = preprocess(file, text, options);
    diagnostics.push(...pre.diagnostics);
    includedFiles = pre.includedFiles;
    sourceMap = new SourceMap(pre.text, pre.lineFiles, pre.lineNumbers);
  }

  const lexed = MidlLexer.tokenize(sourceMap.text);
  for (const e of lexed.errors) {
    const pos = sourceMap.position(e.offset);
    const ch = sourceMap.text.slice(e.offset, e.offset + e.length);
    diagnostics.push({
      ...pos,
      code: 'LEX001',
      severity: 'error',
      message: `unexpected character ${JSON.stringify(ch.length > 20 ? ch.slice(0, 20) + '...' : ch)}`,
    });
  }
  const comments = lexed.groups.comments ?? [];
  for (const c of comments) {
    if (c.image.startsWith('/*') && !c.image.endsWith('*/')) {
      diagnostics.push({ ...sourceMap.position(c.startOffset), code: 'LEX002', severity: 'error', message: 'unterminated comment' });
    }
  }

  const { cst, errors } = runParser(lexed.tokens);
  for (const e of errors) diagnostics.push(syntaxDiagnostic(e, sourceMap, lexed.tokens));

  let ast: IdlFile;
  try {
    ast = cstToAst(cst, file, sourceMap, comments);
  } catch (error) {
    // Only a CST that recovery left incomplete can get here, and then its errors are already reported.
    if (!errors.length) throw error;
    ast = { kind: 'idl-file', file, statements: [] };
  }
  diagnostics.sort(compareDiagnostics);
  return { ast, diagnostics, includedFiles, sourceMap };
}

/** Reads and parses a file; an unreadable file is a diagnostic. */
export function parseIdlFile(file: string, options: ParseOptions = {}): ParseResult {
  let text: string;
  try {
    text = options.host ? (options.host.readFile(file) ?? fail()) : readFileSync(file, 'utf8');
  } catch {
    return {
      ast: { kind: 'idl-file', file, statements: [] },
      diagnostics: [{ file, line: 1, column: 1, code: 'IO001', severity: 'error', message: `cannot read file '${file}'` }],
      includedFiles: [],
      sourceMap: SourceMap.identity(file, ''),
    };
  }
  return parseIdl(file, text, options);
}

function fail(): never {
  throw new Error('unreadable');
}

let fastParser: MidlParser | undefined;

/**
 * Valid input, the common case, goes through a parser without error recovery, which is faster; input with
 * errors is parsed again with recovery on, so that one run reports every error.
 */
function runParser(tokens: IToken[]): { cst: IdlFileCstNode; errors: IRecognitionException[] } {
  fastParser ??= new MidlParser({ recovery: false });
  fastParser.input = tokens;
  const cst = fastParser.idlFile() as IdlFileCstNode;
  if (!fastParser.errors.length) return { cst, errors: [] };
  const recovering = midlParser();
  recovering.input = tokens;
  const recovered = recovering.idlFile() as IdlFileCstNode;
  return { cst: recovered, errors: recovering.errors };
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

function syntaxDiagnostic(e: IRecognitionException, map: SourceMap, tokens: IToken[]): Diagnostic {
  const token = e.token;
  const atEnd = token.tokenType.name === 'EOF' || Number.isNaN(token.startOffset);
  const offset = atEnd ? Math.max(0, map.text.trimEnd().length) : token.startOffset;
  return {
    ...map.position(offset),
    code: 'SYN001',
    severity: 'error',
    message: e.message,
    context: enclosingDeclaration(tokens, offset),
  };
}

/** The declaration a position sits in, found by walking back over balanced braces: `interface IFoo`. */
function enclosingDeclaration(tokens: IToken[], offset: number): string | undefined {
  let i = tokens.findIndex((t) => t.startOffset >= offset);
  if (i < 0) i = tokens.length;
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const img = tokens[j].image;
    if (img === '}') depth++;
    else if (img === '{') depth = Math.max(0, depth - 1);
    if (depth === 0 && declarationKeywords.has(img) && tokens[j + 1] && /^[A-Za-z_]/.test(tokens[j + 1].image)) {
      if (img === 'typedef') return undefined;
      let name = tokens[j + 1].image;
      for (let k = j + 2; k + 1 < tokens.length && tokens[k].image === '.'; k += 2) name += '.' + tokens[k + 1].image;
      return `${img} ${name}`;
    }
  }
  return undefined;
}
