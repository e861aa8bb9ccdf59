/** @comidl/parser: MIDL preprocessor, lexer, parser, AST and printer. */
export * from './diagnostics';
export { parseIdl, parseIdlFile, unreadableFile, type ParseOptions, type ParseResult } from './parse';
export { preprocess, WIDL_PREDEFINES, type PreprocessOptions, type PreprocessResult, type PreprocessHost } from './preprocessor';
export { SourceMap } from './source-map';
export { MAX_SOURCE_BYTES, readSourceFile, SourceFileError, sourceFileProblem } from './source-file';
export { MAX_EXPRESSION_DEPTH, MAX_RULE_DEPTH, MAX_SYNTAX_ERRORS } from './parse-limits';
export { jsonNestingTooDeep, MAX_JSON_DEPTH } from './json-nesting';
export { closestMatch, didYouMean, editDistance } from './suggest';
export { printIdlFile, type IdlFile } from './ast/idl-file';
export * from './ast/ast-types';
