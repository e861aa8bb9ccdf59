/**
 * Protocol descriptions (`idl/<lib>/*.protocol.json`): the call rules of an interface as data, from which the
 * mocks emitter generates a protocol-aware fake. Checked here against the model, so a description that names
 * a method, parameter, state or structure the IDL does not have fails generation with a located message.
 */
import type { Library } from './library';
import type { ConstantValue } from '@comidl/model';

export interface ProtocolSource {
  /** Path as shown in messages: `idl/mapi-sync/iostx.protocol.json`. */
  file: string;
  text: string;
}

export interface ProtocolProblem {
  file: string;
  /** JSON path of the offending value: `methods.SyncBeg.stateParameter`. */
  path: string;
  message: string;
}

export interface CheckedProtocol {
  file: string;
  interfaceName: string;
  /** The description with each state's `value` filled in from the IDL constant of that name. */
  description: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const roles = new Set(['init', 'enter', 'leave', 'result', 'last-error', 'set', 'get', 'record']);

export function checkProtocol(source: ProtocolSource, library: Library, constant: (name: string) => ConstantValue | undefined): { protocol: CheckedProtocol | null; problems: ProtocolProblem[] } {
  const problems: ProtocolProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ file: source.file, path, message });
  let d: Json;
  try {
    d = JSON.parse(source.text) as Json;
  } catch (e) {
    problem('', `not valid JSON: ${(e as Error).message}`);
    return { protocol: null, problems };
  }
  if (!d || typeof d !== 'object' || Array.isArray(d)) {
    problem('', 'expected an object');
    return { protocol: null, problems };
  }
  const name = d.interface;
  const model = typeof name === 'string' ? library.interfaces.find((i) => i.name === name) : undefined;
  if (!model) {
    problem('interface', `no interface with a vtable named ${JSON.stringify(name)} in this library`);
    return { protocol: null, problems };
  }
  const slots = new Map(model.vtable.map((s) => [s.name, s]));
  const stateNames = new Set<string>();
  const states = Array.isArray(d.states) ? (d.states as Json[]) : [];
  if (d.states !== undefined && !Array.isArray(d.states)) problem('states', 'expected an array');
  const filledStates = states.map((s, i) => {
    const at = `states[${i}]`;
    const stateName = s.name;
    if (typeof stateName !== 'string') {
      problem(`${at}.name`, 'expected a string');
      return s;
    }
    stateNames.add(stateName);
    const v = constant(stateName);
    if (typeof v !== 'bigint' && typeof v !== 'number') problem(`${at}.name`, `${stateName} is not a constant or enum member of the IDL`);
    if (s.structure !== undefined && !(typeof s.structure === 'string' && library.symbols.get(s.structure)?.declaration.kind === 'struct')) {
      problem(`${at}.structure`, `${JSON.stringify(s.structure)} is not a structure of the IDL`);
    }
    return { ...s, value: typeof v === 'bigint' ? Number(v) : v };
  });
  if (typeof d.initial === 'string') {
    stateNames.add(d.initial);
    if (constant(d.initial) === undefined) problem('initial', `${d.initial} is not a constant or enum member of the IDL`);
  }
  filledStates.forEach((s, i) => {
    const parents = (s as Json).parents;
    if (parents === undefined) return;
    if (!Array.isArray(parents)) {
      problem(`states[${i}].parents`, 'expected an array of state names');
      return;
    }
    parents.forEach((p, j) => {
      if (typeof p !== 'string' || !stateNames.has(p)) problem(`states[${i}].parents[${j}]`, `${JSON.stringify(p)} is not a state of this protocol`);
    });
  });
  const methods = (d.methods ?? {}) as Json;
  for (const [method, spec] of Object.entries(methods)) {
    const at = `methods.${method}`;
    const slot = slots.get(method);
    if (!slot) {
      problem(at, `${model.name} has no method ${method}`);
      continue;
    }
    const m = spec as Json;
    if (typeof m.role !== 'string' || !roles.has(m.role)) problem(`${at}.role`, `expected one of ${[...roles].join(', ')}`);
    const params = new Set(slot.method.parameters.map((p) => p.name));
    for (const key of ['stateParameter', 'structureParameter', 'parameter', 'out']) {
      const v = m[key];
      if (v !== undefined && (typeof v !== 'string' || !params.has(v))) problem(`${at}.${key}`, `${model.name}::${method} has no parameter ${JSON.stringify(v)}`);
    }
    if (m.fields !== undefined) {
      for (const p of Object.keys(m.fields as Json)) if (!params.has(p)) problem(`${at}.fields.${p}`, `${model.name}::${method} has no parameter ${JSON.stringify(p)}`);
    }
    if (m.state !== undefined && (typeof m.state !== 'string' || !stateNames.has(m.state))) problem(`${at}.state`, `${JSON.stringify(m.state)} is not a state of this protocol`);
    if (m.pairedWith !== undefined && (typeof m.pairedWith !== 'string' || !slots.has(m.pairedWith))) problem(`${at}.pairedWith`, `${model.name} has no method ${JSON.stringify(m.pairedWith)}`);
  }
  // Property values may name IDL constants (`"flags": "MAPI_TOP_LEVEL"`): they become the constant's value.
  let properties: Json | undefined;
  if (d.properties !== undefined) {
    if (typeof d.properties !== 'object' || d.properties === null || Array.isArray(d.properties)) problem('properties', 'expected an object of initial values');
    else {
      properties = {};
      for (const [key, value] of Object.entries(d.properties as Json)) {
        if (typeof value === 'string' && /^[A-Za-z_]\w*$/.test(value)) {
          const v = constant(value);
          if (typeof v === 'bigint' || typeof v === 'number') properties[key] = Number(v);
          else problem(`properties.${key}`, `${value} is not a constant or enum member of the IDL`);
        } else {
          properties[key] = value;
        }
      }
    }
  }
  return problems.length
    ? { protocol: null, problems }
    : {
        protocol: {
          file: source.file,
          interfaceName: model.name,
          description: { ...d, ...(d.states ? { states: filledStates } : {}), ...(properties ? { properties } : {}) },
        },
        problems,
      };
}
