/**
 * `comidl.config.json`: how a library folder is generated. Paths in it are relative to the folder. The
 * folder's vtable lock (`vtable.lock.json` beside the config) is read too, as the layouts to check.
 *
 *   { "name": "mapi-sync", "scope": "@mapi-sync", "files": ["mapi-sync.idl"],
 *     "protocols": ["iostx.protocol.json"], "includeDirs": [], "defines": {},
 *     "lenient": false, "severity": { "M005": "warning" } }
 *
 * `lenient` and `severity` make MIDL rules that widl does not enforce warnings (all, or per code).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOCK_FILE_NAME, severityProblems } from '@comidl/model';
import { readSourceFile } from '@comidl/parser';
import type { GenerateOptions } from './generate';

export interface LibraryConfig {
  name: string;
  scope: string;
  files: string[];
  protocols?: string[];
  includeDirs?: string[];
  defines?: Record<string, string>;
  lenient?: boolean;
  severity?: Record<string, 'error' | 'warning'>;
}

export class ConfigError extends Error {}

/** Reads a config file into generate() options; paths shown relative to `root`. */
export function loadConfig(configFile: string, root: string): GenerateOptions {
  const dir = path.dirname(configFile);
  const shown = (p: string) => path.relative(root, p).split(path.sep).join('/');
  let raw: unknown;
  try {
    // Only a regular file is read: a FIFO in its place must not hang the run.
    const text = readSourceFile(configFile);
    if (text === undefined) throw new Error('it cannot be read');
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${shown(configFile)}: cannot read the library config: ${(e as Error).message}`);
  }
  const fail = (what: string) => {
    throw new ConfigError(`${shown(configFile)}: ${what}`);
  };
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isRecord(raw)) fail('a library config is a JSON object, such as {"name": "ole", "scope": "@ole", "files": ["ocidl.idl"]}');
  const c = raw as Partial<LibraryConfig>;
  if (typeof c.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(c.name)) fail('"name" must be a lowercase package name (a-z, 0-9, -)');
  if (typeof c.scope !== 'string' || !/^@[a-z0-9][a-z0-9-]*$/.test(c.scope)) fail('"scope" must be an npm scope such as "@mapi-sync"');
  if (!Array.isArray(c.files) || !c.files.length || !c.files.every((f) => typeof f === 'string')) fail('"files" must list the IDL files of the library');
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (c.protocols !== undefined && !strings(c.protocols)) fail('"protocols" must list protocol description files');
  if (c.includeDirs !== undefined && !strings(c.includeDirs)) fail('"includeDirs" must list folders');
  if (c.defines !== undefined && !(isRecord(c.defines) && Object.values(c.defines).every((v) => typeof v === 'string'))) {
    fail('"defines" must map macro names to strings, such as {"_WIN32": "1"}');
  }
  if (c.lenient !== undefined && typeof c.lenient !== 'boolean') fail('"lenient" must be true or false');
  const severity = c.severity === undefined ? [] : severityProblems(c.severity);
  if (severity.length) fail(`"severity" ${severity.join('; ')}`);
  const protocols = (c.protocols ?? []).map((p) => {
    const file = path.join(dir, p);
    if (!fs.existsSync(file)) fail(`protocol description ${p} does not exist`);
    return { file: shown(file), text: fs.readFileSync(file, 'utf8') };
  });
  const lockFile = path.join(dir, LOCK_FILE_NAME);
  return {
    files: c.files!.map((f) => shown(path.join(dir, f))),
    scope: c.scope!,
    name: c.name!,
    source: shown(dir),
    protocols,
    includeDirs: (c.includeDirs ?? []).map((d) => path.join(dir, d)),
    defines: c.defines ?? {},
    ...(c.lenient !== undefined ? { lenient: c.lenient } : {}),
    ...(c.severity !== undefined ? { severity: c.severity } : {}),
    root,
    lock: { file: shown(lockFile), text: fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : null },
    nxProject: nxProjectOf(dir),
  };
}

/** The name of the Nx project a library folder is (its `project.json`), or null when it is none. */
function nxProjectOf(dir: string): string | null {
  const file = path.join(dir, 'project.json');
  if (!fs.existsSync(file)) return null;
  try {
    const name = (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}
