/**
 * JSON with the position of every value, so that what a data file says (a departure, a state of a
 * protocol description) can be reported at its `file:line:col`, and a malformed file at the place it
 * goes wrong. Standard JSON only (RFC 8259: no comments, no trailing commas), parsed by jsonc-parser.
 */
import { jsonNestingTooDeep, MAX_JSON_DEPTH } from '@comidl/parser';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

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

/** Parses `text`; throws `JsonSyntaxError` with the position of the first error. */
export function parseJsonWithPositions(text: string): PositionedJson {
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

  // jsonc-parser descends by recursion; deeper nesting than these files ever have is refused before it.
  const tooDeep = jsonNestingTooDeep(text);
  if (tooDeep >= 0) throw new JsonSyntaxError(`nested deeper than ${MAX_JSON_DEPTH} levels`, position(tooDeep));
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length || root === undefined) {
    const first = errors[0];
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected';
    // A missing colon is said with the property name it should follow, as the name is what the reader sees.
    const key = code === 'ColonExpected' ? /"((?:[^"\\]|\\.)*)"\s*$/.exec(text.slice(0, first!.offset))?.[1] : undefined;
    const message = key !== undefined ? `expected ':' after "${key}"` : messageOf(code);
    throw new JsonSyntaxError(message, position(first?.offset ?? 0));
  }

  const positions = new Map<string, JsonPosition>();
  const keys = new Map<string, JsonPosition>();
  // An explicit stack: nesting depth is bounded by the input, not by the call stack.
  const build = (top: Node): JsonValue => {
    const values = new Map<Node, JsonValue>();
    const stack: { node: Node; path: string; done: boolean }[] = [{ node: top, path: '', done: false }];
    while (stack.length) {
      const entry = stack[stack.length - 1]!;
      const { node, path } = entry;
      const sub = (key: string | number): string => (path === '' ? String(key) : `${path}/${key}`);
      if (!entry.done) {
        entry.done = true;
        positions.set(path, position(node.offset));
        if (node.type === 'object') {
          for (const property of node.children ?? []) {
            const [key, value] = property.children ?? [];
            if (key === undefined || value === undefined) continue;
            keys.set(sub(key.value as string), position(key.offset));
            stack.push({ node: value, path: sub(key.value as string), done: false });
          }
        } else if (node.type === 'array') {
          (node.children ?? []).forEach((item, index) => stack.push({ node: item, path: sub(index), done: false }));
        }
        continue;
      }
      stack.pop();
      if (node.type === 'object') {
        const object: { [key: string]: JsonValue } = {};
        for (const property of node.children ?? []) {
          const [key, value] = property.children ?? [];
          if (key !== undefined && value !== undefined) object[key.value as string] = values.get(value)!;
        }
        values.set(node, object);
      } else if (node.type === 'array') {
        values.set(node, (node.children ?? []).map((item) => values.get(item)!));
      } else {
        values.set(node, node.value as JsonValue);
      }
    }
    return values.get(top)!;
  };
  const value = build(root);
  return {
    value,
    at: (path) => positions.get(path) ?? positions.get('')!,
    keyAt: (path) => keys.get(path) ?? positions.get(path) ?? positions.get('')!,
  };
}

/** What each of jsonc-parser's error codes means here. */
const messages: Readonly<Record<string, string>> = {
  InvalidSymbol: 'expected a value',
  ValueExpected: 'expected a value',
  CloseBracketExpected: "expected ',' or ']'",
  CloseBraceExpected: "expected ',' or '}'",
  PropertyNameExpected: 'expected a property name in double quotes',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ','",
  EndOfFileExpected: 'unexpected text after the value',
  UnexpectedEndOfString: 'malformed string',
  UnexpectedEndOfComment: 'comments are not JSON',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfNumber: 'malformed number',
  InvalidUnicode: 'malformed string',
  InvalidEscapeCharacter: 'malformed string',
  InvalidCharacter: 'malformed string',
};

function messageOf(code: string): string {
  return messages[code] ?? code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
