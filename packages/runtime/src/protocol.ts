/**
 * Protocol descriptions: the JSON (`idl/<lib>/<name>.protocol.json`) that tells a ProtocolFake how an
 * interface's methods drive a state machine (IOSTX: InitSync, SyncBeg/SyncEnd, SetSyncResult...) or which
 * calls a recording fake stores and answers from properties (IMAPIProgress: SetLimits, GetMin...), and the
 * check of a description against the interface's layout and the type library's structures.
 */
import * as hresults from './hresult.js';
import type { Direction, InterfaceLayout, SlotLayout, StructRecord } from './layout.js';

/** One state of the machine. The initial state needs no entry: it is known by `initial`. */
export interface ProtocolState {
  readonly name: string;
  /** The value a state parameter passes for it (`LR_SYNC_UPLOAD_HIERARCHY` = 2). */
  readonly value: number;
  /** The structure entering the state allocates and returns (a key of the type library's structs). */
  readonly structure?: string;
  /** The states it can be entered from. */
  readonly parents?: readonly string[];
}

/** The first call of a session (InitSync). */
export interface InitRole {
  readonly role: 'init';
}

interface EnterCommon {
  readonly role: 'enter';
  /** The [out] or [in, out] parameter that receives the state's structure. */
  readonly structureParameter?: string;
  /** The leave method that ends the states this method enters (SyncBeg: SyncEnd). */
  readonly pairedWith: string;
}

/** Enters the state whose value a parameter passes (SyncBeg's uiSync). */
export interface EnterByParameterRole extends EnterCommon {
  readonly stateParameter: string;
  readonly state?: undefined;
}

/** Enters one fixed state (SyncHdrBeg: LR_SYNC_DOWNLOAD_HEADER). */
export interface EnterFixedRole extends EnterCommon {
  readonly state: string;
  readonly stateParameter?: undefined;
}

export type EnterRole = EnterByParameterRole | EnterFixedRole;

/** Records the HRESULT a parameter passes as the current state's result (SetSyncResult's hrSync). */
export interface ResultRole {
  readonly role: 'result';
  readonly parameter: string;
}

/** Leaves the current state for its parent (SyncEnd, SyncHdrEnd). */
export interface LeaveRole {
  readonly role: 'leave';
  /** The state must have a recorded result before it is left. */
  readonly requiresResult?: boolean;
}

/** Returns the last violation as a MAPIERROR through an [out] parameter (GetLastError). */
export interface LastErrorRole {
  readonly role: 'last-error';
  readonly out: string;
}

/** Stores [in] parameters into named properties: `{ "lpulMin": "min" }`. A null argument leaves the property. */
export interface SetRole {
  readonly role: 'set';
  readonly fields: Readonly<Record<string, string>>;
}

/** Gives [out] parameters the values of named properties: `{ "lpulMin": "min" }`. */
export interface GetRole {
  readonly role: 'get';
  readonly fields: Readonly<Record<string, string>>;
}

/** Only recorded, answering S_OK: what every method without a role does; the role says so explicitly. */
export interface RecordRole {
  readonly role: 'record';
}

export type RecorderRole = SetRole | GetRole | RecordRole;
export type MethodRole = InitRole | EnterRole | ResultRole | LeaveRole | LastErrorRole | RecorderRole;
export type RoleName = MethodRole['role'];

/** A state machine: the fake checks every call against the rules and keeps the stack of states. */
export interface StateMachineProtocol {
  readonly kind?: 'state-machine';
  readonly interface: string;
  /** The state before InitSync and after the last leave (LR_SYNC_IDLE). */
  readonly initial: string;
  /** The HRESULT a violating call returns: a name (`E_UNEXPECTED`), `0x8000ffff`, or a number. */
  readonly violation: string | number;
  readonly states: readonly ProtocolState[];
  readonly methods: Readonly<Record<string, MethodRole>>;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** A recorder: every call is recorded and answers S_OK; `set`/`get` methods use `properties`. */
export interface RecorderProtocol {
  readonly kind: 'recorder';
  readonly interface: string;
  readonly methods?: Readonly<Record<string, RecorderRole>>;
  /** Initial property values (`{ "min": 1, "max": 1000, "flags": 1 }`). */
  readonly properties?: Readonly<Record<string, unknown>>;
}

export type ProtocolDescription = StateMachineProtocol | RecorderProtocol;

/** The rules a state machine fake checks; a violation names one. */
export type ProtocolRule =
  | 'init-first'
  | 'init-once'
  | 'known-state'
  | 'enter-from-parent'
  | 'result-in-state'
  | 'paired-leave'
  | 'leave-in-state'
  | 'result-before-leave';

/** A problem in a description: `path` is the JSON path (`methods.SyncBeg.stateParameter`). */
export interface ProtocolProblem {
  readonly path: string;
  readonly message: string;
}

export function isRecorderProtocol(description: ProtocolDescription): description is RecorderProtocol {
  return description.kind === 'recorder';
}

const hresultByName = new Map<string, number>(
  Object.entries(hresults).filter((e): e is [string, number] => typeof e[1] === 'number'),
);

/** The HRESULT a description names: `E_UNEXPECTED`, `0x8000FFFF` or a number; undefined when unknown. */
export function protocolHresult(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value | 0 : undefined;
  if (/^0x[0-9a-f]{1,8}$/i.test(value)) return Number.parseInt(value.slice(2), 16) | 0;
  return hresultByName.get(value);
}

/** `path: message` lines, for errors. */
export function formatProtocolProblems(problems: readonly ProtocolProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}

const directionText: Record<Direction, string> = { in: '[in]', out: '[out]', 'in,out': '[in, out]' };

const roleFields: Record<RoleName, readonly string[]> = {
  init: ['role'],
  enter: ['role', 'stateParameter', 'state', 'structureParameter', 'pairedWith'],
  result: ['role', 'parameter'],
  leave: ['role', 'requiresResult'],
  'last-error': ['role', 'out'],
  set: ['role', 'fields'],
  get: ['role', 'fields'],
  record: ['role'],
};

const stateMachineFields = ['kind', 'interface', 'initial', 'violation', 'states', 'methods', 'properties'];
const recorderFields = ['kind', 'interface', 'methods', 'properties'];
const stateFields = ['name', 'value', 'structure', 'parents'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Collects problems while walking a description. */
class Checker {
  readonly problems: ProtocolProblem[] = [];

  report(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** Reports members that are not in `known` (members starting with `$` are comments and pass). */
  fields(object: Json, path: string, known: readonly string[], what: string): void {
    for (const key of Object.keys(object)) {
      if (!key.startsWith('$') && !known.includes(key)) {
        this.report(path ? `${path}.${key}` : key, `unknown member of ${what} (known: ${known.join(', ')})`);
      }
    }
  }
}

/**
 * Checks a description against the interface's layout and the structures it may allocate. Returns the
 * problems, each with the JSON path it is about; an empty list means the description can drive a fake.
 */
export function validateProtocol(
  description: unknown,
  layout: InterfaceLayout,
  structs: StructRecord,
): ProtocolProblem[] {
  const check = new Checker();
  if (!isObject(description)) {
    check.report('', 'a protocol description is a JSON object');
    return check.problems;
  }
  const itf = layout.name;
  if (description.interface !== itf) {
    check.report('interface', `the description is for ${JSON.stringify(description.interface)}, the layout is ${itf}`);
  }
  const kind = description.kind ?? 'state-machine';
  if (kind !== 'state-machine' && kind !== 'recorder') {
    check.report('kind', `unknown kind ${JSON.stringify(kind)} (known: state-machine, recorder)`);
    return check.problems;
  }
  const recorder = kind === 'recorder';
  check.fields(description, '', recorder ? recorderFields : stateMachineFields, `a ${kind} description`);
  if (description.properties !== undefined && !isObject(description.properties)) {
    check.report('properties', 'properties is an object of initial values');
  }

  const states = recorder ? new Map<string, Json>() : checkStates(check, description, structs);
  const initial = typeof description.initial === 'string' ? description.initial : '';

  const methods = description.methods ?? (recorder ? {} : undefined);
  if (!isObject(methods)) {
    check.report('methods', 'methods is an object from method name to role');
    return check.problems;
  }
  const roles = new Map<string, Json>();
  for (const [name, role] of Object.entries(methods)) {
    if (name.startsWith('$')) continue;
    const path = `methods.${name}`;
    const slot = layout.slots.find((s) => s.name === name);
    if (!slot) {
      check.report(path, `${itf} has no method '${name}'`);
      continue;
    }
    if (slot.placeholder) {
      check.report(path, `${itf}::${name} is a placeholder slot; it takes no role`);
      continue;
    }
    if (slot.index < 3) {
      check.report(path, `${itf}::${name} is IUnknown's; it keeps its COM behaviour and takes no role`);
      continue;
    }
    if (!isObject(role) || typeof role.role !== 'string' || !(role.role in roleFields)) {
      check.report(`${path}.role`, `unknown role ${JSON.stringify(isObject(role) ? role.role : role)} (known: ${Object.keys(roleFields).join(', ')})`);
      continue;
    }
    const roleName = role.role as RoleName;
    if (recorder && roleName !== 'set' && roleName !== 'get' && roleName !== 'record') {
      check.report(`${path}.role`, `role '${roleName}' needs a state-machine description; a recorder takes set, get and record`);
      continue;
    }
    check.fields(role, path, roleFields[roleName], `role '${roleName}'`);
    roles.set(name, role);
    const parameter = (member: string, directions: readonly Direction[], what: string): void => {
      const value = role[member];
      if (!isName(value)) {
        check.report(`${path}.${member}`, `${what}: the name of a parameter of ${itf}::${name}`);
        return;
      }
      checkParameter(check, `${path}.${member}`, itf, slot, value, directions, what);
    };
    switch (roleName) {
      case 'enter': {
        if (role.stateParameter !== undefined && role.state !== undefined) {
          check.report(path, 'an enter method takes its state from stateParameter or from state, not both');
        } else if (role.stateParameter !== undefined) {
          parameter('stateParameter', ['in'], 'the state parameter must be [in]');
        } else if (role.state !== undefined) {
          if (!isName(role.state) || !states.has(role.state)) {
            check.report(`${path}.state`, `unknown state ${JSON.stringify(role.state)}`);
          } else if (role.state === initial) {
            check.report(`${path}.state`, `${initial} is the initial state; it is never entered`);
          }
        } else {
          check.report(path, 'an enter method needs stateParameter (the state comes from an argument) or state (a fixed state)');
        }
        if (role.structureParameter !== undefined) {
          parameter('structureParameter', ['out', 'in,out'], 'the structure parameter must be [out] or [in, out]');
        } else {
          const fixedStates = new Set(Object.values(methods).map((r) => (isObject(r) && r.role === 'enter' ? r.state : undefined)));
          const entered = isName(role.state)
            ? [role.state]
            : [...states.keys()].filter((s) => s !== initial && !fixedStates.has(s));
          const withStructure = entered.filter((s) => isName(states.get(s)?.structure));
          if (withStructure.length > 0 && (role.state !== undefined || role.stateParameter !== undefined)) {
            check.report(`${path}.structureParameter`, `states with a structure (${withStructure.join(', ')}) need a structureParameter to return it`);
          }
        }
        if (!isName(role.pairedWith)) {
          check.report(`${path}.pairedWith`, 'an enter method needs pairedWith: the leave method that ends its states');
        }
        break;
      }
      case 'result':
        parameter('parameter', ['in'], 'the result parameter must be [in]');
        break;
      case 'leave':
        if (role.requiresResult !== undefined && typeof role.requiresResult !== 'boolean') {
          check.report(`${path}.requiresResult`, 'requiresResult is true or false');
        }
        break;
      case 'last-error':
        parameter('out', ['out'], 'the error parameter must be [out]');
        break;
      case 'set':
      case 'get': {
        if (!isObject(role.fields) || Object.keys(role.fields).length === 0) {
          check.report(`${path}.fields`, 'fields maps parameter names to property names: { "lpulMin": "min" }');
          break;
        }
        const directions: readonly Direction[] = roleName === 'set' ? ['in', 'in,out'] : ['out', 'in,out'];
        for (const [parameterName, property] of Object.entries(role.fields)) {
          const fieldPath = `${path}.fields.${parameterName}`;
          checkParameter(check, fieldPath, itf, slot, parameterName, directions,
            roleName === 'set' ? 'a set field must be an [in] parameter' : 'a get field must be an [out] parameter');
          if (!isName(property)) check.report(fieldPath, 'the property name must be a non-empty string');
        }
        break;
      }
      case 'init':
      case 'record':
        break;
    }
  }

  // Cross-checks between methods.
  for (const [name, role] of roles) {
    const path = `methods.${name}`;
    if (role.role === 'enter' && isName(role.pairedWith)) {
      const paired = roles.get(role.pairedWith);
      if (!layout.slots.some((s) => s.name === role.pairedWith)) {
        check.report(`${path}.pairedWith`, `${itf} has no method '${role.pairedWith}'`);
      } else if (!paired || paired.role !== 'leave') {
        check.report(`${path}.pairedWith`, `${role.pairedWith} must have role 'leave' to end what ${name} enters`);
      }
    }
    if (role.role === 'leave') {
      const enters = [...roles].filter(([, r]) => r.role === 'enter' && r.pairedWith === name);
      if (enters.length === 0) check.report(path, `no enter method names ${name} in pairedWith, so it can never leave a state`);
      if (role.requiresResult === true && ![...roles.values()].some((r) => r.role === 'result')) {
        check.report(`${path}.requiresResult`, "no method has role 'result', so no state could ever be left");
      }
    }
  }
  const fixed = new Map<string, string>();
  for (const [name, role] of roles) {
    if (role.role !== 'enter' || !isName(role.state)) continue;
    const other = fixed.get(role.state);
    if (other) check.report(`methods.${name}.state`, `${role.state} is already the fixed state of ${other}`);
    else fixed.set(role.state, name);
  }
  return check.problems;
}

function checkParameter(
  check: Checker,
  path: string,
  itf: string,
  slot: SlotLayout,
  name: string,
  directions: readonly Direction[],
  what: string,
): void {
  const parameter = slot.parameters.find((p) => p.name === name);
  if (!parameter) {
    const names = slot.parameters.map((p) => p.name);
    check.report(path, `${itf}::${slot.name} has no parameter '${name}' (its parameters: ${names.length ? names.join(', ') : 'none'})`);
  } else if (!directions.includes(parameter.direction)) {
    check.report(path, `${itf}::${slot.name}'s parameter '${name}' is ${directionText[parameter.direction]}; ${what}`);
  }
}

/** Checks `initial`, `violation` and `states`; returns the states by name (the initial one included). */
function checkStates(check: Checker, description: Json, structs: StructRecord): Map<string, Json> {
  const states = new Map<string, Json>();
  const initial = description.initial;
  if (!isName(initial)) check.report('initial', 'initial is the name of the state a session starts in');
  const violation = description.violation;
  if (typeof violation !== 'string' && typeof violation !== 'number') {
    check.report('violation', 'violation is the HRESULT a violating call returns, e.g. "E_UNEXPECTED"');
  } else {
    const hr = protocolHresult(violation);
    if (hr === undefined) check.report('violation', `${JSON.stringify(violation)} is not a known HRESULT name or value`);
    else if (hr >= 0) check.report('violation', `${JSON.stringify(violation)} is a success code; a violation must fail`);
  }
  if (!Array.isArray(description.states)) {
    check.report('states', 'states is an array of { name, value, structure?, parents? }');
    return states;
  }
  const values = new Map<number, string>();
  description.states.forEach((state: unknown, i) => {
    const path = `states[${i}]`;
    if (!isObject(state)) {
      check.report(path, 'a state is an object { name, value, structure?, parents? }');
      return;
    }
    check.fields(state, path, stateFields, 'a state');
    if (!isName(state.name)) {
      check.report(`${path}.name`, 'a state needs a name');
      return;
    }
    if (states.has(state.name)) check.report(`${path}.name`, `state ${state.name} is listed twice`);
    states.set(state.name, state);
    if (typeof state.value !== 'number' || !Number.isInteger(state.value)) {
      check.report(`${path}.value`, `state ${state.name} needs an integer value (what a state parameter passes)`);
    } else if (values.has(state.value)) {
      check.report(`${path}.value`, `${state.value} is already the value of ${values.get(state.value)}`);
    } else {
      values.set(state.value, state.name);
    }
    if (state.structure !== undefined && (!isName(state.structure) || !structs[state.structure])) {
      check.report(`${path}.structure`, `no structure named ${JSON.stringify(state.structure)} in the type library`);
    }
  });
  if (isName(initial) && !states.has(initial)) states.set(initial, { name: initial });
  description.states.forEach((state: unknown, i) => {
    if (!isObject(state) || !isName(state.name)) return;
    const path = `states[${i}]`;
    const parents = state.parents ?? [];
    if (!Array.isArray(parents)) {
      check.report(`${path}.parents`, 'parents is an array of state names');
      return;
    }
    if (state.name === initial) {
      if (parents.length) check.report(`${path}.parents`, `${initial} is the initial state; it is never entered, so it has no parents`);
      return;
    }
    if (parents.length === 0) check.report(`${path}.parents`, `state ${state.name} has no parents, so it can never be entered`);
    parents.forEach((parent: unknown, j) => {
      if (!isName(parent) || !states.has(parent)) {
        check.report(`${path}.parents[${j}]`, `unknown state ${JSON.stringify(parent)}`);
      }
    });
  });
  return states;
}
