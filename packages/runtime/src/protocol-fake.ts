/**
 * Protocol fakes: a COM object that plays the server side of an interface from its protocol description.
 * A state machine fake (IOSTX) keeps the stack of entered states, allocates each state's structure, checks
 * every call against the protocol's rules (parents and their conditions, results, success flags, the
 * structure checks, the flags parameters may carry) and records transitions, completed states and
 * violations; a recording fake (IMAPIProgress, IMAPISyncProgressCallback) records every call as an event and
 * answers `get` methods from properties that `set` methods store.
 */
import { nameRecord, setMember } from './records.js';
import { ComDouble } from './com-double.js';
import { formatArguments, formatValue } from './format.js';
import { E_UNEXPECTED, S_OK, hresultName, type HRESULT } from './hresult.js';
import { cloneValue, zeroStruct, type InterfaceLayout, type SlotLayout, type TypeLibrary } from './layout.js';
import { lentStructures, type LentStructure, type StructureLender } from './lending.js';
import { MockError } from './mock.js';
import {
  describeCondition,
  formatFlags,
  isRecorderProtocol,
  meetsCondition,
  parentEdges,
  protocolHresult,
  protocolValue,
  type EnterRole,
  type GetRole,
  type LastErrorRole,
  type LeaveRole,
  type MethodRole,
  type ProtocolDescription,
  type ProtocolParent,
  type ProtocolRule,
  type ProtocolState,
  type ResultRole,
  type SetRole,
  type StateMachineProtocol,
  formatProtocolProblems,
} from './protocol.js';
import { checkLeave } from './protocol-leave.js';
import { validateProtocol } from './protocol-validate.js';

/** A call that broke a rule: it returned the protocol's violation HRESULT and changed nothing. */
export interface ProtocolViolation {
  readonly rule: ProtocolRule;
  readonly method: string;
  /** `IOSTX::SyncBeg(LR_SYNC_UPLOAD_TABLE): state ... (rule: enter-from-parent)`. */
  readonly message: string;
}

export interface ProtocolTransition {
  readonly method: string;
  readonly from: string;
  readonly to: string;
}

/** An entered state, on the stack (in a hook of a typed fake, `structure` has the state's structure type). */
export interface ProtocolFrame<S = unknown> {
  readonly state: string;
  /** The state's value (what a state parameter passes). */
  readonly value: number | undefined;
  /** The enter method (SyncBeg, SyncHdrBeg). */
  readonly enteredBy: string;
  /** The structure handed out on entry (null for a state without one). */
  readonly structure: S;
  /** The result recorded in the state (SetSyncResult), if any. */
  readonly result: HRESULT | undefined;
  readonly hasResult: boolean;
}

/** A state that was left: its structure as the client left it, and the result recorded in it. */
export interface CompletedState {
  readonly state: string;
  readonly structure: unknown;
  readonly result: HRESULT | undefined;
}

/** One recorded call: its in values ([in, out] values as passed) by parameter name. */
export interface ProtocolEvent {
  readonly method: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/**
 * Thrown by an enter hook to refuse the call (rule `refused-by-fake`): the call returns `hresult` (the
 * protocol's violation HRESULT when absent) and changes nothing; `message` says why, and that the refusal is
 * the fake's, not a rule of the pages.
 */
export class ProtocolRefusal extends Error {
  constructor(
    message: string,
    readonly hresult?: HRESULT,
  ) {
    super(message);
    this.name = 'ProtocolRefusal';
  }
}

/**
 * Runs when a state is entered, after its structure is zero-initialized and before it is handed out: fills
 * the [out] members. Returning a failure HRESULT makes the enter method fail with it (no state entered);
 * throwing a ProtocolRefusal records the refusal as a violation.
 */
export type EnterHook<S = Record<string, unknown>> = (
  structure: S,
  frame: ProtocolFrame<S>,
  args: readonly unknown[],
) => void | HRESULT;

/** Runs when a state is left, after the rules passed and before it is popped (SyncHdrEnd: report through the progress object). */
export type LeaveHook<S = unknown> = (frame: ProtocolFrame<S>, args: readonly unknown[]) => void;

type Frame = { -readonly [K in keyof ProtocolFrame]: ProtocolFrame[K] };

/** A broken rule, while a call is answered; `answer` turns it into a recorded violation. */
class Violation extends Error {
  constructor(
    readonly rule: ProtocolRule,
    readonly text: string,
    readonly hresult?: HRESULT,
  ) {
    super(text);
  }
}

/**
 * The states of a protocol and the structure each hands out on entry (`null` for a state without one):
 * `{ LR_SYNC: SYNC; LR_SYNC_UPLOAD_HIERARCHY: UPHIER; ... }`. Generated per protocol description as
 * `<I>States`; a recorder's has no state.
 */
export type ProtocolStateMap = object;

/** The states of a fake given no ProtocolStateMap: any name (checked when the hook is added), an untyped structure. */
export type UntypedStates = { readonly [state: string]: Record<string, unknown> };

/** The names of the states of S. */
export type StateName<S> = keyof S & string;

export class ProtocolFake<T, S extends ProtocolStateMap = UntypedStates> extends ComDouble<T> implements StructureLender {
  /** The description the fake plays; undefined for a plain recorder. */
  declare readonly description: ProtocolDescription | undefined;
  /** Successful enters and leaves, in order. */
  readonly transitions: ProtocolTransition[] = [];
  readonly violations: ProtocolViolation[] = [];
  /** Left states, in the order they were left (innermost first). */
  readonly completed: CompletedState[] = [];
  /** Every call but IUnknown's, in order, with in values by parameter name. */
  readonly events: ProtocolEvent[] = [];
  /** What `set` methods store and `get` methods return; starts as the description's `properties`. */
  readonly properties: Record<string, unknown>;

  readonly #roles: ReadonlyMap<string, MethodRole>;
  readonly #states: ReadonlyMap<string, ProtocolState>;
  readonly #constants: Readonly<Record<string, number>>;
  readonly #choices: StateMachineProtocol['choices'];
  readonly #fixedBy = new Map<string, string>();
  readonly #initial: string;
  readonly #violation: HRESULT;
  readonly #hasInit: boolean;
  readonly #enterHooks = new Map<string, EnterHook<never>[]>();
  readonly #leaveHooks = new Map<string, LeaveHook[]>();
  #stack: Frame[] = [];
  #initialized = false;
  #lastError: string | undefined;

  constructor(layout: InterfaceLayout, types: TypeLibrary, description?: ProtocolDescription) {
    super(layout, types, 'fake');
    if (description) {
      const problems = validateProtocol(description, layout, types.structs);
      if (problems.length) {
        throw new TypeError(`invalid protocol description for ${layout.name}:\n${formatProtocolProblems(problems)}`);
      }
    }
    Object.defineProperty(this, 'description', { value: description });
    this.#constants = Object.assign(nameRecord<number>(), description?.constants ?? {});
    // Keyed by property names from the description: without prototype, each name a key like any other.
    const properties = nameRecord<unknown>();
    for (const [key, value] of Object.entries(description?.properties ?? {})) {
      setMember(properties, key, cloneValue(typeof value === 'string' ? (protocolValue(value, this.#constants) ?? value) : value));
    }
    this.properties = properties;
    this.#roles = new Map(Object.entries(description?.methods ?? {}).filter(([name]) => !name.startsWith('$')));
    if (description && !isRecorderProtocol(description)) {
      this.#initial = description.initial;
      this.#violation = protocolHresult(description.violation) ?? E_UNEXPECTED;
      const states = description.states.map((s) => ({ ...s, value: s.value ?? protocolValue(s.name, this.#constants) }));
      if (!states.some((s) => s.name === this.#initial)) {
        states.unshift({ name: this.#initial, value: protocolValue(this.#initial, this.#constants) });
      }
      this.#states = new Map(states.map((s) => [s.name, s]));
      this.#choices = description.choices;
    } else {
      this.#initial = '';
      this.#violation = E_UNEXPECTED;
      this.#states = new Map();
      this.#choices = undefined;
    }
    for (const [name, role] of this.#roles) if (role.role === 'enter' && role.state) this.#fixedBy.set(role.state, name);
    this.#hasInit = [...this.#roles.values()].some((r) => r.role === 'init');
  }

  /** The current state: the innermost entered one, or the initial state ('' for a recorder). */
  get state(): string {
    return this.#top()?.state ?? this.#initial;
  }

  /** The entered states, outermost first. */
  get stack(): readonly ProtocolFrame[] {
    return [...this.#stack];
  }

  /**
   * Fills the structure of `state` when it is entered (hooks run in the order they were added). Typed from
   * the protocol: a state it lacks, or a hook taking another structure, does not compile.
   */
  onEnter<K extends StateName<S>>(state: K, hook: EnterHook<S[K]>): this {
    this.#knownState(state, 'onEnter');
    this.#enterHooks.set(state, [...(this.#enterHooks.get(state) ?? []), hook as EnterHook<never>]);
    return this;
  }

  /** Runs `hook` when `state` is left successfully, before the frame is popped. */
  onLeave<K extends StateName<S>>(state: K, hook: LeaveHook<S[K]>): this {
    this.#knownState(state, 'onLeave');
    this.#leaveHooks.set(state, [...(this.#leaveHooks.get(state) ?? []), hook as LeaveHook]);
    return this;
  }

  /** Throws a MockError unless the fake is back in its initial state and no call broke a rule. */
  assertIdle(): void {
    const problems: string[] = [];
    if (this.#stack.length) {
      problems.push(
        `the current state is ${this.state}, not ${this.#initial} ` +
          `(entered: ${this.#stack.map((f) => `${f.state} by ${f.enteredBy}`).join(' > ')})`,
      );
    }
    problems.push(...this.violations.map((v) => v.message));
    const hresult = this.#choices?.violation;
    if (this.violations.some((v) => v.rule !== 'refused-by-fake') && hresult !== undefined) {
      problems.push(`each violation returned ${hresultName(this.#violation)} (the fake's choice: ${hresult})`);
    }
    if (problems.length) {
      throw new MockError(`${this.layout.name} fake is not idle:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    }
  }

  /** The structures of the entered states: what a connection keeps in step with the caller's copies. */
  [lentStructures](): readonly LentStructure[] {
    const lent: LentStructure[] = [];
    for (const frame of this.#stack) {
      const struct = this.#states.get(frame.state)?.structure;
      if (struct !== undefined && typeof frame.structure === 'object' && frame.structure !== null) {
        lent.push({ value: frame.structure, struct });
      }
    }
    return lent;
  }

  protected answer(slot: SlotLayout, args: unknown[]): unknown {
    if (slot.index > 2) this.events.push({ method: slot.name, args: this.#inValues(slot, args) });
    if (slot.placeholder || slot.index < 3) return this.comDefault(slot, args);
    const role = this.#roles.get(slot.name);
    try {
      if (role?.flags !== undefined) this.#checkFlags(slot, role, args);
      switch (role?.role) {
        case 'init':
          return this.#init();
        case 'enter':
          return this.#enter(slot, role, args);
        case 'result':
          return this.#result(slot, role, args);
        case 'leave':
          return this.#leave(slot, role, args);
        case 'last-error':
          return this.#reportLastError(slot, role, args);
        case 'set':
          return this.#set(slot, role, args);
        case 'get':
          return this.#get(slot, role, args);
        default:
          return this.plainResult(slot);
      }
    } catch (error) {
      const violation =
        error instanceof ProtocolRefusal
          ? new Violation('refused-by-fake', `${error.message} (the fake's choice: the pages do not say)`, error.hresult)
          : error;
      if (!(violation instanceof Violation)) throw error;
      const label = role?.role === 'enter' ? this.#stateLabel(slot, role, args) : formatArguments(slot, args);
      const choice = this.#choices?.[violation.rule];
      const message =
        `${this.layout.name}::${slot.name}(${label}): ${violation.text} ` +
        `(rule: ${violation.rule}${choice ? `; the fake's choice: ${choice}` : ''})`;
      this.violations.push({ rule: violation.rule, method: slot.name, message });
      this.#lastError = message;
      return violation.hresult ?? this.#violation;
    }
  }

  #init(): HRESULT {
    if (this.#stack.length) {
      throw new Violation(
        'init-once',
        `a session is under way, the current state is ${this.state}; a new one can start only in ${this.#initial}`,
      );
    }
    this.#initialized = true;
    return S_OK;
  }

  #enter(slot: SlotLayout, role: EnterRole, args: unknown[]): HRESULT {
    const initMethod = [...this.#roles].find(([, r]) => r.role === 'init')?.[0];
    if (this.#hasInit && !this.#initialized) {
      throw new Violation('init-first', `${initMethod} must be the first call of a session, and it has not been called`);
    }
    const state = this.#targetState(slot, role, args);
    const from = this.state;
    this.#checkParent(state, from);
    const structure = state.structure ? zeroStruct(this.types.structs, state.structure) : null;
    const frame: Frame = {
      state: state.name,
      value: state.value,
      enteredBy: slot.name,
      structure,
      result: undefined,
      hasResult: false,
    };
    for (const hook of this.#enterHooks.get(state.name) ?? []) {
      const hr = (hook as EnterHook<unknown>)(structure, frame, args);
      if (typeof hr === 'number' && hr < 0) return hr;
    }
    const box = role.structureParameter ? args[this.#parameterIndex(slot, role.structureParameter)] : undefined;
    if (typeof box === 'object' && box !== null) (box as { value: unknown }).value = structure;
    this.#stack.push(frame);
    this.transitions.push({ method: slot.name, from, to: state.name });
    return S_OK;
  }

  /** Throws unless `state` may be entered from `from`: a parent edge from it whose condition the parent's structure meets. */
  #checkParent(state: ProtocolState, from: string): void {
    const edges = parentEdges(state);
    const fromHere = edges.filter((e) => e.state === from);
    if (fromHere.length === 0) {
      throw new Violation(
        'enter-from-parent',
        `state ${state.name} can only be entered from ${edges.map((e) => e.state).join(' or ')}, the current state is ${from}`,
      );
    }
    const parent = this.#top();
    if (fromHere.some((e) => e.when === undefined || meetsCondition(parent?.structure, e.when, this.#constants))) return;
    const edge = fromHere[0] as ProtocolParent & { when: NonNullable<ProtocolParent['when']> };
    const structure = this.#states.get(from)?.structure ?? from;
    const actual = (parent?.structure as Record<string, unknown> | null | undefined)?.[edge.when.member];
    const others = edges.filter((e) => e.state !== from).map((e) => e.state);
    throw new Violation(
      'enter-condition',
      `state ${state.name} can be entered from ${from} only when ${describeCondition(edge.when, structure)}, ` +
        `and ${structure}.${edge.when.member} is ${edge.when.notNull === undefined ? formatFlags(actual) : formatValue(actual)}` +
        `${others.length ? `; otherwise it is entered from ${others.join(' or ')}` : ''}${edge.source ? ` (${edge.source})` : ''}`,
    );
  }

  /** The state an enter call names; a known-state or initial-state violation when it names none this method can enter. */
  #targetState(slot: SlotLayout, role: EnterRole, args: readonly unknown[]): ProtocolState {
    const name = role.state ?? this.#stateByValue(args[this.#parameterIndex(slot, role.stateParameter)])?.name;
    const state = name === undefined ? undefined : this.#states.get(name);
    if (!state || name === undefined) {
      const known = [...this.#states.values()].map((s) => `${s.name} ${s.value}`).join(', ');
      const value = formatValue(args[this.#parameterIndex(slot, role.stateParameter ?? '')]);
      throw new Violation('known-state', `${value} is not a state of ${this.layout.name} (states: ${known})`);
    }
    if (name === this.#initial) {
      const why = state.neverEntered ?? 'it is returned to by leaving, never entered';
      throw new Violation('initial-state', `${name} is the initial state: ${why}${state.source ? ` (${state.source})` : ''}`);
    }
    const fixedBy = this.#fixedBy.get(name);
    if (fixedBy && fixedBy !== slot.name) {
      throw new Violation('known-state', `state ${name} is entered by ${fixedBy}, not ${slot.name}`);
    }
    return state;
  }

  #result(slot: SlotLayout, role: ResultRole, args: readonly unknown[]): HRESULT {
    const top = this.#top();
    if (!top) {
      throw new Violation(
        'result-in-state',
        `there is no state to record a result for, the current state is the initial state ${this.#initial}`,
      );
    }
    top.result = args[this.#parameterIndex(slot, role.parameter)] as HRESULT;
    top.hasResult = true;
    return S_OK;
  }

  #leave(slot: SlotLayout, role: LeaveRole, args: readonly unknown[]): HRESULT {
    const top = this.#top();
    if (!top) {
      throw new Violation(
        'leave-in-state',
        `there is no state to leave, the current state is the initial state ${this.#initial}`,
      );
    }
    const entering = this.#roles.get(top.enteredBy) as EnterRole;
    if (entering.pairedWith !== slot.name) {
      throw new Violation(
        'paired-leave',
        `the current state ${top.state} was entered by ${top.enteredBy} and is left by ${entering.pairedWith}, not ${slot.name}`,
      );
    }
    const resultMethod = [...this.#roles].find(([, r]) => r.role === 'result')?.[0];
    if (role.requiresResult && !top.hasResult) {
      throw new Violation('result-before-leave', `state ${top.state} has no result; call ${resultMethod} before ${slot.name}`);
    }
    const state = this.#states.get(top.state)!;
    const broken = checkLeave(state, top, this.#constants, resultMethod ?? 'the result method');
    if (broken !== undefined) throw new Violation(broken.rule, broken.text);
    for (const hook of this.#leaveHooks.get(top.state) ?? []) hook(top, args);
    this.#stack.pop();
    this.completed.push({ state: top.state, structure: top.structure, result: top.result });
    this.transitions.push({ method: slot.name, from: top.state, to: this.state });
    return S_OK;
  }

  /** `known-flags`: a parameter carries a flag the description does not list for it. */
  #checkFlags(slot: SlotLayout, role: MethodRole, args: readonly unknown[]): void {
    for (const [parameter, allowed] of Object.entries(role.flags ?? {})) {
      const value = args[this.#parameterIndex(slot, parameter)];
      let mask = 0;
      for (const flag of allowed) mask |= (protocolValue(flag, this.#constants) ?? 0) >>> 0;
      const bits = typeof value === 'number' ? value >>> 0 : undefined;
      if (bits !== undefined && (bits & ~mask) >>> 0 === 0) continue;
      const takes = allowed.length ? `it takes ${allowed.join(', ')}` : 'it must be 0';
      throw new Violation(
        'known-flags',
        `${parameter} = ${formatFlags(value)} carries flags ${this.layout.name}::${slot.name} does not take (${takes})` +
          `${role.source ? ` (${role.source})` : ''}`,
      );
    }
  }

  #reportLastError(slot: SlotLayout, role: LastErrorRole, args: readonly unknown[]): HRESULT {
    const box = args[this.#parameterIndex(slot, role.out)];
    if (typeof box === 'object' && box !== null) {
      (box as { value: unknown }).value =
        this.#lastError === undefined
          ? null
          : {
              ulVersion: 0,
              lpszError: this.#lastError,
              lpszComponent: `${this.layout.name} fake`,
              ulLowLevelError: 0,
              ulContext: 0,
            };
    }
    return S_OK;
  }

  #set(slot: SlotLayout, role: SetRole, args: readonly unknown[]): HRESULT {
    for (const [parameter, property] of Object.entries(role.fields)) {
      const index = this.#parameterIndex(slot, parameter);
      const value = slot.parameters[index].direction === 'in' ? args[index] : (args[index] as { value?: unknown } | null)?.value;
      if (value !== null && value !== undefined) setMember(this.properties, property, value);
    }
    return S_OK;
  }

  #get(slot: SlotLayout, role: GetRole, args: readonly unknown[]): HRESULT {
    for (const [parameter, property] of Object.entries(role.fields)) {
      const box = args[this.#parameterIndex(slot, parameter)];
      if (typeof box === 'object' && box !== null) (box as { value: unknown }).value = Object.hasOwn(this.properties, property) ? this.properties[property] : undefined;
    }
    return S_OK;
  }

  /** `LR_SYNC_UPLOAD_TABLE` for an enter call (the raw value when it names no state). */
  #stateLabel(slot: SlotLayout, role: EnterRole, args: readonly unknown[]): string {
    if (role.state !== undefined) return role.state;
    const value = args[this.#parameterIndex(slot, role.stateParameter)];
    return this.#stateByValue(value)?.name ?? formatValue(value);
  }

  #stateByValue(value: unknown): ProtocolState | undefined {
    for (const state of this.#states.values()) if (state.value === value) return state;
    return undefined;
  }

  #inValues(slot: SlotLayout, args: readonly unknown[]): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    slot.parameters.forEach((p, i) => {
      if (p.direction === 'in') setMember(values, p.name, args[i]);
      else if (p.direction === 'in,out') setMember(values, p.name, (args[i] as { value?: unknown } | null | undefined)?.value);
    });
    return values;
  }

  #parameterIndex(slot: SlotLayout, name: string): number {
    return slot.parameters.findIndex((p) => p.name === name);
  }

  #top(): Frame | undefined {
    return this.#stack[this.#stack.length - 1];
  }

  #knownState(state: string, what: string): void {
    if (!this.#states.has(state)) {
      throw new TypeError(`${what}: ${this.layout.name} has no state '${state}' (states: ${[...this.#states.keys()].join(', ')})`);
    }
  }
}

