/**
 * A new library, as `comidl init` and the @comidl/nx generator write it: a comidl.config.json naming the JSON
 * Schema this package ships (by a path relative to the library folder) and a starter IDL file with one
 * [object] interface under a fresh random IID. The starter imports "unknwn.idl", which comidl finds in the
 * base IDL it ships (BASE_IDL_DIR, searched after every other include folder), so the library generates in
 * any project. This file says what to write; the callers write it (to disk, or to an Nx tree).
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

/** The JSON Schema of comidl.config.json that this package ships (the same path from `src/` and `dist/`). */
export const SCHEMA_FILE = path.join(__dirname, '..', 'comidl.config.schema.json');
/** The base IDL (unknwn.idl, wtypes.idl, objidl.idl) this package ships: the repository's idl/com, copied by the build. */
export const BASE_IDL_DIR = path.join(__dirname, '..', 'idl', 'com');

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const SCOPE = /^@[a-z0-9][a-z0-9-]*$/;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** A name or scope that cannot make packages: the caller's usage error. */
export class ScaffoldError extends Error {}

export interface ScaffoldRequest {
  /** The library folder (absolute). */
  dir: string;
  /** The library name; by default the folder's name. */
  name?: string;
  /** The npm scope; by default `@<name>`. */
  scope?: string;
  /** The starter interface's IID; by default a fresh random one (never the nil UUID). */
  uuid?: string;
}

export interface Scaffold {
  name: string;
  scope: string;
  /** Absolute paths and their text, config first. */
  files: { path: string; text: string }[];
}

export function scaffoldLibrary(request: ScaffoldRequest): Scaffold {
  const name = request.name ?? path.basename(request.dir);
  if (!NAME.test(name)) {
    throw new ScaffoldError(
      request.name === undefined
        ? `the folder name '${name}' is no library name (a-z, 0-9, -); give --name NAME`
        : `--name ${name}: a lowercase package name (a-z, 0-9, -)`,
    );
  }
  const scope = request.scope ?? `@${name}`;
  if (!SCOPE.test(scope)) throw new ScaffoldError(`--scope ${scope}: an npm scope such as @${name}`);
  const uuid = request.uuid ?? randomUUID();
  if (uuid === NIL_UUID) throw new ScaffoldError('the starter interface needs a real IID, not the nil UUID');
  const schema = path.relative(request.dir, SCHEMA_FILE).split(path.sep).join('/');
  const config = { $schema: schema, name, scope, files: [`${name}.idl`] };
  return {
    name,
    scope,
    files: [
      { path: path.join(request.dir, 'comidl.config.json'), text: `${JSON.stringify(config, null, 2)}\n` },
      { path: path.join(request.dir, `${name}.idl`), text: starterIdl(name, uuid) },
    ],
  };
}

function starterIdl(name: string, uuid: string): string {
  const itf = `I${name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}`;
  return `/*
 * ${name}.idl - the interfaces of the ${name} library. Replace the example below with the real ones: every
 * [object] interface needs its own uuid. \`comidl generate --config comidl.config.json\` (or the Nx target)
 * turns them into the packages ${name}-interfaces, ${name}-proxies, ${name}-mocks and ${name}-native.
 */

import "unknwn.idl";

/** An example interface. */
[
    object,
    uuid(${uuid}),
    pointer_default(unique)
]
interface ${itf} : IUnknown
{
    /** An example method. */
    HRESULT Hello([in] ULONG ulValue, [out] ULONG *pulResult);
}
`;
}
