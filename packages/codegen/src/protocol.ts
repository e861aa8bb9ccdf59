/**
 * Protocol descriptions (`idl/<lib>/*.protocol.json`): the call rules of an interface as data, from which the
 * mocks emitter generates a protocol-aware fake. Checked at generation by the runtime's own check
 * (`checkProtocolDescription`, what a fake runs when it is constructed) against the model's layouts and
 * structures, with the IDL's constants to resolve the names it uses; each problem is located in the file.
 */
import { checkProtocolDescription, type InterfaceLayout, type StructRecord } from '@comidl/runtime';
import type { ConstantValue, InterfaceModel } from '@comidl/model';
import { jsonNestingTooDeep, MAX_JSON_DEPTH } from '@comidl/parser';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Library } from './library';
import { aggregateFields, typeUse, type TypeMapper } from './type-mapper';

export interface ProtocolSource {
  /** Path as shown in messages: `idl/mapi-sync/iostx.protocol.json`. */
  file: string;
  text: string;
}

export interface ProtocolProblem {
  file: string;
  /** 1-based position of the value (or of the member's name) the problem is about. */
  line: number;
  column: number;
  /** JSON path of the offending value: `methods.SyncBeg.stateParameter`. */
  path: string;
  message: string;
}

export interface CheckedProtocol {
  file: string;
  interfaceName: string;
  /** The description with `constants`: the value of every name it uses, from the IDL. */
  description: Record<string, unknown>;
}

/** `file:line:col: error: path: message`, as generation prints a problem. */
export function formatProtocolProblem(p: ProtocolProblem): string {
  return `${p.file}:${p.line}:${p.column}: error: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** The layout the runtime would get for `model`: what the check needs (slots, parameters and their directions). */
function layoutOf(model: InterfaceModel): InterfaceLayout {
  return {
    name: model.name,
    iid: model.iid,
    base: model.base,
    fingerprint: '',
    slots: model.vtable.map((slot) => ({
      index: slot.index,
      name: slot.name,
      declaredIn: slot.declaredIn,
      returns: slot.method.returnType,
      placeholder: slot.method.placeholder,
      parameters: slot.method.parameters.map((p) => ({ name: p.name, direction: p.direction, type: p.type, marshal: 'value' as const, retval: p.retval })),
    })),
  };
}

/** The library's structures with their members and C types (what conditions and success flags name). */
function structsOf(library: Library, types: TypeMapper): StructRecord {
  const structs: Record<string, StructRecord[string]> = {};
  for (const module of library.modules) {
    for (const d of module.declarations) {
      if (d.kind !== 'struct') continue;
      const fields = aggregateFields(d.node).map((f) => ({
        name: f.name,
        type: types.canonical(typeUse(f.specifiers, f.declarator, f.attributes)),
        marshal: 'value' as const,
      }));
      structs[d.name] = { name: d.name, fields, zero: null };
    }
  }
  return structs;
}

/** `methods.SyncBeg.flags.ulFlags[0]` -> ['methods', 'SyncBeg', 'flags', 'ulFlags', 0]. */
function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    if (part === '') continue;
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

/** A position finder over the text's lines. */
function positions(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** Where a path points: the member's name for a member, the value for an array item; the nearest existing ancestor otherwise. */
function offsetOf(root: Node, path: string): number {
  const parts = segments(path);
  for (let n = parts.length; n > 0; n--) {
    const node = findNodeAtLocation(root, parts.slice(0, n));
    if (node === undefined) continue;
    return node.parent?.type === 'property' ? node.parent.offset : node.offset;
  }
  return root.offset;
}

/**
 * Checks a description against the library; the checked description carries `constants` (the values of
 * the names it uses), so that the runtime needs nothing else.
 */
export function checkProtocol(
  source: ProtocolSource,
  library: Library,
  types: TypeMapper,
  constant: (name: string) => ConstantValue | undefined,
): { protocol: CheckedProtocol | null; problems: ProtocolProblem[] } {
  const at = positions(source.text);
  const tooDeep = jsonNestingTooDeep(source.text);
  if (tooDeep >= 0) {
    return { protocol: null, problems: [{ file: source.file, ...at(tooDeep), path: '', message: `not valid JSON: nested deeper than ${MAX_JSON_DEPTH} levels` }] };
  }
  const errors: ParseError[] = [];
  const root = parseTree(source.text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || root === undefined) {
    const first = errors[0];
    const where = at(first?.offset ?? 0);
    const message = first ? `not valid JSON: ${printParseErrorCode(first.error)}` : 'not valid JSON: empty';
    return { protocol: null, problems: [{ file: source.file, ...where, path: '', message }] };
  }
  const problem = (path: string, message: string): ProtocolProblem => ({ file: source.file, ...at(offsetOf(root, path)), path, message });
  const description = JSON.parse(source.text) as unknown;
  const name = typeof description === 'object' && description !== null ? (description as Record<string, unknown>).interface : undefined;
  const model = typeof name === 'string' ? library.interfaces.find((i) => i.name === name) : undefined;
  if (!model) {
    return { protocol: null, problems: [problem('interface', `no interface with a vtable named ${JSON.stringify(name)} in this library`)] };
  }
  const value = (n: string): number | undefined => {
    const v = constant(n);
    return typeof v === 'bigint' ? Number(v) : typeof v === 'number' && Number.isInteger(v) ? v : undefined;
  };
  const result = checkProtocolDescription(description, layoutOf(model), structsOf(library, types), { constant: value });
  if (result.problems.length > 0) {
    return { protocol: null, problems: result.problems.map((p) => problem(p.path, p.message)) };
  }
  const named = Object.keys(result.constants).length > 0;
  const checked = { ...(description as Record<string, unknown>), ...(named ? { constants: result.constants } : {}) };
  return { protocol: { file: source.file, interfaceName: model.name, description: checked }, problems: [] };
}
