/** Argument matchers: what each accepts and refuses, and how each describes itself in messages. */
import { runInNewContext } from 'node:vm';
import { any, anyOut, eq, inOut, inOutWith, isMatcher, match, oneOf, out, outParam, toMatcher } from '../src/index.js';

describe('any()', () => {
  it('accepts every argument, undefined and null included', () => {
    const m = any();
    for (const value of [undefined, null, 0, '', {}, [], out()]) expect(m.matches(value)).toBe(true);
    expect(m.describe()).toBe('any()');
  });
});

describe('eq()', () => {
  it('compares primitives by value', () => {
    expect(eq(1).matches(1)).toBe(true);
    expect(eq(1).matches(2)).toBe(false);
    expect(eq(1).matches('1')).toBe(false);
    expect(eq(NaN).matches(NaN)).toBe(true);
    expect(eq(0).matches(-0)).toBe(true);
    expect(eq(5n).matches(5n)).toBe(true);
    expect(eq(5n).matches(5)).toBe(false);
    expect(eq(null).matches(undefined)).toBe(false);
  });

  it('compares structures field by field, arrays item by item', () => {
    const upfld = { ulFlags: 1, feid: { abFlags: [0, 0, 0, 1] } };
    expect(eq(upfld).matches({ ulFlags: 1, feid: { abFlags: [0, 0, 0, 1] } })).toBe(true);
    expect(eq(upfld).matches({ ulFlags: 1, feid: { abFlags: [0, 0, 0, 2] } })).toBe(false);
    expect(eq(upfld).matches({ ulFlags: 1 })).toBe(false);
    expect(eq(upfld).matches({ ulFlags: 1, feid: { abFlags: [0, 0, 0, 1] }, extra: 0 })).toBe(false);
    expect(eq([1, 2]).matches([1, 2, 3])).toBe(false);
  });

  it('compares entry IDs byte by byte, and dates, maps and sets by content', () => {
    expect(eq(new Uint8Array([1, 2, 3])).matches(new Uint8Array([1, 2, 3]))).toBe(true);
    expect(eq(new Uint8Array([1, 2, 3])).matches(new Uint8Array([1, 2, 4]))).toBe(false);
    expect(eq(new Uint8Array([1, 2])).matches([1, 2])).toBe(false);
    expect(eq(new Date(5)).matches(new Date(5))).toBe(true);
    expect(eq(new Date(5)).matches(new Date(6))).toBe(false);
    expect(eq(new Map([['a', 1]])).matches(new Map([['a', 1]]))).toBe(true);
    expect(eq(new Map([['a', 1]])).matches(new Map([['a', 2]]))).toBe(false);
    expect(eq(new Set([1])).matches(new Set([1]))).toBe(true);
    expect(eq(new Set([1])).matches(new Set([2]))).toBe(false);
  });

  it('compares cyclic structures without looping', () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    const b: Record<string, unknown> = { n: 1 };
    b.self = b;
    expect(eq(a).matches(b)).toBe(true);
  });

  it('accepts Jest asymmetric matchers inside the expected value', () => {
    expect(eq({ ulFlags: expect.any(Number), pfld: null }).matches({ ulFlags: 4, pfld: null })).toBe(true);
    expect(eq({ ulFlags: expect.any(Number), pfld: null }).matches({ ulFlags: 'x', pfld: null })).toBe(false);
  });

  it('describes itself as the expected value', () => {
    expect(eq(1).describe()).toBe('1');
    expect(eq('x').describe()).toBe('"x"');
    expect(eq({ ulFlags: 1, cEnt: 2 }).describe()).toBe('{ ulFlags: 1, cEnt: 2 }');
    expect(eq(new Uint8Array([0, 255])).describe()).toBe('bytes<00 ff>');
  });
});

describe('match()', () => {
  it('accepts what the predicate accepts and shows the description', () => {
    const even = match((v: number) => v % 2 === 0, 'an even number');
    expect(even.matches(4)).toBe(true);
    expect(even.matches(3)).toBe(false);
    expect(even.describe()).toBe('an even number');
  });
});

describe('oneOf()', () => {
  it('accepts what one of its values or matchers accepts', () => {
    const m = oneOf(1, 2, match((v: number) => v > 10, '> 10'));
    expect(m.matches(2)).toBe(true);
    expect(m.matches(11)).toBe(true);
    expect(m.matches(3)).toBe(false);
    expect(m.describe()).toBe('oneOf(1, 2, > 10)');
  });
});

describe('anyOut() and inOutWith()', () => {
  it('anyOut accepts any box, empty or not, and nothing else', () => {
    expect(anyOut().matches(out())).toBe(true);
    expect(anyOut().matches(inOut(3))).toBe(true);
    expect(anyOut().matches(null)).toBe(false);
    expect(anyOut().matches(3)).toBe(false);
    expect(anyOut().describe()).toBe('anyOut()');
    expect(outParam).toBe(anyOut);
  });

  it('inOutWith looks at the value the caller passes in', () => {
    expect(inOutWith(null).matches(inOut(null))).toBe(true);
    expect(inOutWith(null).matches(inOut({}))).toBe(false);
    expect(inOutWith(null).matches(null)).toBe(false);
    expect(inOutWith(any()).describe()).toBe('inOutWith(any())');
  });
});

describe('toMatcher()', () => {
  it('keeps matchers, wraps Jest asymmetric matchers and makes plain values eq()', () => {
    const m = any();
    expect(toMatcher(m)).toBe(m);
    const anything = toMatcher(expect.anything());
    expect(isMatcher(anything)).toBe(true);
    expect(anything.matches(0)).toBe(true);
    expect(anything.matches(undefined)).toBe(false);
    expect(anything.describe()).toBe('Anything');
    const plain = toMatcher({ a: 1 });
    expect(plain.matches({ a: 1 })).toBe(true);
    expect(plain.matches({ a: 2 })).toBe(false);
  });

  it('tells matchers from values', () => {
    expect(isMatcher(any())).toBe(true);
    expect(isMatcher({ matches: () => true, describe: () => '' })).toBe(false);
    expect(isMatcher(null)).toBe(false);
  });
});

describe('eq across realms', () => {
  // A MessagePort delivers clones built in the main realm; a test sandbox (such as Jest's) has its own
  // Object and Array, so the prototypes differ while the values are equal.
  const foreign = runInNewContext('({ a: 1, list: [1, 2], bytes: new Uint8Array([7]) })') as unknown;

  it('matches plain objects, arrays and byte arrays from another realm', () => {
    expect(eq({ a: 1, list: [1, 2], bytes: new Uint8Array([7]) }).matches(foreign)).toBe(true);
    expect(eq({ a: 2, list: [1, 2], bytes: new Uint8Array([7]) }).matches(foreign)).toBe(false);
  });

  it('still tells instances of different classes apart', () => {
    class A {
      x = 1;
    }
    class B {
      x = 1;
    }
    expect(eq(new A()).matches(new B())).toBe(false);
    expect(eq(new A()).matches({ x: 1 })).toBe(false);
  });
});
