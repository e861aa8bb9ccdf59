/**
 * The one check of protocol descriptions: against the interface's layout (methods, parameters and their
 * directions), the type library's structures (states' structures, the members conditions and flags name)
 * and the values of the names it uses. A ProtocolFake runs it when it is constructed; generation runs it on
 * the `.protocol.json` file, with the IDL's constants to resolve names, and locates each problem in the file.
 */
import { nameRecord, setMember } from './records.js';
import type { Direction, FieldLayout, InterfaceLayout, SlotLayout, StructRecord } from './layout.js';
import { protocolHresult, protocolRules, type ProtocolProblem, type RoleName } from './protocol.js';

export interface ProtocolCheckOptions {
  /**
   * Resolves a name the description's `constants` lack: at generation, the IDL's constants and enum
   * members. Without it, every name must be in `constants`.
   */
  readonly constant?: (name: string) => number | undefined;
}

export interface ProtocolCheckResult {
  readonly problems: ProtocolProblem[];
  /** Every name the description uses, with its value: what generation writes into `constants`. */
  readonly constants: Record<string, number>;
}

const directionText: Record<Direction, string> = { in: '[in]', out: '[out]', 'in,out': '[in, out]' };

const commonRoleFields = ['role', 'flags', 'source'];
const roleFields: Record<RoleName, readonly string[]> = {
  init: commonRoleFields,
  enter: [...commonRoleFields, 'stateParameter', 'state', 'structureParameter', 'pairedWith'],
  result: [...commonRoleFields, 'parameter'],
  leave: [...commonRoleFields, 'requiresResult'],
  'last-error': [...commonRoleFields, 'out'],
  set: [...commonRoleFields, 'fields'],
  get: [...commonRoleFields, 'fields'],
  record: commonRoleFields,
};

const stateMachineFields = ['kind', 'interface', 'initial', 'violation', 'constants', 'choices', 'states', 'methods', 'properties'];
const recorderFields = ['kind', 'interface', 'constants', 'methods', 'properties'];
const stateFields = ['name', 'value', 'structure', 'parents', 'ok', 'checks', 'neverEntered', 'source'];
const parentFields = ['state', 'when', 'source'];
const conditionFields = ['member', 'hasAll', 'hasAny', 'hasNone', 'notNull'];
const okFields = ['flag', 'member', 'each', 'source'];
const checkFields = ['if', 'then', 'source'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** Collects problems while walking a description, and the values of the names it resolves. */
class Checker {
  readonly problems: ProtocolProblem[] = [];
  /** The value of each name the description uses, keyed by IDL names: without prototype. */
  readonly constants: Record<string, number> = nameRecord<number>();
  private readonly declared: Json;

  constructor(
    description: Json,
    private readonly resolver: ((name: string) => number | undefined) | undefined,
  ) {
    this.declared = isObject(description.constants) ? description.constants : {};
  }

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

  /** The value of a name: `constants` first, then the resolver; undefined (unreported) when unknown. */
  value(name: string): number | undefined {
    const declared = Object.hasOwn(this.declared, name) ? this.declared[name] : undefined;
    const value = typeof declared === 'number' && Number.isInteger(declared) ? declared : this.resolver?.(name);
    if (value !== undefined) setMember(this.constants, name, value);
    return value;
  }

  /** Why a name has no value, for messages. */
  unknownName(name: string): string {
    return this.resolver
      ? `${name} is not a constant or enum member of the IDL`
      : `${name} is not among the description's constants`;
  }

  /** A flag: an integer, or a name with a value. */
  flag(value: unknown, path: string): void {
    if (typeof value === 'number' && Number.isInteger(value)) return;
    if (!isName(value)) this.report(path, 'a flag is the name of an IDL constant or an integer');
    else if (this.value(value) === undefined) this.report(path, this.unknownName(value));
  }

  flagList(value: unknown, path: string): void {
    if (!Array.isArray(value)) {
      this.report(path, 'a list of flags: names of IDL constants or integers');
      return;
    }
    value.forEach((f: unknown, i) => this.flag(f, `${path}[${i}]`));
  }

  source(value: unknown, path: string): void {
    if (value !== undefined && !isName(value)) this.report(path, 'source is the URL of the page that states the rule');
  }
}

/**
 * Checks a description against the interface's layout and the structures it may allocate. Returns the
 * problems, each with the JSON path it is about (an empty list means the description can drive a fake),
 * and the values of the names it uses.
 */
export function checkProtocolDescription(
  description: unknown,
  layout: InterfaceLayout,
  structs: StructRecord,
  options: ProtocolCheckOptions = {},
): ProtocolCheckResult {
  if (!isObject(description)) {
    return { problems: [{ path: '', message: 'a protocol description is a JSON object' }], constants: {} };
  }
  const check = new Checker(description, options.constant);
  const itf = layout.name;
  if (description.interface !== itf) {
    check.report('interface', `the description is for ${JSON.stringify(description.interface)}, the layout is ${itf}`);
  }
  const kind = description.kind ?? 'state-machine';
  if (kind !== 'state-machine' && kind !== 'recorder') {
    check.report('kind', `unknown kind ${JSON.stringify(kind)} (known: state-machine, recorder)`);
    return check;
  }
  const recorder = kind === 'recorder';
  check.fields(description, '', recorder ? recorderFields : stateMachineFields, `a ${kind} description`);
  checkConstants(check, description.constants);
  checkProperties(check, description.properties);
  if (!recorder) checkChoices(check, description.choices);

  const states = recorder ? new Map<string, Json>() : checkStates(check, description, structs);
  const initial = typeof description.initial === 'string' ? description.initial : '';

  const methods = description.methods ?? (recorder ? {} : undefined);
  if (!isObject(methods)) {
    check.report('methods', 'methods is an object from method name to role');
    return check;
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
    check.source(role.source, `${path}.source`);
    checkMethodFlags(check, path, itf, slot, role.flags);
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
  return check;
}

/** The problems of a description (see `checkProtocolDescription`). */
export function validateProtocol(
  description: unknown,
  layout: InterfaceLayout,
  structs: StructRecord,
  options: ProtocolCheckOptions = {},
): ProtocolProblem[] {
  return checkProtocolDescription(description, layout, structs, options).problems;
}

function checkConstants(check: Checker, constants: unknown): void {
  if (constants === undefined) return;
  if (!isObject(constants)) {
    check.report('constants', 'constants is an object from name to integer value');
    return;
  }
  for (const [name, value] of Object.entries(constants)) {
    if (!IDENTIFIER.test(name)) check.report(`constants.${name}`, `${JSON.stringify(name)} is not a name`);
    else if (typeof value !== 'number' || !Number.isInteger(value)) check.report(`constants.${name}`, `the value of ${name} must be an integer`);
  }
}

/** Property values that are names (`"flags": "MAPI_TOP_LEVEL"`) must have a value. */
function checkProperties(check: Checker, properties: unknown): void {
  if (properties === undefined) return;
  if (!isObject(properties)) {
    check.report('properties', 'properties is an object of initial values');
    return;
  }
  for (const [key, value] of Object.entries(properties)) {
    if (typeof value === 'string' && IDENTIFIER.test(value) && check.value(value) === undefined) {
      check.report(`properties.${key}`, check.unknownName(value));
    }
  }
}

function checkChoices(check: Checker, choices: unknown): void {
  if (choices === undefined) return;
  if (!isObject(choices)) {
    check.report('choices', 'choices is an object from rule name (or "violation") to what the fake does where the pages are silent');
    return;
  }
  const known: readonly string[] = [...protocolRules, 'violation'];
  for (const [rule, text] of Object.entries(choices)) {
    if (rule.startsWith('$')) continue;
    if (!known.includes(rule)) check.report(`choices.${rule}`, `unknown rule ${JSON.stringify(rule)} (known: ${known.join(', ')})`);
    else if (!isName(text)) check.report(`choices.${rule}`, 'a choice is a sentence: what the fake does and why');
  }
}

function checkMethodFlags(check: Checker, path: string, itf: string, slot: SlotLayout, flags: unknown): void {
  if (flags === undefined) return;
  if (!isObject(flags)) {
    check.report(`${path}.flags`, 'flags maps [in] parameter names to the flags they may carry: { "ulFlags": [] }');
    return;
  }
  for (const [parameter, allowed] of Object.entries(flags)) {
    const at = `${path}.flags.${parameter}`;
    checkParameter(check, at, itf, slot, parameter, ['in'], 'a flags parameter must be [in]');
    check.flagList(allowed, at);
  }
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

/** The structure a vector or pointer member points to: from its marshalling, else from its C type (`struct UPREADE*`). */
export function elementStructure(field: FieldLayout, structs: StructRecord): string | undefined {
  let marshal = field.marshal;
  if (typeof marshal === 'object' && 'array' in marshal) marshal = marshal.array;
  if (typeof marshal === 'object' && 'struct' in marshal) return marshal.struct;
  const match = /^(?:struct\s+)?(\w+)\s*(?:\*|\[)/.exec(field.type);
  return match && Object.hasOwn(structs, match[1]!) ? match[1] : undefined;
}

function fieldOf(structs: StructRecord, structure: string, member: string): FieldLayout | undefined {
  return Object.hasOwn(structs, structure) ? structs[structure]!.fields.find((f) => f.name === member) : undefined;
}

function memberList(structs: StructRecord, structure: string): string {
  return structs[structure]!.fields.map((f) => f.name).join(', ');
}

/** A condition on `structure` (the state's, or a parent's); `structure` undefined: the state has none. */
function checkCondition(check: Checker, value: unknown, path: string, structure: string | null | undefined, structs: StructRecord, what: string): void {
  if (!isObject(value)) {
    check.report(path, `${what} is an object { member, hasAll?, hasAny?, hasNone?, notNull? }`);
    return;
  }
  check.fields(value, path, conditionFields, 'a condition');
  if (structure === null) return;
  if (structure === undefined) {
    check.report(path, `${what} tests a structure, and the state it is about has none`);
    return;
  }
  if (!isName(value.member)) check.report(`${path}.member`, 'a condition needs member: the structure member it tests');
  else if (!fieldOf(structs, structure, value.member)) {
    check.report(`${path}.member`, `${structure} has no member '${value.member}' (its members: ${memberList(structs, structure)})`);
  }
  const tests = ['hasAll', 'hasAny', 'hasNone', 'notNull'].filter((t) => value[t] !== undefined);
  if (tests.length === 0) check.report(path, 'a condition needs at least one test: hasAll, hasAny, hasNone or notNull');
  for (const test of ['hasAll', 'hasAny', 'hasNone']) if (value[test] !== undefined) check.flagList(value[test], `${path}.${test}`);
  if (value.notNull !== undefined && typeof value.notNull !== 'boolean') check.report(`${path}.notNull`, 'notNull is true or false');
}

function checkOk(check: Checker, ok: unknown, path: string, structure: string | null | undefined, structs: StructRecord): void {
  if (!isObject(ok)) {
    check.report(path, 'ok is an object { flag, member?, each? }');
    return;
  }
  check.fields(ok, path, okFields, 'ok');
  check.source(ok.source, `${path}.source`);
  check.flag(ok.flag, `${path}.flag`);
  if (structure === null) return;
  if (structure === undefined) {
    check.report(path, 'ok names a flag of the state\'s structure, and the state has none');
    return;
  }
  let holder = structure;
  if (ok.each !== undefined) {
    const vector = isName(ok.each) ? fieldOf(structs, structure, ok.each) : undefined;
    const element = vector ? elementStructure(vector, structs) : undefined;
    if (!isName(ok.each) || !vector) {
      check.report(`${path}.each`, `${structure} has no member ${JSON.stringify(ok.each)} (its members: ${memberList(structs, structure)})`);
      return;
    }
    if (!element) {
      check.report(`${path}.each`, `${structure}.${ok.each} (${vector.type}) points to no structure of the type library`);
      return;
    }
    holder = element;
  }
  const member = ok.member ?? 'ulFlags';
  if (!isName(member)) check.report(`${path}.member`, 'member is the name of the member holding the flag');
  else if (!fieldOf(structs, holder, member)) {
    check.report(ok.member === undefined ? path : `${path}.member`, `${holder} has no member '${member}' (its members: ${memberList(structs, holder)})`);
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
    check.report('states', 'states is an array of { name, value?, structure?, parents?, ok?, checks? }');
    return states;
  }
  const values = new Map<number, string>();
  /** A state's structure: null when the one it names is not in the type library (reported once). */
  const structureOf = new Map<string, string | null | undefined>();
  description.states.forEach((state: unknown, i) => {
    const path = `states[${i}]`;
    if (!isObject(state)) {
      check.report(path, 'a state is an object { name, value?, structure?, parents?, ok?, checks? }');
      return;
    }
    check.fields(state, path, stateFields, 'a state');
    if (!isName(state.name)) {
      check.report(`${path}.name`, 'a state needs a name');
      return;
    }
    if (states.has(state.name)) check.report(`${path}.name`, `state ${state.name} is listed twice`);
    states.set(state.name, state);
    let value: number | undefined;
    if (state.value !== undefined) {
      if (typeof state.value !== 'number' || !Number.isInteger(state.value)) {
        check.report(`${path}.value`, `state ${state.name} needs an integer value (what a state parameter passes)`);
      } else {
        value = state.value;
      }
    } else {
      value = check.value(state.name);
      if (value === undefined) check.report(`${path}.name`, `${check.unknownName(state.name)}, and the state gives no value`);
    }
    if (value !== undefined) {
      if (values.has(value)) check.report(state.value !== undefined ? `${path}.value` : `${path}.name`, `${value} is already the value of ${values.get(value)}`);
      else values.set(value, state.name);
    }
    let structure: string | null | undefined = state.structure as string | undefined;
    if (state.structure !== undefined && (!isName(state.structure) || !Object.hasOwn(structs, state.structure))) {
      check.report(`${path}.structure`, `no structure named ${JSON.stringify(state.structure)} in the type library`);
      structure = null;
    }
    if (!structureOf.has(state.name)) structureOf.set(state.name, structure);
    check.source(state.source, `${path}.source`);
    if (state.neverEntered !== undefined && state.name !== initial) {
      check.report(`${path}.neverEntered`, `only the initial state (${String(initial)}) takes neverEntered: every other state is entered`);
    } else if (state.neverEntered !== undefined && !isName(state.neverEntered)) {
      check.report(`${path}.neverEntered`, 'neverEntered is a sentence: why the state is never entered');
    }
  });
  if (isName(initial) && !states.has(initial)) {
    states.set(initial, { name: initial });
    check.value(initial);
  }
  description.states.forEach((state: unknown, i) => {
    if (!isObject(state) || !isName(state.name)) return;
    const path = `states[${i}]`;
    const structure = structureOf.get(state.name);
    if (state.ok !== undefined) checkOk(check, state.ok, `${path}.ok`, structure, structs);
    if (state.checks !== undefined) {
      if (!Array.isArray(state.checks)) check.report(`${path}.checks`, 'checks is an array of { if?, then, source? }');
      else {
        state.checks.forEach((rule: unknown, k) => {
          const at = `${path}.checks[${k}]`;
          if (!isObject(rule)) {
            check.report(at, 'a check is an object { if?, then, source? }');
            return;
          }
          check.fields(rule, at, checkFields, 'a check');
          check.source(rule.source, `${at}.source`);
          if (rule.if !== undefined) checkCondition(check, rule.if, `${at}.if`, structure, structs, 'if');
          if (rule.then === undefined) check.report(at, 'a check needs then: the condition the structure must meet');
          else checkCondition(check, rule.then, `${at}.then`, structure, structs, 'then');
        });
      }
    }
    const parents = state.parents ?? [];
    if (!Array.isArray(parents)) {
      check.report(`${path}.parents`, 'parents is an array of state names and { state, when?, source? } edges');
      return;
    }
    if (state.name === initial) {
      if (parents.length) check.report(`${path}.parents`, `${initial} is the initial state; it is never entered, so it has no parents`);
      return;
    }
    if (parents.length === 0) check.report(`${path}.parents`, `state ${state.name} has no parents, so it can never be entered`);
    const seen = new Set<string>();
    parents.forEach((parent: unknown, j) => {
      const at = `${path}.parents[${j}]`;
      let name: unknown = parent;
      if (isObject(parent)) {
        check.fields(parent, at, parentFields, 'a parent');
        check.source(parent.source, `${at}.source`);
        name = parent.state;
        if (!isName(name)) {
          check.report(`${at}.state`, 'a parent edge names its state in state');
          return;
        }
      }
      if (!isName(name) || !states.has(name)) {
        check.report(isObject(parent) ? `${at}.state` : at, `unknown state ${JSON.stringify(name)}`);
        return;
      }
      if (seen.has(name)) check.report(at, `${name} is already a parent of ${state.name}`);
      seen.add(name);
      if (isObject(parent) && parent.when !== undefined) {
        checkCondition(check, parent.when, `${at}.when`, structureOf.get(name), structs, 'when');
      }
    });
  });
  return states;
}
