/**
 * The generate() options of a library given on the command line (`--idl FILE.idl --scope --name`), with
 * what a config gives besides: protocol descriptions (`--protocol FILE`, each read as a regular file) and
 * the vtable lock, `vtable.lock.json` beside the IDL file. An existing lock is checked and kept current as a
 * config's is; none is created unless the layouts are accepted explicitly (`--update-lock`), so that
 * generating from someone else's IDL folder (an SDK, Wine's headers) writes nothing there.
 */
import * as path from 'node:path';
import { LOCK_FILE_NAME, readRegularFile, RegularFileError } from '@comidl/model';
import { ConfigError, notRegular, shownPath } from './config';
import type { GenerateOptions } from './generate';
import type { ProtocolSource } from './protocol';
import type { ModuleFormat } from './package-files';
import type { OutputForm } from './sources-form';

export interface IdlLibrary {
  file: string;
  scope: string;
  name: string;
  /** Protocol descriptions, as given (relative to the current directory). */
  protocols?: readonly string[];
  /** The packages' module format (default dual). */
  moduleFormat?: ModuleFormat;
  /** The output form (`--form`; default packages). */
  form?: OutputForm;
}

export interface IdlRequest {
  root: string;
  includeDirs?: readonly string[];
  /** Searched after includeDirs. */
  baseIncludeDirs?: readonly string[];
  defines?: Readonly<Record<string, string>>;
  lenient?: boolean;
  updateLock?: boolean;
}

/** A ConfigError (located lines) when the IDL file, a protocol description or the lock cannot be read. */
export function idlOptions(library: IdlLibrary, request: IdlRequest): GenerateOptions {
  const { root } = request;
  const shown = (file: string) => shownPath(root, file);
  const idl = path.resolve(root, library.file);
  const problems: string[] = [];
  const why = notRegular(idl);
  if (why) problems.push(`${shown(idl)}:1:1: error: the IDL file ${why}`);
  const read = (file: string, what: string): string | null => {
    try {
      const text = readRegularFile(file, shown(file));
      if (text === null && what !== 'the vtable lock') problems.push(`${shown(file)}:1:1: error: ${what} does not exist`);
      return text;
    } catch (e) {
      if (!(e instanceof RegularFileError)) throw e;
      problems.push(`${shown(file)}:1:1: error: ${what} ${e.reason}`);
      return null;
    }
  };
  const protocols: ProtocolSource[] = [];
  for (const given of library.protocols ?? []) {
    const file = path.resolve(root, given);
    const text = read(file, 'the protocol description (--protocol)');
    if (text !== null) protocols.push({ file: shown(file), text });
  }
  const lockFile = path.join(path.dirname(idl), LOCK_FILE_NAME);
  const lockText = read(lockFile, 'the vtable lock');
  if (problems.length) throw new ConfigError(problems);
  const updateLock = request.updateLock ?? false;
  return {
    files: [library.file],
    scope: library.scope,
    name: library.name,
    source: shown(path.dirname(idl)),
    protocols,
    includeDirs: [...(request.includeDirs ?? []), ...(request.baseIncludeDirs ?? [])],
    defines: { ...request.defines },
    lenient: request.lenient ?? false,
    root,
    updateLock,
    ...(library.moduleFormat ? { moduleFormat: library.moduleFormat } : {}),
    ...(library.form ? { form: library.form } : {}),
    ...(lockText !== null || updateLock ? { lock: { file: shown(lockFile), text: lockText } } : {}),
  };
}
