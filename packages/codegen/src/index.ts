/**
 * @comidl/codegen: the model to TypeScript: interfaces, proxies and stubs, mocks. Importing it loads no
 * ts-morph; `generate` (or `loadEmitters`) loads it when there are files to print.
 */
export { generate, type GenerateOptions, type GenerateResult, type GenerateTimings, type GeneratedPackage } from './generate';
export { writePackages, ownedFiles, type WriteReport } from './write';
export { buildLibrary, type Library, type LibraryModule, type LibraryDeclaration } from './library';
export { EmitContext, type EmitOptions, type Emitter } from './emit-context';
export { loadEmitters, PrinterUnavailableError } from './printer';
export type { GeneratedFile, PrintedFile } from './generated-file';
export { TypeMapper } from './type-mapper';
export { checkProtocol, formatProtocolProblem, type ProtocolSource, type ProtocolProblem } from './protocol';
export { generatedHeader, generatedNote, generatedFrom } from './header';
export { identifier, bindingName, declarationName, LibraryNaming, type GeneratedNames } from './naming';
export { commentText, jsonText } from './escape';
export { stringLiteral } from './literal';
export { docLines, escapeDoc } from './doc';
export { loadConfig, ConfigError, type LibraryConfig } from './config';
export { checkPackages, type CheckReport } from './check';
export { writeLockFile, type LockFile } from './abi/write-lock';
