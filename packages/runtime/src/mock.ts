/**
 * Programmable mocks of COM interfaces. A generated `IOSTXMock extends ComMock<IOSTX, IOSTXOutParameters>`
 * has one Jest mock function per vtable slot (`mock-method.ts`); `on()` programs answers, `expect()` programs calls that must
 * come in order, `verify()` reports what did not happen and what should not have.
 */
import { ComDouble, type MockMethodName, type MockMethodOf, type MockCall } from './com-double.js';
import type { InterfaceLayout, SlotLayout, TypeLibrary } from './layout.js';
import { formatValue } from './format.js';
import { isMatcher, toMatcher, type Matcher } from './matchers.js';
import type { MockableFunction } from './mock-method.js';

export interface MockOptions {
  /**
   * Refuse (throw a MockError for) every call that no `on()` or `expect()` covers. QueryInterface, AddRef
   * and Release keep their COM answers unless programmed, since connections call them on their own.
   */
  readonly strict?: boolean;
}

/** A mock refusing a call, or `verify()` finding problems. */
export class MockError extends Error {
  /** The refused call, when there is one. */
  readonly call: MockCall | undefined;

  constructor(message: string, call?: MockCall) {
    super(message);
    this.name = 'MockError';
    this.call = call;
  }
}

/** Matchers for the leading arguments of a method; arguments without one match anything. */
export type ArgumentMatchers<A extends readonly unknown[]> = { [I in keyof A]?: A[I] | Matcher };

/**
 * The [out] and [in, out] parameters of an interface's methods: per method name, its parameters' names
 * and the types of the values they receive (`{ SyncBeg: { ppv: LPVOID } }`). Generated per interface as
 * `<I>OutParameters`; a method it does not list has none.
 */
export type OutParameterMap = object;

/** What `.sets()` takes when the mock is given no OutParameterMap: any names, any values (checked when called). */
export type UntypedOutParameters = { readonly [method: string]: Readonly<Record<string, unknown>> };

/** What `.sets()` of method K takes: some of its [out] parameters, each with a value of its type; none for a method without. */
export type OutValues<O, K> = K extends keyof O ? Partial<O[K]> : Readonly<Record<string, never>>;

/** What `on()` and `expect()` return: how the mock answers the calls the matchers accept. */
export interface MockBehaviour<F extends MockableFunction = MockableFunction, S = Readonly<Record<string, unknown>>> {
  /** The return value (an HRESULT, or a count for AddRef/Release). */
  returns(value: ReturnType<F>): this;
  /**
   * Values for [out] and [in, out] parameters, by parameter name: `.sets({ ppv: sync })`. Typed from the
   * method's [out] parameters: a name it lacks, or a value of the wrong type, does not compile.
   */
  sets(values: S): this;
  /** Runs `action` with the call's arguments; a value it returns is the call's result. */
  does(action: (...args: Parameters<F>) => ReturnType<F> | void): this;
  /** Answers one call only (for `on()`), or must be met exactly once (for `expect()`, the default). */
  once(): this;
  /** Answers `count` calls (for `on()`), or must be met exactly `count` times (for `expect()`). */
  times(count: number): this;
  /** How many calls this behaviour has answered. */
  readonly callCount: number;
  /** `IOSTX::SyncBeg(uiSync = 1, ppv = any())`. */
  describe(): string;
}

/** One programmed behaviour, as the mock keeps it. */
interface Rule {
  readonly slot: SlotLayout;
  readonly matchers: readonly Matcher[];
  /** How many calls it answers (`on()`), or must answer (`expect()`). */
  limit: number;
  used: number;
  returns?: { value: unknown };
  sets: Array<{ index: number; value: unknown }>;
  does?: MockableFunction;
  readonly describe: () => string;
}

interface Problem {
  readonly message: string;
}

class Behaviour implements MockBehaviour {
  readonly #rule: Rule;
  readonly #interfaceName: string;

  constructor(rule: Rule, interfaceName: string) {
    this.#rule = rule;
    this.#interfaceName = interfaceName;
  }

  returns(value: unknown): this {
    this.#rule.returns = { value };
    return this;
  }

  sets(values: Readonly<Record<string, unknown>>): this {
    const { slot } = this.#rule;
    for (const [name, value] of Object.entries(values)) {
      const index = slot.parameters.findIndex((p) => p.name === name);
      const parameter = slot.parameters[index];
      if (!parameter || parameter.direction === 'in') {
        const outs = slot.parameters.filter((p) => p.direction !== 'in').map((p) => p.name);
        throw new TypeError(
          `${this.#interfaceName}::${slot.name} has no [out] parameter '${name}' ` +
            `(its [out] parameters: ${outs.length ? outs.join(', ') : 'none'})`,
        );
      }
      this.#rule.sets = this.#rule.sets.filter((s) => s.index !== index).concat({ index, value });
    }
    return this;
  }

  does(action: MockableFunction): this {
    this.#rule.does = action;
    return this;
  }

  once(): this {
    return this.times(1);
  }

  times(count: number): this {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`times(${count}): a behaviour answers a whole number of calls, at least 1`);
    }
    this.#rule.limit = count;
    return this;
  }

  get callCount(): number {
    return this.#rule.used;
  }

  describe(): string {
    return this.#rule.describe();
  }
}

export class ComMock<T, O extends OutParameterMap = UntypedOutParameters> extends ComDouble<T> {
  readonly #strict: boolean;
  #behaviours: Rule[] = [];
  #expectations: Rule[] = [];
  #problems: Problem[] = [];

  constructor(layout: InterfaceLayout, types: TypeLibrary, options: MockOptions = {}) {
    super(layout, types, 'mock');
    this.#strict = options.strict ?? false;
  }

  /** Programs the answer to calls of `method` whose arguments the matchers accept; later definitions win. */
  on<K extends MockMethodName<T>>(
    method: K,
    ...matchers: ArgumentMatchers<Parameters<MockMethodOf<T, K>>>
  ): MockBehaviour<MockMethodOf<T, K>, OutValues<O, K>> {
    const rule = this.#rule(method, matchers as unknown[], false);
    this.#behaviours.push(rule);
    return new Behaviour(rule, this.layout.name) as unknown as MockBehaviour<MockMethodOf<T, K>, OutValues<O, K>>;
  }

  /**
   * Expects a call of `method` whose arguments the matchers accept, after the calls expected before it
   * (once, or `.times(n)` times); it answers as `on()` would.
   */
  expect<K extends MockMethodName<T>>(
    method: K,
    ...matchers: ArgumentMatchers<Parameters<MockMethodOf<T, K>>>
  ): MockBehaviour<MockMethodOf<T, K>, OutValues<O, K>> {
    const rule = this.#rule(method, matchers as unknown[], true);
    this.#expectations.push(rule);
    return new Behaviour(rule, this.layout.name) as unknown as MockBehaviour<MockMethodOf<T, K>, OutValues<O, K>>;
  }

  /** Throws a MockError listing unmet expectations and refused calls (out of order, too many, not covered). */
  verify(): void {
    const problems = this.#expectations.flatMap((rule, i) =>
      rule.used < rule.limit
        ? [
            `expectation ${i + 1} of ${this.#expectations.length} not met: ${rule.describe()}, ` +
              `called ${rule.used} of ${rule.limit} time${rule.limit === 1 ? '' : 's'}`,
          ]
        : [],
    );
    problems.push(...this.#problems.map((p) => p.message));
    if (problems.length) {
      throw new MockError(
        `${this.layout.name} mock: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
          problems.map((p) => `  - ${p}`).join('\n'),
      );
    }
  }

  /**
   * Forgets calls, behaviours, expectations and problems, and each method's Jest programming
   * (`mockReset()`); the reference count starts again at 1.
   */
  reset(): void {
    this.clearCalls();
    this.#behaviours = [];
    this.#expectations = [];
    this.#problems = [];
  }

  protected answer(slot: SlotLayout, args: unknown[]): unknown {
    const call = `${this.describeCall(slot, args)} at slot ${slot.index}`;
    const expectations = this.#expectations;
    const currentIndex = expectations.findIndex((r) => r.used < r.limit);
    const current = currentIndex < 0 ? undefined : expectations[currentIndex];
    const expectedNext = current
      ? `expected ${current.describe()} (expectation ${currentIndex + 1} of ${expectations.length})`
      : undefined;

    if (current && this.#accepts(current, slot, args)) {
      current.used++;
      return this.#perform(current, slot, args);
    }
    if (current) {
      const laterIndex = expectations.findIndex(
        (r, i) => i > currentIndex && r.used < r.limit && this.#accepts(r, slot, args),
      );
      if (laterIndex >= 0) {
        const later = expectations[laterIndex];
        return this.#refuse(
          `out-of-order call ${call}: ${expectedNext} first; the call is expectation ${laterIndex + 1}, ` +
            `${later.describe()}`,
          slot,
          args,
          later,
        );
      }
    }
    const behaviour = findLast(this.#behaviours, (r) => r.used < r.limit && this.#accepts(r, slot, args));
    if (behaviour) {
      behaviour.used++;
      return this.#perform(behaviour, slot, args);
    }
    const next = expectedNext ? `; ${expectedNext} next` : '';
    const metIndex = expectations.findIndex((r) => r.used >= r.limit && this.#accepts(r, slot, args));
    if (metIndex >= 0) {
      const met = expectations[metIndex];
      return this.#refuse(
        `unexpected call ${call}: expectation ${metIndex + 1}, ${met.describe()}, was already met ` +
          `(${met.limit} time${met.limit === 1 ? '' : 's'})${next}`,
        slot,
        args,
        met,
      );
    }
    const placeholder = slot.placeholder ? ', a placeholder slot' : '';
    const uncovered = `unexpected call ${call}${placeholder}: no on() or expect() covers it${next}`;
    if (this.#strict && slot.index > 2) return this.#refuse(`${uncovered} (strict mode)`, slot, args);
    if (expectations.some((r) => r.slot === slot)) return this.#refuse(uncovered, slot, args);
    return this.comDefault(slot, args);
  }

  /** Records a problem; throws it in strict mode, answers with `fallback` (or the COM default) otherwise. */
  #refuse(message: string, slot: SlotLayout, args: unknown[], fallback?: Rule): unknown {
    this.#problems.push({ message });
    if (this.#strict) {
      throw new MockError(`${this.layout.name} mock: ${message}`, findLast(this.calls, (c) => c.slot === slot.index));
    }
    return fallback ? this.#perform(fallback, slot, args) : this.comDefault(slot, args);
  }

  #accepts(rule: Rule, slot: SlotLayout, args: readonly unknown[]): boolean {
    return rule.slot === slot && rule.matchers.every((m, i) => m.matches(args[i]));
  }

  #perform(rule: Rule, slot: SlotLayout, args: unknown[]): unknown {
    for (const { index, value } of rule.sets) {
      const box = args[index];
      if (typeof box === 'object' && box !== null) (box as { value: unknown }).value = value;
    }
    const done: unknown = rule.does?.(...args);
    if (done !== undefined) return done;
    if (rule.returns) return rule.returns.value;
    return rule.does || rule.sets.length ? this.plainResult(slot) : this.comDefault(slot, args);
  }

  #rule(method: string, given: readonly unknown[], ordered: boolean): Rule {
    const slot = this.slotNamed(method);
    if (given.length > slot.parameters.length) {
      throw new TypeError(
        `${this.layout.name}::${method} takes ${slot.parameters.length} argument` +
          `${slot.parameters.length === 1 ? '' : 's'}, ${given.length} matchers given`,
      );
    }
    const matchers = given.map((m) => toMatcher(m));
    const describe = (): string => {
      const shown = slot.parameters.map((p, i) => {
        if (i >= given.length) return `${p.name} = any()`;
        const g = given[i];
        const plain = !isMatcher(g) && !(typeof g === 'object' && g !== null && 'asymmetricMatch' in g);
        return `${p.name} = ${plain ? formatValue(g, p.type) : matchers[i].describe()}`;
      });
      return `${this.layout.name}::${method}(${shown.join(', ')})`;
    };
    return { slot, matchers, limit: ordered ? 1 : Infinity, used: 0, sets: [], describe };
  }
}

/** The last element `test` accepts (Array.prototype.findLast is ES2023). */
function findLast<E>(items: readonly E[], test: (item: E) => boolean): E | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return items[i];
  return undefined;
}
