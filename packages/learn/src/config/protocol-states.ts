/**
 * The states a protocol description (`iostx.protocol.json`) gives its state machine, with where each is
 * written: the IDL library's side of the state table the pages give. Read from the description's
 * `states` list: `{ "name": "LR_SYNC_UPLOAD_FOLDER", "structure": "UPFLD", "parents": [...] }`; a parent
 * is a state name, or an object naming one in `state` (or `name`), so that conditions may sit beside it.
 */
import { readFileSync, statSync } from 'node:fs';
import { JsonSyntaxError, parseJsonWithPositions, type JsonValue } from './json-positions';
import { SpecConfigError, type Located } from './spec-check-config';

export interface ProtocolStateView extends Located {
  name: string;
  structure: string | null;
  parents: string[];
}

/** Parses a protocol description's states; `SpecConfigError` (located) when it has none or they are malformed. */
export function parseProtocolStates(text: string, file: string): ProtocolStateView[] {
  let json: ReturnType<typeof parseJsonWithPositions>;
  try {
    json = parseJsonWithPositions(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new SpecConfigError({ file, ...e.position }, e.message);
    throw e;
  }
  const fail = (path: string, message: string): never => {
    throw new SpecConfigError({ file, ...json.at(path) }, message);
  };
  const root = json.value;
  const states = root !== null && typeof root === 'object' && !Array.isArray(root) ? root['states'] : undefined;
  if (!Array.isArray(states)) return fail('', 'the protocol description has no "states" list');
  return states.map((s: JsonValue, k) => {
    const path = `states/${k}`;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return fail(path, `${path} must be an object`);
    const name = s['name'];
    if (typeof name !== 'string') return fail(path, `${path}/name must be a string`);
    const structure = s['structure'];
    if (structure !== undefined && structure !== null && typeof structure !== 'string') fail(`${path}/structure`, `${path}/structure must be a string`);
    const parents = s['parents'] ?? [];
    if (!Array.isArray(parents)) return fail(`${path}/parents`, `${path}/parents must be a list`);
    return {
      name,
      structure: typeof structure === 'string' ? structure : null,
      parents: parents.map((p: JsonValue, j) => {
        if (typeof p === 'string') return p;
        const named = p !== null && typeof p === 'object' && !Array.isArray(p) ? (p['state'] ?? p['name']) : undefined;
        if (typeof named !== 'string') return fail(`${path}/parents/${j}`, `${path}/parents/${j} names no state`);
        return named;
      }),
      file,
      ...json.at(path),
    };
  });
}

/** Reads a protocol description's states from a regular file. */
export function loadProtocolStates(file: string): ProtocolStateView[] {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new SpecConfigError({ file, line: 1, column: 1 }, 'is not a regular file');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof SpecConfigError) throw e;
    throw new SpecConfigError({ file, line: 1, column: 1 }, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseProtocolStates(text, file);
}
