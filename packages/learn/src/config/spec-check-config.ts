/**
 * `spec-check.json`, beside a library's IDL: which reference pages describe the library, which protocol
 * description states its state machine, and the documented departures: the places where the IDL
 * departs from the pages on purpose, each with its reason and the page it concerns. The checker accepts
 * a difference only when a departure lists it exactly, and reports a departure that no longer matches a
 * difference, so the list cannot rot.
 *
 *   {
 *     "pages": {
 *       "interfaces": ["iostxiunknown", ...], "structures": ["sync", ...], "enumerations": ["syncstate"],
 *       "constants": "mapi-constants", "constantSections": ["replication-api"],
 *       "states": "about-the-replication-state-machine"
 *     },
 *     "protocol": "iostx.protocol.json",
 *     "departures": [
 *       { "page": "uptble", "spec": "SPEC.md §8.20", "reason": "...",
 *         "differences": [{ "declaration": "UPTBLE", "kind": "field-name", "docs": "UINTiEntMod", "idl": "UINT iEntMod" }] }
 *     ]
 *   }
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExtractOptions } from '../extract/extract';
import { JsonSyntaxError, parseJsonWithPositions, type JsonPosition, type JsonValue } from './json-positions';

/** The file name the checker looks for beside the IDL file. */
export const SPEC_CHECK_CONFIG = 'spec-check.json';

export interface Located {
  file: string;
  line: number;
  column: number;
}

/** One difference a departure accepts: its declaration, kind and the two texts, exactly as the checker reports them. */
export interface DepartureDifference {
  /** The declaration the difference is about (`UPTBLE`, `IID_IPSTX2`, `LR_SYNC_UPLOAD_FOLDER`). */
  declaration: string;
  kind: string;
  docs: string;
  idl: string;
  /** Where it is written. */
  location: Located;
}

/** One discrepancy between the pages and the IDL, written up once, with every difference it accounts for. */
export interface Departure {
  /** The reference page it concerns (file name without `.md`). */
  page: string;
  /** Where the discrepancy is written up (`SPEC.md §8.20`), or null. */
  spec: string | null;
  reason: string;
  differences: DepartureDifference[];
  /** Where the departure is written. */
  location: Located;
}

export interface SpecCheckConfig {
  file: string;
  /** The pages to read (the page options of `extractSpec`). */
  pages: Pick<ExtractOptions, 'interfacePages' | 'structurePages' | 'enumPages' | 'constantsPage' | 'constantSections' | 'statesPage'>;
  /** Absolute path of the protocol description whose states are compared with the pages', or null. */
  protocol: string | null;
  departures: Departure[];
}

/** A config file that cannot be read or is not what it should be, at its `file:line:col`. */
export class SpecConfigError extends Error {
  constructor(
    readonly location: Located,
    readonly detail: string,
  ) {
    super(`${location.file}:${location.line}:${location.column}: ${detail}`);
    this.name = 'SpecConfigError';
  }
}

type Obj = { [key: string]: JsonValue };

/** Parses the text of a config file (`file` is where it was read from; relative paths in it resolve from its folder). */
export function parseSpecCheckConfig(text: string, file: string): SpecCheckConfig {
  let json: ReturnType<typeof parseJsonWithPositions>;
  try {
    json = parseJsonWithPositions(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new SpecConfigError({ file, ...e.position }, e.message);
    throw e;
  }
  const at = (path: string): Located => ({ file, ...json.at(path) });
  const fail = (path: string, message: string): never => {
    throw new SpecConfigError(at(path), message);
  };
  const object = (v: JsonValue | undefined, path: string): Obj => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, `${path || 'the file'} must be an object`);
    return v as Obj;
  };
  const known = (o: Obj, path: string, keys: readonly string[]): void => {
    for (const k of Object.keys(o)) {
      if (keys.includes(k) || k.startsWith('$')) continue;
      throw new SpecConfigError({ file, ...json.keyAt(path === '' ? k : `${path}/${k}`) }, `unknown key "${k}" (expected ${keys.join(', ')})`);
    }
  };
  const str = (o: Obj, key: string, path: string, optional = false): string | null => {
    const v = o[key];
    const p = path === '' ? key : `${path}/${key}`;
    if ((v === undefined || v === null) && optional) return null;
    if (typeof v !== 'string' || v.trim() === '') fail(v === undefined ? path : p, `${p} must be a non-empty string`);
    return v as string;
  };
  const strings = (o: Obj, key: string, path: string): string[] | undefined => {
    const v = o[key];
    const p = `${path}/${key}`;
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) fail(p, `${p} must be a list of page names`);
    return v as string[];
  };

  const root = object(json.value, '');
  known(root, '', ['pages', 'protocol', 'departures']);
  const pagesObj = object(root['pages'], 'pages');
  known(pagesObj, 'pages', ['interfaces', 'structures', 'enumerations', 'constants', 'constantSections', 'states']);
  const pages: SpecCheckConfig['pages'] = {};
  const interfaces = strings(pagesObj, 'interfaces', 'pages');
  if (interfaces !== undefined) pages.interfacePages = interfaces;
  const structures = strings(pagesObj, 'structures', 'pages');
  if (structures !== undefined) pages.structurePages = structures;
  const enums = strings(pagesObj, 'enumerations', 'pages');
  if (enums !== undefined) pages.enumPages = enums;
  const constants = str(pagesObj, 'constants', 'pages', true);
  if (constants !== null) pages.constantsPage = constants;
  const sections = strings(pagesObj, 'constantSections', 'pages');
  if (sections !== undefined) pages.constantSections = sections;
  const states = str(pagesObj, 'states', 'pages', true);
  if (states !== null) pages.statesPage = states;

  const protocol = str(root, 'protocol', '', true);
  const departuresValue = root['departures'] ?? [];
  if (!Array.isArray(departuresValue)) fail('departures', 'departures must be a list');
  const departures = (departuresValue as JsonValue[]).map((v, k): Departure => {
    const path = `departures/${k}`;
    const o = object(v, path);
    known(o, path, ['page', 'spec', 'reason', 'differences']);
    const diffs = o['differences'];
    if (!Array.isArray(diffs) || diffs.length === 0) fail(`${path}/differences`, `${path}/differences must be a non-empty list`);
    return {
      page: str(o, 'page', path)!.replace(/\.md$/i, ''),
      spec: str(o, 'spec', path, true),
      reason: str(o, 'reason', path)!,
      differences: (diffs as JsonValue[]).map((d, j) => {
        const dp = `${path}/differences/${j}`;
        const dobj = object(d, dp);
        known(dobj, dp, ['declaration', 'kind', 'docs', 'idl']);
        const text = (key: string): string => {
          const t = dobj[key];
          if (typeof t !== 'string') fail(t === undefined ? dp : `${dp}/${key}`, `${dp}/${key} must be a string`);
          return t as string;
        };
        return { declaration: str(dobj, 'declaration', dp)!, kind: str(dobj, 'kind', dp)!, docs: text('docs'), idl: text('idl'), location: at(dp) };
      }),
      location: at(path),
    };
  });
  return { file, pages, protocol: protocol === null ? null : join(dirname(file), protocol), departures };
}

/** Reads and parses a config file; a file that cannot be read is a `SpecConfigError` at line 1. */
export function loadSpecCheckConfig(file: string): SpecCheckConfig {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new SpecConfigError({ file, line: 1, column: 1 }, 'is not a regular file');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof SpecConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new SpecConfigError({ file, line: 1, column: 1 }, `cannot be read (${code})`);
  }
  return parseSpecCheckConfig(text, file);
}

export type { JsonPosition };
