import { preprocess, PreprocessResult } from './index';

function run(text: string): PreprocessResult {
  return preprocess('/m.idl', text, { host: { readFile: () => undefined }, predefined: {} });
}

/** The non-empty output lines of `defs` followed by `text`. */
function expand(defs: string, text: string): string {
  const r = run(`${defs}\n${text}\n`);
  return r.text.split('\n').filter((l) => l !== '').join('\n');
}

/** `expand` with runs of blanks collapsed: where the C standard's examples leave whitespace open. */
function expandTokens(defs: string, text: string): string {
  return expand(defs, text).replace(/[ \t]+/g, ' ');
}

describe('object-like macros', () => {
  it('expands nested macros', () => {
    expect(expand('#define A B + 1\n#define B C * 2\n#define C 3', 'x = A;')).toBe('x = 3 * 2 + 1;');
  });

  it('stops self-recursion and mutual recursion', () => {
    expect(expand('#define X X + 1', 'X')).toBe('X + 1');
    expect(expand('#define A B a\n#define B A b', 'A B')).toBe('A b a B a b');
  });

  it('stops recursion also where expansions are not reused (conditions, trailing function-like names)', () => {
    expect(expand('#define SELF SELF + 1\n#if SELF == 1\nzero\n#endif', '')).toBe('zero');
    expect(expand('#define f(x) <x>\n#define A A f', 'A(1) A')).toBe('A <1> A f');
  });

  it('uses the definition current at the point of use', () => {
    expect(expand('#define A 1', 'A\n#undef A\n#define A 2\nA')).toBe('1\n2');
  });

  it('reuses a nested expansion correctly after one of its parts is redefined', () => {
    const defs = '#define INNER 1\n#define OUTER (INNER + 1)';
    expect(expand(defs, 'OUTER\n#undef INNER\n#define INNER 5\nOUTER\n#define NEW 9\n#undef INNER\n#define INNER NEW\nOUTER')).toBe('(1 + 1)\n(5 + 1)\n(9 + 1)');
  });

  it('reuses nested expansions correctly when a deeply nested part changes', () => {
    const defs = '#define C 1\n#define B [C]\n#define A {B B}';
    expect(expand(defs, 'A\n#undef C\n#define C 2\nA B\n#undef C\nA\n#define C(x) x\nA')).toBe('{[1] [1]}\n{[2] [2]} [2]\n{[C] [C]}\n{[C] [C]}');
    expect(expand('#define X Y\n#define W [X]', 'W\n#define Y 7\nW')).toBe('[Y]\n[7]');
  });

  it('does not reuse an expansion inside a macro that it itself expands', () => {
    expect(expand('#define A [B]\n#define B (A)', 'B A')).toBe('([B]) [(A)]');
  });

  it('does not expand inside comments, strings or character literals', () => {
    const out = expand('#define A 1', 'A /* A */ "A" L"A" \'A\' L\'A\' // A');
    expect(out).toBe('1 /* A */ "A" L"A" \'A\' L\'A\' // A');
  });

  it('does not expand inside pp-numbers or longer identifiers', () => {
    expect(expand('#define L 1\n#define E 2\n#define x 3', '0x1L 1E5 LE xL L x')).toBe('0x1L 1E5 LE xL 1 3');
  });

  it('keeps an expansion from pasting onto its neighbours', () => {
    expect(expand('#define M -1\n#define P +', '-M x-M P+ P= a/ M')).toBe('- -1 x- -1 + + + = a/ -1');
    expect(expand('#define SL /', 'SL/ c')).toBe('/ / c');
    expect(expand('#define E', '-E- +E+ a E b')).toBe('- - + + a  b');
  });

  it('expands __LINE__ to the line of use', () => {
    expect(expand('#define HERE __LINE__', 'HERE\nHERE')).toBe('2\n3');
  });
});

describe('function-like macros', () => {
  it('substitutes arguments, fully expanded first', () => {
    expect(expand('#define ADD(a, b) (a + b)\n#define ONE 1', 'ADD(ONE, ADD(2, 3))')).toBe('(1 + (2 + 3))');
  });

  it('does not expand a function-like macro name without parentheses', () => {
    expect(expand('#define f(x) [x]', 'f; f (1); int f = 2;')).toBe('f; [1]; int f = 2;');
  });

  it('collects arguments across lines and leaves the consumed lines empty', () => {
    const r = run('#define F(a, b) a|b\nF(1,\n  2) tail\nnext\n');
    expect(r.text).toBe('\n1|2 tail\n\nnext\n');
  });

  it('finds the parenthesis on a following line', () => {
    const r = run('#define F(a) <a>\nF\n\n(1)\n');
    expect(r.text).toBe('\n<1>\n\n\n');
  });

  it('does not look for arguments past a directive', () => {
    const r = run('#define F(a) <a>\nF\n#define G 1\n(1)\n');
    expect(r.text).toBe('\nF\n\n(1)\n');
  });

  it('respects nested parentheses and commas inside them', () => {
    expect(expand('#define F(a, b) a/b', 'F((1, 2), (3))')).toBe('(1, 2)/(3)');
  });

  it('accepts empty arguments and zero-parameter macros', () => {
    expect(expand('#define F(a, b) [a|b]\n#define G() g', 'F(,) F(1,) G() G( )')).toBe('[|] [1|] g g');
  });

  it('stringizes with #: spelling, whitespace collapsed, quotes and backslashes escaped', () => {
    expect(expand('#define S(x) #x', 'S(  a   +b ) S("q\\"\\n") S(\'\\\'\') S() S(/* c */ a /* d */ b)')).toBe(
      '"a +b" "\\"q\\\\\\"\\\\n\\"" "\'\\\\\'\'" "" "a b"',
    );
  });

  it('does not expand macro arguments that are stringized or pasted', () => {
    expect(expand('#define A 1\n#define S(x) #x\n#define P(x) x ## 2\n#define E(x) x', 'S(A) P(A) E(A)')).toBe('"A" A2 1');
  });

  it('pastes with ##, including empty arguments', () => {
    expect(expand('#define P(a, b) a ## b\n#define Q(a, b, c) a ## b ## c', 'P(x, y) P(x, ) P(, y) P(, ) Q(1, , 3) P(-, >) P(<<, =)')).toBe('xy x y  13 -> <<=');
    expect(expand('#define P(a, b) a ## b\n#define xy ok', 'P(x, y)')).toBe('ok');
  });

  it('pastes in object-like macros', () => {
    expect(expand('#define N 1 ## 2 ## 3', 'N')).toBe('123');
  });

  it('supports __VA_ARGS__, named variadic parameters and the GNU comma rule', () => {
    const defs = '#define V(fmt, ...) f(fmt, __VA_ARGS__)\n#define G(fmt, ...) f(fmt , ## __VA_ARGS__)\n#define N(args...) g(args)';
    expect(expand(defs, 'V(a, 1, 2) V(a) G(a) G(a, 1, 2) N() N(1, 2)')).toBe('f(a, 1, 2) f(a, ) f(a) f(a , 1, 2) g() g(1, 2)');
  });

  it('rescans the result together with the following text', () => {
    expect(expand('#define f(x) x g\n#define g(x) [x]', 'f(1)(2)')).toBe('1 [2]');
    expect(expand('#define LP (\n#define F(x) <x>', 'F LP 1)')).toBe('F ( 1)');
    expect(expand('#define CALL F\n#define F(x) <x>', 'CALL(1)')).toBe('<1>');
  });

  it('paints a recursive function-like macro blue', () => {
    expect(expand('#define f(x) f(x + 1)', 'f(0)')).toBe('f(0 + 1)');
    expect(expand('#define f(x) x\n#define g f(g)', 'g')).toBe('g');
  });

  it('handles the classic examples of C 6.10.3.5', () => {
    const defs = [
      '#define x 3',
      '#define f(a) f(x * (a))',
      '#undef x',
      '#define x 2',
      '#define g f',
      '#define z z[0]',
      '#define h g(~',
      '#define m(a) a(w)',
      '#define w 0,1',
      '#define t(a) a',
      '#define p() int',
      '#define q(x) x',
      '#define r(x,y) x ## y',
      '#define str(x) # x',
    ].join('\n');
    expect(expandTokens(defs, 'f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);')).toBe('f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % f(2 * (0)) + t(1);');
    expect(expandTokens(defs, 'g(x+(3,4)-w) | h 5) & m\n(f)^m(m);')).toBe('f(2 * (2+(3,4)-0,1)) | f(2 * (~ 5)) & f(2 * (0,1))^m(0,1);');
    expect(expandTokens(defs, 'p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };')).toBe('int i[] = { 1, 23, 4, 5, };');
    expect(expand(defs, 'char c[2][6] = { str(hello), str() };')).toBe('char c[2][6] = { "hello", "" };');
  });

  it('handles the hash-hash example of C 6.10.3.5', () => {
    const defs = '#define hash_hash # ## #\n#define mkstr(a) # a\n#define in_between(a) mkstr(a)\n#define join(c, d) in_between(c hash_hash d)';
    expect(expand(defs, 'char p[] = join(x, y);')).toBe('char p[] = "x ## y";');
  });
});
