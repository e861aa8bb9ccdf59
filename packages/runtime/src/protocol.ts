/**
 * Protocol descriptions: the JSON (`idl/<lib>/<name>.protocol.json`) that tells a ProtocolFake how an
 * interface's methods drive a state machine (IOSTX: InitSync, SyncBeg/SyncEnd, SetSyncResult...) and what
 * the state structures must say when a state is entered or left, or which calls a recording fake stores and
 * answers from properties (IMAPIProgress: SetLimits, GetMin...). The types, and the helpers that read names
 * and conditions; `validateProtocol` (protocol-validate.ts) checks a description.
 */
import * as hresults from './hresult.js';
import { freezeData } from './records.js';

/**
 * A flag or state as a description names it: an IDL constant's name (`UPF_OK`), resolved through the
 * description's `constants`, or its value.
 */
export type ProtocolName = string | number;

/**
 * A test of one member of a structure: every test given must hold. Flags are bits of an integer member;
 * `notNull` tests a pointer member.
 */
export interface ProtocolCondition {
  readonly member: string;
  /** Every one of these flags is set. */
  readonly hasAll?: readonly ProtocolName[];
  /** At least one of these flags is set. */
  readonly hasAny?: readonly ProtocolName[];
  /** None of these flags is set. */
  readonly hasNone?: readonly ProtocolName[];
  /** The member is not null (true) or is null (false). */
  readonly notNull?: boolean;
}

/** A state a state can be entered from, with the condition the parent's structure must meet. */
export interface ProtocolParent {
  readonly state: string;
  /** Tested on the parent state's structure (as the client left it) when the child is entered. */
  readonly when?: ProtocolCondition;
  /** Where the pages state this edge (a URL); violations quote it. */
  readonly source?: string;
}

/**
 * The flag a client sets in a state's structure when it completed the state (UPF_OK), checked when the
 * state is left against the result the client recorded: a success result needs the flag, a failure result
 * forbids it. With `each`, the flag is in every element of a vector member instead (UPREAD.pupre[i]).
 */
export interface ProtocolOkFlag {
  readonly flag: ProtocolName;
  /** The member holding the flag; `ulFlags` when absent. With `each`, a member of each element. */
  readonly member?: string;
  /** A vector member of the structure whose every element carries the flag on success. */
  readonly each?: string;
  readonly source?: string;
}

/** A rule on a state's structure, checked when the state is left: when `if` holds (always, without `if`), `then` must. */
export interface ProtocolCheck {
  readonly if?: ProtocolCondition;
  readonly then: ProtocolCondition;
  readonly source?: string;
}

/** One state of the machine. */
export interface ProtocolState {
  readonly name: string;
  /** The value a state parameter passes for it (`LR_SYNC_UPLOAD_HIERARCHY` = 2); `constants[name]` when absent. */
  readonly value?: number;
  /** The structure entering the state allocates and returns (a key of the type library's structs). */
  readonly structure?: string;
  /** The states it can be entered from: names, or edges with a condition on the parent's structure. */
  readonly parents?: readonly (string | ProtocolParent)[];
  /** The structure's success flag, checked against the recorded result when the state is left. */
  readonly ok?: ProtocolOkFlag;
  /** Further rules on the structure, checked when the state is left. */
  readonly checks?: readonly ProtocolCheck[];
  /** The initial state only: why it is never entered; an enter call naming it is refused with this reason. */
  readonly neverEntered?: string;
  /** The state's page (a URL). */
  readonly source?: string;
}

interface RoleCommon {
  /**
   * Flags parameters may carry: parameter name -> the flags allowed (an empty list: the value must be 0).
   * A value with any other bit set breaks rule `known-flags`.
   */
  readonly flags?: Readonly<Record<string, readonly ProtocolName[]>>;
  /** Where the pages describe the method (a URL). */
  readonly source?: string;
}

/** The first call of a session (InitSync). */
export interface InitRole extends RoleCommon {
  readonly role: 'init';
}

interface EnterCommon extends RoleCommon {
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
export interface ResultRole extends RoleCommon {
  readonly role: 'result';
  readonly parameter: string;
}

/** Leaves the current state for its parent (SyncEnd, SyncHdrEnd). */
export interface LeaveRole extends RoleCommon {
  readonly role: 'leave';
  /** The state must have a recorded result before it is left. */
  readonly requiresResult?: boolean;
}

/** Returns the last violation as a MAPIERROR through an [out] parameter (GetLastError). */
export interface LastErrorRole extends RoleCommon {
  readonly role: 'last-error';
  readonly out: string;
}

/** Stores [in] parameters into named properties: `{ "lpulMin": "min" }`. A null argument leaves the property. */
export interface SetRole extends RoleCommon {
  readonly role: 'set';
  readonly fields: Readonly<Record<string, string>>;
}

/** Gives [out] parameters the values of named properties: `{ "lpulMin": "min" }`. */
export interface GetRole extends RoleCommon {
  readonly role: 'get';
  readonly fields: Readonly<Record<string, string>>;
}

/** Only recorded, answering S_OK: what every method without a role does; the role says so explicitly. */
export interface RecordRole extends RoleCommon {
  readonly role: 'record';
}

export type RecorderRole = SetRole | GetRole | RecordRole;
export type MethodRole = InitRole | EnterRole | ResultRole | LeaveRole | LastErrorRole | RecorderRole;
export type RoleName = MethodRole['role'];

/** The rules a state machine fake checks; a violation names one. */
export type ProtocolRule =
  | 'init-first'
  | 'init-once'
  | 'known-state'
  | 'initial-state'
  | 'enter-from-parent'
  | 'enter-condition'
  | 'result-in-state'
  | 'paired-leave'
  | 'leave-in-state'
  | 'result-before-leave'
  | 'ok-flag'
  | 'structure-check'
  | 'known-flags'
  | 'refused-by-fake';

export const protocolRules: readonly ProtocolRule[] = [
  'init-first',
  'init-once',
  'known-state',
  'initial-state',
  'enter-from-parent',
  'enter-condition',
  'result-in-state',
  'paired-leave',
  'leave-in-state',
  'result-before-leave',
  'ok-flag',
  'structure-check',
  'known-flags',
  'refused-by-fake',
];

/** A state machine: the fake checks every call against the rules and keeps the stack of states. */
export interface StateMachineProtocol {
  readonly kind?: 'state-machine';
  readonly interface: string;
  /** The state before InitSync and after the last leave (LR_SYNC_IDLE). */
  readonly initial: string;
  /** The HRESULT a violating call returns: a name (`E_UNEXPECTED`), `0x8000ffff`, or a number. */
  readonly violation: string | number;
  /**
   * The values of the names the description uses (states, flags): what generation fills in from the IDL,
   * so that the description needs nothing else at run time.
   */
  readonly constants?: Readonly<Record<string, number>>;
  /**
   * Where the pages are silent and the fake decides: rule name (or `violation`, for the HRESULT) -> what the
   * fake does and why. A violation of such a rule says that it is the fake's choice.
   */
  readonly choices?: Readonly<Partial<Record<ProtocolRule | 'violation', string>>>;
  readonly states: readonly ProtocolState[];
  readonly methods: Readonly<Record<string, MethodRole>>;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** A recorder: every call is recorded and answers S_OK; `set`/`get` methods use `properties`. */
export interface RecorderProtocol {
  readonly kind: 'recorder';
  readonly interface: string;
  readonly methods?: Readonly<Record<string, RecorderRole>>;
  /** The values of names the description uses (a property value that names a constant). */
  readonly constants?: Readonly<Record<string, number>>;
  /** Initial property values (`{ "min": 1, "max": 1000, "flags": "MAPI_TOP_LEVEL" }`). */
  readonly properties?: Readonly<Record<string, unknown>>;
}

export type ProtocolDescription = StateMachineProtocol | RecorderProtocol;

/**
 * A generated protocol description as the mocks package exports it: a frozen copy whose objects have no
 * prototype (they are keyed by method, parameter, property and constant names from the IDL).
 */
export function defineProtocol(description: ProtocolDescription): ProtocolDescription {
  return freezeData(description);
}

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

/** The parent edges of a state, names turned into edges. */
export function parentEdges(state: ProtocolState): ProtocolParent[] {
  return (state.parents ?? []).map((p) => (typeof p === 'string' ? { state: p } : p));
}

/** The value of a name: a number as it is, a name through `constants`; undefined when unknown. */
export function protocolValue(name: ProtocolName, constants: Readonly<Record<string, number>> | undefined): number | undefined {
  if (typeof name === 'number') return name;
  return constants !== undefined && Object.hasOwn(constants, name) ? constants[name] : undefined;
}

/** `UPS_UPLOAD_ONLY and UPS_ONE_FOLDER`, `A, B or C`. */
function nameList(names: readonly ProtocolName[], word: 'and' | 'or'): string {
  const shown = names.map((n) => (typeof n === 'number' ? `0x${(n >>> 0).toString(16)}` : n));
  return shown.length < 2 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} ${word} ${shown[shown.length - 1]}`;
}

/** Reads a condition: `SYNC.ulFlags carries UPS_UPLOAD_ONLY and UPS_ONE_FOLDER`. */
export function describeCondition(condition: ProtocolCondition, structure: string): string {
  const subject = `${structure}.${condition.member}`;
  const parts: string[] = [];
  if (condition.hasAll?.length) parts.push(`carries ${nameList(condition.hasAll, 'and')}`);
  if (condition.hasAny?.length) parts.push(`carries ${condition.hasAny.length > 1 ? 'one of ' : ''}${nameList(condition.hasAny, 'or')}`);
  if (condition.hasNone?.length) parts.push(`carries ${condition.hasNone.length > 1 ? 'none of ' : 'no '}${nameList(condition.hasNone, 'or')}`);
  if (condition.notNull !== undefined) parts.push(condition.notNull ? 'is not null' : 'is null');
  return `${subject} ${parts.join(' and ')}`;
}

/** The bits of an integer member (unsigned), or undefined when the member holds no integer. */
function bitsOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value >>> 0;
  if (typeof value === 'bigint') return Number(BigInt.asUintN(32, value));
  return undefined;
}

/** Whether `structure` meets `condition` (names resolved through `constants`; an unknown name never matches). */
export function meetsCondition(
  structure: unknown,
  condition: ProtocolCondition,
  constants: Readonly<Record<string, number>> | undefined,
): boolean {
  const value = typeof structure === 'object' && structure !== null ? (structure as Record<string, unknown>)[condition.member] : undefined;
  const flag = (name: ProtocolName): number | undefined => {
    const v = protocolValue(name, constants);
    return v === undefined ? undefined : v >>> 0;
  };
  const bits = bitsOf(value);
  const has = (name: ProtocolName): boolean => {
    const f = flag(name);
    return bits !== undefined && f !== undefined && (bits & f) === f;
  };
  if (condition.hasAll !== undefined && !condition.hasAll.every(has)) return false;
  if (condition.hasAny !== undefined && condition.hasAny.length > 0 && !condition.hasAny.some(has)) return false;
  if (condition.hasNone !== undefined && condition.hasNone.some((n) => bits === undefined || has(n))) return false;
  if (condition.notNull !== undefined && (value !== null && value !== undefined) !== condition.notNull) return false;
  return true;
}

/** `0x00010001`, the way messages show a flag member. */
export function formatFlags(value: unknown): string {
  const bits = bitsOf(value);
  return bits === undefined ? String(value) : `0x${bits.toString(16).padStart(8, '0')}`;
}
