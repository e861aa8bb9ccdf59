/**
 * @comidl/codegen: the model to TypeScript: interfaces, proxies and stubs, mocks; and the one generation
 * driver (`runLibrary`, `writeLibrary`, `checkLibrary`). Importing it loads no ts-morph; `generate` (or
 * `loadEmitters`) loads it when there are files to print.
 */
export {
  runLibrary,
  writeLibrary,
  checkLibrary,
  generated,
  formatRunProblems,
  libraryInputs,
  outputTarget,
  readInput,
  shownPath,
  DEFAULT_OUT_DIR,
  type LibraryRequest,
  type LibraryRun,
  type LibrarySource,
} from './driver';
export { generate, type GenerateOptions, type GenerateResult, type GenerateTimings, type GeneratedPackage, type LockFile } from './generate';
export { writeOutput, OutputError, type OutputTarget, type WriteReport } from './write';
export { checkPackages, checkOutput, type CheckReport, type OutputCheck } from './check';
export { OUTPUT_FORMS, type OutputForm } from './sources-form';
export { outputFolderProblem, type OutputFolderContext } from './output/output-folder';
export { MANIFEST_FILE, manifestFile } from './output/manifest';
export { fileNameProblem, fileNameProblems } from './output/file-names';
export type { Recovery } from './output/transaction';
export { buildLibrary, type Library, type LibraryModule, type LibraryDeclaration } from './library';
export { EmitContext, type EmitOptions, type Emitter } from './emit-context';
export { loadEmitters, PrinterUnavailableError } from './printer';
export type { GeneratedFile, PrintedFile } from './generated-file';
export { MODULE_FORMATS, type ModuleFormat } from './package-files';
export { TypeMapper } from './type-mapper';
export { checkProtocol, formatProtocolProblem, type ProtocolSource, type ProtocolProblem } from './protocol';
export { formatGenerateProblems, lockReport } from './report';
export { generatedHeader, generatedNote, generatedFrom } from './header';
export { identifier, bindingName, declarationName, LibraryNaming, type GeneratedNames } from './naming';
export { commentText, jsonText } from './escape';
export { stringLiteral } from './literal';
export { docLines, escapeDoc } from './doc';
export { loadConfig, ConfigError, CONFIG_FIELDS, CONFIG_IGNORED_KEYS, type LibraryConfig } from './config';
