/**
 * Fuzzing: real IDL (a few Wine corpus files, or the fixtures when the corpus is absent) mutated token-wise
 * and byte-wise, and nesting thousands deep, must only ever produce diagnostics. `parseIdl` returns (never
 * throws), with diagnostics and spans at real positions. Work is bounded by counters (the parser's rule
 * and depth counts in the deep-input tests), never by wall time, which a busy machine stretches; a hang
 * fails by Jest's timeout.
 *
 * Each property runs at most `numRuns` times and stops early after its time budget, so the file stays under
 * a minute on a slow machine. `FUZZ_SEED=<n>` replays a run (fast-check prints the seed of a failure);
 * `FUZZ_RUNS=<n> FUZZ_BUDGET_MS=<ms>` fuzz longer.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseIdl, type Diagnostic, type ParseResult } from '../src';
import { parseWork } from '../src/parse';
import { MAX_EXPRESSION_DEPTH, MAX_RULE_DEPTH } from '../src/parse-limits';
import { MidlLexer } from '../src/tokens';
import { fixtureCases, FIXTURES, wineCorpus } from './helpers';

/** Runs per property, and the time after which a property stops taking more. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);
const BUDGET_MS = Number(process.env['FUZZ_BUDGET_MS'] ?? 6000);
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number(process.env['FUZZ_SEED']);

const CORPUS_SEEDS = ['unknwn.idl', 'windows.foundation.idl', 'propidl.idl', 'taskschd.idl', 'activscp.idl'];

interface Seed {
  name: string;
  text: string;
  /** Token boundaries in `text`, for token-wise mutations. */
  tokens: { start: number; end: number }[];
}

function loadSeeds(): Seed[] {
  const corpus = wineCorpus();
  const files = corpus
    ? CORPUS_SEEDS.map((n) => corpus.find((f) => basename(f) === n)).filter((f): f is string => f !== undefined)
    : fixtureCases(FIXTURES).map((c) => join(FIXTURES, c, 'input.idl'));
  return files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const tokens = MidlLexer.tokenize(text).tokens.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length }));
    return { name: basename(file), text, tokens };
  });
}

const seeds = loadSeeds();

// A property runs up to its budget in one synchronous call; the 20000-deep cases take a few seconds each.
jest.setTimeout(Math.max(60_000, 2 * BUDGET_MS));

/** Parses like a user would (preprocessor on), under a path where no include resolves. */
function parseChecked(text: string): ParseResult {
  const result = parseIdl('/fuzz/input.idl', text);
  if (result.ast.kind !== 'idl-file' || !Array.isArray(result.ast.statements)) throw new Error('no AST');
  for (const d of result.diagnostics) checkDiagnostic(d);
  checkSpans(result.ast);
  return result;
}

function checkDiagnostic(d: Diagnostic): void {
  if (!(d.line >= 1 && d.column >= 1 && Number.isInteger(d.line) && Number.isInteger(d.column))) {
    throw new Error(`diagnostic at ${d.line}:${d.column}: ${d.code} ${d.message}`);
  }
  if (!/^[A-Z]+\d{3}$/.test(d.code) || !d.message) throw new Error(`malformed diagnostic ${JSON.stringify(d)}`);
}

/** Every span in the tree has whole, positive numbers (an empty span ends one column before it starts). */
function checkSpans(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) checkSpans(n);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span') {
      const s = value as { line: number; column: number; endLine: number; endColumn: number };
      const whole = [s.line, s.column, s.endLine, s.endColumn].every((n) => Number.isInteger(n));
      if (!whole || s.line < 1 || s.column < 1 || s.endLine < 1 || s.endColumn < 0) {
        throw new Error(`bad span ${JSON.stringify(s)}`);
      }
    } else checkSpans(value);
  }
}

const params = (): fc.Parameters<unknown> => ({
  numRuns: RUNS,
  interruptAfterTimeLimit: BUDGET_MS,
  markInterruptAsFailure: false,
  ...(SEED === undefined ? {} : { seed: SEED }),
});

const seedArb = fc.constantFrom(...seeds);

/** A seed and positions in it: token indexes and offsets are taken modulo its size. */
const mutationArb = fc.record({ seed: seedArb, picks: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }) });

function applyTokenEdit(seed: Seed, picks: number[], edit: 'delete' | 'duplicate' | 'swap'): string {
  const tokens = seed.tokens;
  if (!tokens.length) return seed.text;
  // Edits go from the end of the text backwards, so that earlier offsets stay valid.
  const chosen = [...new Set(picks.map((p) => p % tokens.length))].sort((a, b) => b - a);
  let text = seed.text;
  for (const i of chosen) {
    const t = tokens[i];
    const image = seed.text.slice(t.start, t.end);
    if (edit === 'delete') text = text.slice(0, t.start) + text.slice(t.end);
    else if (edit === 'duplicate') text = text.slice(0, t.end) + ' ' + image + text.slice(t.end);
    else {
      // Swap with the next token: a local reordering, the kind of mistake people make.
      const u = tokens[i + 1];
      if (!u) continue;
      const other = seed.text.slice(u.start, u.end);
      text = text.slice(0, t.start) + other + text.slice(t.end, u.start) + image + text.slice(u.end);
    }
  }
  return text;
}

describe('mutated real IDL only ever gives diagnostics', () => {
  it('has seeds', () => {
    expect(seeds.length).toBeGreaterThan(0);
  });

  it.each(['delete', 'duplicate', 'swap'] as const)('token %s', (edit) => {
    fc.assert(
      fc.property(mutationArb, ({ seed, picks }) => {
        parseChecked(applyTokenEdit(seed, picks, edit));
      }),
      params(),
    );
  });

  it('truncation at a random offset', () => {
    fc.assert(
      fc.property(seedArb, fc.nat(), (seed, at) => {
        parseChecked(seed.text.slice(0, at % (seed.text.length + 1)));
      }),
      params(),
    );
  });

  it('random bytes inserted', () => {
    fc.assert(
      fc.property(seedArb, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 24 }), (seed, at, bytes) => {
        const o = at % (seed.text.length + 1);
        parseChecked(seed.text.slice(0, o) + Buffer.from(bytes).toString('latin1') + seed.text.slice(o));
      }),
      params(),
    );
  });

  it('random text inserted', () => {
    fc.assert(
      fc.property(seedArb, fc.nat(), fc.string({ unit: 'binary', maxLength: 40 }), (seed, at, inserted) => {
        const o = at % (seed.text.length + 1);
        parseChecked(seed.text.slice(0, o) + inserted + seed.text.slice(o));
      }),
      params(),
    );
  });
});

describe('token soup only ever gives diagnostics', () => {
  const vocabulary = [
    'interface', 'dispinterface', 'coclass', 'library', 'module', 'namespace', 'runtimeclass', 'apicontract',
    'delegate', 'declare', 'requires', 'typedef', 'struct', 'union', 'enum', 'switch', 'case', 'default', 'const',
    'unsigned', 'long', 'int', 'void', 'SAFEARRAY', 'sizeof', 'import', 'importlib', 'cpp_quote', 'midl_pragma',
    'properties', 'methods', 'IFoo', 'T', 'x', '__stdcall', '42', '0x10', '"s"', "'c'",
    '00000000-0000-0000-c000-000000000046', '{', '}', '(', ')', '[', ']', '<', '>', ';', ',', ':', '=', '.', '*',
    '?', '-', '+', '!', '~', '&', '|', '^', '/', '%', '...', '->', '/**', '*/', '#pragma x\n', '\n#define A B\n',
    // Preprocessor directives and macro calls, so that the soup goes through the whole pipeline. `#line` is
    // left out until the preprocessor places an unterminated `#if` opened before it right (PP005 comes out at
    // line 0 or below, or in the `#line` file).
    '\n#define F(x, ...) x ## __VA_ARGS__ #x\n', 'F(', '\n#if ', '\n#ifdef A\n', '\n#elif 1\n', '\n#else\n',
    '\n#endif\n', '\n#include "missing.h"\n', '\n#undef A\n', '\\\n', '#', '##',
  ];
  it('random sequences of IDL tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 300 }), (words) => {
        parseChecked(words.join(' '));
      }),
      params(),
    );
  });
});

describe('deep nesting only ever gives diagnostics', () => {
  const openers = ['{', '(', '[', '<', '-', '!', '~', '*', '&', '?', 'x[', 'a(', 'A<', '(int)', '1 ? 2 : ', 'sizeof(', '{ struct T '];
  const closers: Record<string, string> = { '{': '}', '(': ')', '[': ']', '<': '>', 'x[': ']', 'a(': ')', 'A<': '>', 'sizeof(': ')', '{ struct T ': '}' };
  const contexts = [
    '',
    'const int X = ',
    'interface I { HRESULT F([in, size_is(',
    'typedef ',
    'struct S ',
    '[uuid(',
    'library L { ',
    'namespace N { ',
    'typedef int ',
  ];

  it('thousands deep, closed or not, alone or inside real IDL', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...openers),
        fc.integer({ min: 100, max: 5000 }),
        fc.boolean(),
        fc.constantFrom(...contexts),
        fc.option(fc.tuple(seedArb, fc.nat()), { nil: undefined }),
        (opener, depth, closed, context, inside) => {
          const nest = context + opener.repeat(depth) + '1' + (closed ? (closers[opener] ?? '').repeat(depth) : '') + ';';
          if (!inside) parseChecked(nest);
          else {
            const [seed, at] = inside;
            const o = at % (seed.text.length + 1);
            parseChecked(seed.text.slice(0, o) + nest + seed.text.slice(o));
          }
        },
      ),
      { ...params(), numRuns: Math.max(1, Math.round(RUNS / 3)) },
    );
  });

  it.each(openers)('%j 20000 deep', (opener) => {
    parseChecked('const int X = ' + opener.repeat(20000) + '1' + (closers[opener] ?? '').repeat(20000) + ';');
  });
});

/**
 * Inputs built to exhaust a resource: long, deep, or huge. Each must give its result (or a located SYN002)
 * without overflowing the stack, with the parser's work bounded: rule invocations grow with the input at most
 * linearly, and the most rules active at once stay under `MAX_RULE_DEPTH` whatever the nesting.
 */
describe('inputs that could exhaust the stack', () => {
  /** Parses with the preprocessor on; the result, and what the parser took (`parseWork`). */
  function parseMeasured(text: string): { result: ParseResult; work: typeof parseWork } {
    const result = parseChecked(text);
    return { result, work: { ...parseWork } };
  }

  it('a constant of 999 terms: parsed whole, its tree 999 nodes deep, rules linear in the terms, rule depth independent of them', () => {
    const terms = (n: number) => `const int X = ${Array.from({ length: n }, (_, i) => `${i} +`).join(' ')} 1;`;
    const half = parseMeasured(terms(499));
    const full = parseMeasured(terms(998));
    expect(full.result.diagnostics).toEqual([]);
    const statement = full.result.ast.statements[0];
    expect(statement?.kind).toBe('const');
    expect(full.work.peakExpressionDepth).toBe(999);
    expect(full.work.peakExpressionDepth).toBeLessThanOrEqual(MAX_EXPRESSION_DEPTH);
    // Twice the terms, twice the rules (give or take the statement around them); the depth stays the same.
    expect(full.work.rules - half.work.rules).toBeLessThanOrEqual(half.work.rules + 20);
    expect(full.work.rules).toBeLessThanOrEqual(2 * 1_000);
    expect(full.work.peakDepth).toBe(half.work.peakDepth);
    expect(full.work.peakDepth).toBeLessThan(20);
    expect(full.work.attempts).toBe(1);
  });

  it('a constant of 5,000 terms: SYN004 at the expression, its tree bounded, the work linear, what precedes kept', () => {
    const terms = (n: number) => `const int X = ${Array.from({ length: n }, (_, i) => `${i} ${'+-*/|&^'[i % 7]}`).join(' ')} 1;`;
    const { result, work } = parseMeasured(`interface IBefore;\n${terms(5_000)}\ninterface IAfter;`);
    expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['SYN004 2:15']);
    expect(result.ast.statements[0]).toMatchObject({ kind: 'interface', name: 'IBefore' });
    expect(work.peakExpressionDepth).toBeLessThanOrEqual(MAX_EXPRESSION_DEPTH);
    expect(work.attempts).toBeLessThanOrEqual(3);
    expect(work.rules).toBeLessThanOrEqual(work.attempts * 2 * 5_000);
  });

  it.each([
    ['a conditional chain', 'SYN002', (n: number) => `const int X = ${'1 ? 2 : '.repeat(n)}3;`],
    ['an index chain', 'SYN004', (n: number) => `const int X = a${'[1]'.repeat(n)};`],
    ['a member chain', 'SYN004', (n: number) => `const int X = a${'.b'.repeat(n)};`],
    ['a sum of negations', 'SYN004', (n: number) => `const int X = ${'-1 + '.repeat(n)}1;`],
    ['nested sums', 'SYN002', (n: number) => `const int X = ${'(1 + 1 + 1 + '.repeat(n)}1${')'.repeat(n)};`],
  ])('%s 5,000 long: %s where a limit is passed, never a stack overflow', (_name, code, build) => {
    const { result, work } = parseMeasured(build(5_000));
    expect(result.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual([`${code} 1`]);
    expect(work.peakExpressionDepth).toBeLessThanOrEqual(MAX_EXPRESSION_DEPTH);
    expect(work.peakDepth).toBeLessThanOrEqual(MAX_RULE_DEPTH);
  });

  it.each([
    ['parentheses', (n: number) => `const int X = ${'('.repeat(n)}1${')'.repeat(n)};`],
    ['prefix operators', (n: number) => `const int X = ${'-'.repeat(n)}1;`],
    ['casts', (n: number) => `const int X = ${'(int)'.repeat(n)}1;`],
    ['declarators', (n: number) => `typedef int ${'(*'.repeat(n)}X${')'.repeat(n)};`],
    ['structs', (n: number) => `typedef ${'struct { '.repeat(n)}int a;${' } s;'.repeat(n)} T;`],
    ['type arguments', (n: number) => `interface I { HRESULT F([in] ${'A<'.repeat(n)}B${'>'.repeat(n)} *p); }`],
    ['libraries', (n: number) => `${'library L { '.repeat(n)}${'}'.repeat(n)}`],
  ])('%s 10,000 deep: SYN002 where the limit is passed, the depth bounded, the work linear', (_name, nest) => {
    const { result, work } = parseMeasured('interface IBefore;\n' + nest(10_000));
    expect(result.diagnostics.filter((d) => d.code !== 'LEX001').map((d) => `${d.code} ${d.line}`)).toEqual(['SYN002 2']);
    expect(result.ast.statements[0]).toMatchObject({ kind: 'interface', name: 'IBefore' });
    expect(work.peakDepth).toBeLessThanOrEqual(MAX_RULE_DEPTH);
    // The stop, one retry of what precedes it, at most a few more for a cut that stops again.
    expect(work.attempts).toBeLessThanOrEqual(3);
    expect(work.rules).toBeLessThanOrEqual(work.attempts * 8 * MAX_RULE_DEPTH);
  });

  it('a string literal of 10 MB: one token, its value whole', () => {
    const value = 'x'.repeat(10_000_000);
    const { result, work } = parseMeasured(`const char *S = "${value}";\nconst char *T = "${'\\t'.repeat(1_000_000)}";`);
    expect(result.diagnostics).toEqual([]);
    const [s, t] = result.ast.statements;
    expect(s?.kind === 'const' && s.value.kind === 'string' ? s.value.value.length : null).toBe(value.length);
    expect(t?.kind === 'const' && t.value.kind === 'string' ? t.value.value : null).toBe('\t'.repeat(1_000_000));
    expect(work.rules).toBeLessThan(100);
  });
});
