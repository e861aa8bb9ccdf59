/** @comidl/codegen: the model to TypeScript: interfaces, proxies and stubs, mocks. */
export { generate, type GenerateOptions, type GenerateResult, type GeneratedPackage } from './generate';
export { writePackages, ownedFiles, type WriteReport } from './write';
export { buildLibrary, type Library, type LibraryModule, type LibraryDeclaration } from './library';
export { EmitContext, type LibraryNames } from './emit-context';
export { emitInterfaces } from './emitters/interfaces';
export { emitProxies } from './emitters/proxies';
export { emitMocks } from './emitters/mocks';
export { printFiles, type GeneratedFile, type PrintedFile } from './generated-file';
export { TypeMapper } from './type-mapper';
export { checkProtocol, formatProtocolProblem, type ProtocolSource, type ProtocolProblem } from './protocol';
export { generatedHeader } from './header';
export { identifier, bindingName, declarationName } from './naming';
export { docLines, escapeDoc } from './doc';
export { loadConfig, ConfigError, type LibraryConfig } from './config';
export { checkPackages, type CheckReport } from './check';
export { writeLockFile, type LockFile } from './abi/write-lock';
