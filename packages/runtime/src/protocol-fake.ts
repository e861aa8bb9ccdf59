/**
 * Protocol fakes: a COM object that plays the server side of an interface from its protocol description.
 * A state machine fake (IOSTX) keeps the stack of entered states, allocates each state's structure, checks
 * every call against the protocol's rules and records transitions, completed states and violations; a
 * recording fake (IMAPIProgress, IMAPISyncProgressCallback) records every call as an event and answers
 * `get` methods from properties that `set` methods store.
 */
import { ComDouble } from './com-double.js';
import { formatArguments, formatValue } from './format.js';
import { E_UNEXPECTED, S_OK, type HRESULT } from './hresult.js';
import { cloneValue, zeroStruct, type InterfaceLayout, type SlotLayout, type TypeLibrary } from './layout.js';
import { MockError } from './mock.js';
import {
  formatProtocolProblems,
  isRecorderProtocol,
  protocolHresult,
  validateProtocol,
  type EnterRole,
  type GetRole,
  type LastErrorRole,
  type LeaveRole,
  type MethodRole,
  type ProtocolDescription,
  type ProtocolRule,
  type ProtocolState,
  type ResultRole,
  type SetRole,
} from './protocol.js';

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

/** An entered state, on the stack. */
export interface ProtocolFrame {
  readonly state: string;
  /** The state's value (what a state parameter passes). */
  readonly value: number | undefined;
  /** The enter method (SyncBeg, SyncHdrBeg). */
  readonly enteredBy: string;
  /** The structure handed out on entry (null for a state without one). */
  readonly structure: unknown;
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
 * Runs when a state is entered, after its structure is zero-initialized and before it is handed out: fills
 * the [out] members. Returning a failure HRESULT makes the enter method fail with it (no state entered).
 */
export type EnterHook<S = Record<string, unknown>> = (
  structure: S,
  frame: ProtocolFrame,
  args: readonly unknown[],
) => void | HRESULT;

/** Runs when a state is left, before it is popped (SyncHdrEnd: report through the progress object). */
export type LeaveHook = (frame: ProtocolFrame, args: readonly unknown[]) => void;

type Frame = { -readonly [K in keyof ProtocolFrame]: ProtocolFrame[K] };

class Violation extends Error {
  constructor(
    readonly rule: ProtocolRule,
    readonly text: string,
  ) {
    super(text);
  }
}

export class ProtocolFake<T> extends ComDouble<T> {
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
    this.properties = cloneValue({ ...(description?.properties ?? {}) });
    this.#roles = new Map(Object.entries(description?.methods ?? {}).filter(([name]) => !name.startsWith('$')));
    if (description && !isRecorderProtocol(description)) {
      this.#initial = description.initial;
      this.#violation = protocolHresult(description.violation) ?? E_UNEXPECTED;
      this.#states = new Map(description.states.map((s) => [s.name, s]));
    } else {
      this.#initial = '';
      this.#violation = E_UNEXPECTED;
      this.#states = new Map();
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

  /** Fills the structure of `state` when it is entered (hooks run in the order they were added). */
  onEnter<S = Record<string, unknown>>(state: string, hook: EnterHook<S>): this {
    this.#knownState(state, 'onEnter');
    this.#enterHooks.set(state, [...(this.#enterHooks.get(state) ?? []), hook as EnterHook<never>]);
    return this;
  }

  /** Runs `hook` when `state` is left successfully, before the frame is popped. */
  onLeave(state: string, hook: LeaveHook): this {
    this.#knownState(state, 'onLeave');
    this.#leaveHooks.set(state, [...(this.#leaveHooks.get(state) ?? []), hook]);
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
    if (problems.length) {
      throw new MockError(`${this.layout.name} fake is not idle:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    }
  }

  protected answer(slot: SlotLayout, args: unknown[]): unknown {
    if (slot.index > 2) this.events.push({ method: slot.name, args: this.#inValues(slot, args) });
    if (slot.placeholder || slot.index < 3) return this.comDefault(slot, args);
    const role = this.#roles.get(slot.name);
    try {
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
      if (!(error instanceof Violation)) throw error;
      const label = role?.role === 'enter' ? this.#stateLabel(slot, role, args) : formatArguments(slot, args);
      const message = `${this.layout.name}::${slot.name}(${label}): ${error.text} (rule: ${error.rule})`;
      this.violations.push({ rule: error.rule, method: slot.name, message });
      this.#lastError = message;
      return this.#violation;
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
    const parents = state.parents ?? [];
    if (!parents.includes(from)) {
      throw new Violation(
        'enter-from-parent',
        `state ${state.name} can only be entered from ${parents.join(' or ')}, the current state is ${from}`,
      );
    }
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

  /** The state an enter call names; a known-state violation when it names none this method can enter. */
  #targetState(slot: SlotLayout, role: EnterRole, args: readonly unknown[]): ProtocolState {
    const name = role.state ?? this.#stateByValue(args[this.#parameterIndex(slot, role.stateParameter)])?.name;
    const state = name === undefined ? undefined : this.#states.get(name);
    if (!state || name === undefined) {
      const known = [...this.#states.values()].map((s) => `${s.name} ${s.value}`).join(', ');
      const value = formatValue(args[this.#parameterIndex(slot, role.stateParameter ?? '')]);
      throw new Violation('known-state', `${value} is not a state of ${this.layout.name} (states: ${known})`);
    }
    if (name === this.#initial) {
      throw new Violation('known-state', `${name} is the initial state; it is returned to by leaving, never entered`);
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
    if (role.requiresResult && !top.hasResult) {
      const resultMethod = [...this.#roles].find(([, r]) => r.role === 'result')?.[0];
      throw new Violation(
        'result-before-leave',
        `state ${top.state} has no result; call ${resultMethod} before ${slot.name}`,
      );
    }
    for (const hook of this.#leaveHooks.get(top.state) ?? []) hook(top, args);
    this.#stack.pop();
    this.completed.push({ state: top.state, structure: top.structure, result: top.result });
    this.transitions.push({ method: slot.name, from: top.state, to: this.state });
    return S_OK;
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
      if (value !== null && value !== undefined) this.properties[property] = value;
    }
    return S_OK;
  }

  #get(slot: SlotLayout, role: GetRole, args: readonly unknown[]): HRESULT {
    for (const [parameter, property] of Object.entries(role.fields)) {
      const box = args[this.#parameterIndex(slot, parameter)];
      if (typeof box === 'object' && box !== null) (box as { value: unknown }).value = this.properties[property];
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
      if (p.direction === 'in') values[p.name] = args[i];
      else if (p.direction === 'in,out') values[p.name] = (args[i] as { value?: unknown } | null | undefined)?.value;
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
