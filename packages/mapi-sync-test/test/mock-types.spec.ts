/**
 * The types of the generated mocks and fakes, checked by the compiler: small programs that use
 * @mapi-sync/mocks are type-checked (TypeScript's API, this package's tsconfig) and each wrong use must
 * fail to compile, on the line marked `// error`, with the expected diagnostic, while each right use
 * compiles clean.
 * - `.sets({...})` is typed from the method's [out] parameters (`IOSTXOutParameters`, generated): a
 *   misspelt name, an [in] parameter or a wrong value type does not compile; a structure handed to an
 *   `[out] void **` (SyncBeg's ppv) needs no cast.
 * - The methods are Jest mock functions of the method's type (`mockReturnValue` takes an HRESULT,
 *   `mockImplementation` the method's parameters).
 * - Fakes type their states (`IOSTXStates`, generated from the protocol description): a state the protocol
 *   lacks, or a hook taking another structure, does not compile; an onLeave hook's frame holds the state's
 *   structure type.
 */
import * as path from 'node:path';
import * as ts from 'typescript';

const PACKAGE = path.resolve(__dirname, '..');

const HEADER = `
import { S_FALSE, S_OK, inOut, out, zeroStruct, type HRESULT } from '@comidl/runtime';
import { structs, type IOSTX, type LPMAPIERROR, type LPVOID, type MAPIERROR, type SYNC, type UPHIER } from '@mapi-sync/interfaces';
import { IMAPIProgressFake, IOSTXFake, IOSTXMock, IPSTXMock } from '@mapi-sync/mocks';
const mock = new IOSTXMock();
const fake = new IOSTXFake();
const sync: SYNC = zeroStruct<SYNC>(structs, 'SYNC');
const error: MAPIERROR = { ulVersion: 0, lpszError: 'no connection', lpszComponent: 'store', ulLowLevelError: 0, ulContext: 0 };
export const used = [S_FALSE, S_OK, inOut, out, mock, fake, sync, error, IMAPIProgressFake, IPSTXMock];
export type Used = [HRESULT, IOSTX, LPMAPIERROR, LPVOID, UPHIER];
`;

/** Uses that must compile. */
const right: Record<string, string> = {
  'sets: a structure for SyncBeg’s [in, out] void ** ppv, with no cast': `mock.on('SyncBeg').returns(S_OK).sets({ ppv: sync });`,
  'sets: a MAPIERROR for GetLastError’s lppMAPIError, and null': `mock.expect('GetLastError').sets({ lppMAPIError: error }); mock.on('GetLastError').sets({ lppMAPIError: null });`,
  'sets: an interface for IPSTX::GetSyncObject’s ppostx': `new IPSTXMock().on('GetSyncObject').sets({ ppostx: mock });`,
  'sets: nothing for a method without [out] parameters': `mock.on('InitSync', 0).sets({});`,
  'Jest’s API on a method: return values and implementations of its type': `
mock.SyncBeg.mockReturnValue(S_FALSE).mockReturnValueOnce(S_OK);
mock.SyncBeg.mockImplementation((uiSync, ppv) => { ppv.value = uiSync === 1 ? sync : null; return S_OK; });
mock.SyncBeg.mockImplementationOnce(() => S_FALSE);
const first: [number, { value: LPVOID }] | undefined = mock.SyncBeg.mock.calls[0];
const outcome = mock.SyncBeg.mock.results[0];
const result: HRESULT | undefined = outcome?.type === 'return' ? outcome.value : undefined;
mock.SyncBeg.mockClear().mockReset();
export { first, result };`,
  'a mock is the interface it mocks': `const itf: IOSTX = mock; itf.SyncEnd();`,
  'onEnter: a state of the protocol with its structure, annotated or inferred': `
fake.onEnter('LR_SYNC', (s: SYNC) => { s.ulFlags = 0; });
fake.onEnter('LR_SYNC_UPLOAD_HIERARCHY', (uphier) => { uphier.cEnt = 3; });
fake.onLeave('LR_SYNC', () => undefined);
fake.onLeave('LR_SYNC_UPLOAD_HIERARCHY', (frame) => { frame.structure.ulFlags |= 0; });`,
};

/** Uses that must not compile: the line ending in `// error` fails with the diagnostic code given. */
const wrong: Record<string, { code: number; source: string }> = {
  'sets: a misspelt [out] parameter name (did you mean ppv?)': { code: 2561, source: `mock.on('SyncBeg').sets({ ppvv: sync }); // error` },
  'sets: an [in] parameter': { code: 2353, source: `mock.on('SyncBeg').sets({ uiSync: 1 }); // error` },
  'sets: a value of the wrong type': { code: 2322, source: `mock.on('GetLastError').sets({ lppMAPIError: 42 }); // error` },
  'sets: a parameter for a method without [out] parameters': { code: 2322, source: `mock.on('InitSync').sets({ ulFlags: 1 }); // error` },
  'on: a method the interface lacks': { code: 2345, source: `mock.on('SyncBegin'); // error` },
  'mockReturnValue: not an HRESULT': { code: 2345, source: `mock.SyncBeg.mockReturnValue('S_OK'); // error` },
  'mockImplementation: a parameter of the wrong type': {
    code: 2345,
    source: `mock.SyncBeg.mockImplementation((uiSync: string) => (uiSync ? S_OK : S_FALSE)); // error`,
  },
  'onEnter: a state the protocol lacks': { code: 2345, source: `fake.onEnter('LR_SYNC_UPLOAD', () => undefined); // error` },
  'onEnter: a hook taking another state’s structure': { code: 2345, source: `fake.onEnter('LR_SYNC', (s: UPHIER) => { s.cEnt = 1; }); // error` },
  'onLeave: the frame’s structure is the state’s': { code: 2339, source: `fake.onLeave('LR_SYNC', (frame) => frame.structure.cEnt); // error` },
  'onEnter: a recorder has no states': { code: 2345, source: `new IMAPIProgressFake().onEnter('LR_SYNC', () => undefined); // error` },
};

interface Checked {
  /** `line: TSnnnn message` for every diagnostic of the snippet, lines counted from the snippet's first. */
  diagnostics: Array<{ line: number; code: number; text: string }>;
}

/** Type-checks each snippet (with HEADER before it) as a file of this package, in one program. */
function check(snippets: Record<string, string>): Record<string, Checked> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(PACKAGE, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!config) throw new Error('no tsconfig.json');
  const headerLines = HEADER.split('\n').length - 1;
  const files = new Map(Object.keys(snippets).map((name, i) => [path.join(PACKAGE, 'test', `__mock_types_${i}.ts`), HEADER + snippets[name] + '\n']));
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => {
    const text = files.get(path.resolve(file));
    return text !== undefined ? ts.createSourceFile(file, text, language) : getSourceFile(file, language, ...rest);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => files.has(path.resolve(file)) || fileExists(file);
  const program = ts.createProgram([...files.keys()], config.options, host);
  const result: Record<string, Checked> = {};
  [...files.keys()].forEach((file, i) => {
    const source = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ({
      line: source.getLineAndCharacterOfPosition(d.start ?? 0).line - headerLines,
      code: d.code,
      text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
    result[Object.keys(snippets)[i]] = { diagnostics };
  });
  return result;
}

describe('the types of the generated mocks and fakes', () => {
  const all = { ...right, ...Object.fromEntries(Object.entries(wrong).map(([name, w]) => [name, w.source])) };
  let checked: Record<string, Checked>;
  beforeAll(() => {
    checked = check(all);
  }, 120_000);

  it.each(Object.keys(right))('compiles: %s', (name) => {
    expect(checked[name].diagnostics).toEqual([]);
  });

  it.each(Object.keys(wrong))('does not compile: %s', (name) => {
    const { code, source } = wrong[name];
    const line = source.split('\n').findIndex((l) => l.endsWith('// error'));
    expect(checked[name].diagnostics.map(({ line: at, code: c }) => ({ line: at, code: c }))).toEqual([{ line, code }]);
  });
});
