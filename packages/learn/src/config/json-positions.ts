/**
 * JSON with the position of every value, so that what a data file says (a departure, a state of a
 * protocol description) can be reported at its `file:line:col`, and a malformed file at the place it
 * goes wrong. Standard JSON only (RFC 8259); no comments.
 */

export interface JsonPosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface PositionedJson {
  value: JsonValue;
  /** Position of the value at a path: keys and indexes joined by `/` (`departures/0/reason`); `` is the root. */
  at(path: string): JsonPosition;
  /** Position of the property name of the value at a path (of the value itself for array items and the root). */
  keyAt(path: string): JsonPosition;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: JsonPosition,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Nesting limit: the files read here are a few levels deep; the limit keeps the parser's recursion bounded. */
const MAX_DEPTH = 64;

/** Parses `text`; throws `JsonSyntaxError` with the position of the first error. */
export function parseJsonWithPositions(text: string): PositionedJson {
  const positions = new Map<string, JsonPosition>();
  const keys = new Map<string, JsonPosition>();
  let i = 0;
  const lineStarts = [0];
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) lineStarts.push(k + 1);
  const position = (at: number): JsonPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - lineStarts[lo]! + 1 };
  };
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, position(i));
  };
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!m) fail('malformed string');
    i += m![0].length;
    return JSON.parse(m![0]) as string;
  };
  const value = (path: string, depth = 0): JsonValue => {
    ws();
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    positions.set(path, position(i));
    const ch = text[i];
    const sub = (key: string | number): string => (path === '' ? String(key) : `${path}/${key}`);
    if (ch === '{') {
      i++;
      const obj: { [key: string]: JsonValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a property name in double quotes');
        const keyPosition = position(i);
        const key = str();
        keys.set(sub(key), keyPosition);
        ws();
        if (text[i] !== ':') fail(`expected ':' after "${key}"`);
        i++;
        obj[key] = value(sub(key), depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail("expected ',' or '}'");
      }
    }
    if (ch === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(sub(arr.length), depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail("expected ',' or ']'");
      }
    }
    if (ch === '"') return str();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!lit) return fail('expected a value');
    i += lit[0].length;
    return JSON.parse(lit[0]) as JsonValue;
  };
  const root = value('');
  ws();
  if (i < text.length) fail('unexpected text after the value');
  return {
    value: root,
    at: (path) => positions.get(path) ?? positions.get('')!,
    keyAt: (path) => keys.get(path) ?? positions.get(path) ?? positions.get('')!,
  };
}
