/**
 * Generated file names that every file system takes: property tests of `fileNameProblem` (device names
 * Windows reserves, in any case and with any extension; characters Windows refuses; trailing dots) and of
 * `moduleName`, which renames a module named like a device predictably (`aux` -> `aux_`); and of
 * `fileNameProblems` over packages: two files differing only in case, or one path twice, are located at the
 * module's IDL file.
 */
import fc from 'fast-check';
import { fileNameProblem, fileNameProblems, type GeneratedPackage } from '../src';
import { moduleName } from '../src/naming';

let tried = 0;
let worstMs = 0;
let worstHeap = 0;
afterAll(() => console.log(`file names: ${tried} names tried; worst ${worstMs.toFixed(2)} ms for one, heap at most ${(worstHeap / 2 ** 20).toFixed(0)} MB`));

const devices = ['con', 'prn', 'aux', 'nul', ...[...'0123456789'].flatMap((d) => [`com${d}`, `lpt${d}`])];
/** A device name in random case. */
const device = fc.tuple(fc.constantFrom(...devices), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 })).map(([d, upper]) =>
  [...d].map((c, i) => (upper[i % 4] ? c.toUpperCase() : c)).join(''),
);
const extension = fc.constantFrom('', '.ts', '.d.ts', '.json', '.idl', '.tar.gz', '.x');
const safe = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,15}$/).filter((s) => !/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(s));

const forAll = <T>(a: fc.Arbitrary<T>, check: (v: T) => void, numRuns = 300) =>
  fc.assert(
    fc.property(a, (v) => {
      tried++;
      const started = performance.now();
      check(v);
      worstMs = Math.max(worstMs, performance.now() - started);
      worstHeap = Math.max(worstHeap, process.memoryUsage().heapUsed);
    }),
    { numRuns },
  );

it('a device name Windows reserves is refused in any case and with any extension', () => {
  forAll(fc.tuple(device, extension), ([d, ext]) => expect(fileNameProblem(`${d}${ext}`)).toMatch(/device name Windows reserves/));
});

it('characters Windows refuses and trailing dots or spaces are refused; ordinary names pass', () => {
  forAll(fc.tuple(safe, fc.constantFrom('<', '>', ':', '"', '|', '?', '*', '\\', '\u0001')), ([s, c]) => expect(fileNameProblem(`${s}${c}x.ts`)).toMatch(/character Windows does not allow/));
  forAll(fc.tuple(safe, fc.constantFrom('.', ' ', '..')), ([s, end]) => expect(fileNameProblem(`${s}${end}`)).toMatch(/ends with a dot or a space/), 50);
  forAll(fc.tuple(safe, extension), ([s, ext]) => expect(fileNameProblem(`${s}${ext}`)).toBeNull());
});

it('moduleName renames a module named like a device predictably, so that its file names pass', () => {
  forAll(fc.tuple(device, fc.constantFrom('.idl', '.IDL', '.h')), ([d, ext]) => {
    const name = moduleName(`some/dir/${d}${ext}`);
    expect(name).toBe(`${d}_`);
    expect(fileNameProblem(`${name}.ts`)).toBeNull();
  });
  forAll(fc.tuple(safe, fc.constantFrom('.idl', '.h')), ([s, ext]) => expect(moduleName(`${s}${ext}`)).toBe(s));
});

it('two files differing only in case, or one path given twice, are reported at the module\'s IDL file', () => {
  const pkg = (paths: string[]): GeneratedPackage => ({ kind: 'interfaces', directory: 'x-interfaces', name: '@x/interfaces', files: paths.map((p) => ({ path: p, text: '' })) });
  const modules = [
    { name: 'Ostx', source: 'idl/a/Ostx.idl' },
    { name: 'ostx', source: 'idl/b/ostx.idl' },
    { name: 'index', source: 'idl/a/index.idl' },
  ];
  expect(fileNameProblems([pkg(['src/Ostx.ts', 'src/ostx.ts'])], modules)).toEqual([
    'idl/b/ostx.idl:1:1: error: the generated files x-interfaces/src/Ostx.ts and x-interfaces/src/ostx.ts differ only in case, which Windows and macOS do not tell apart; rename one of the IDL files',
  ]);
  expect(fileNameProblems([pkg(['src/index.ts', 'src/index.ts'])], modules)).toEqual([
    "idl/a/index.idl:1:1: error: the module's file x-interfaces/src/index.ts is also a file generation writes for the package; rename the IDL file",
  ]);
  expect(fileNameProblems([pkg(['src/a.ts', 'src/b.ts', 'package.json'])], modules)).toEqual([]);
});
