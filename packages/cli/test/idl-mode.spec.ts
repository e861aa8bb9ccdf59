/**
 * `--idl` mode has what a config gives: protocol descriptions (`--protocol FILE`, repeatable) and the vtable
 * lock (`vtable.lock.json` beside the IDL file: checked and kept current when it exists, created only by
 * --update-lock, so that generating from a folder one does not own writes nothing there).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BASE_IDL, cliIn, copyMapiSync, editOnce, lineOf, snapshot, STACK_TRACE, tempDir, writeFiles } from './helpers';

const MAPI_SYNC = ['--idl', 'idl/mapi-sync/mapi-sync.idl', '--scope', '@m', '--name', 'm', '--out', 'out'];
const PROTOCOLS = ['iostx', 'imapiprogress', 'imapisyncprogresscallback'].map((p) => `idl/mapi-sync/${p}.protocol.json`);

describe('--idl with --protocol', () => {
  const dir = tempDir('idl-protocol', copyMapiSync);
  const fakes = () => path.join(dir, 'out/m-mocks/src/fakes.ts');

  it('generates the fake of each description given, as a config with the same protocols does', () => {
    const r = cliIn(dir, 'generate', ...MAPI_SYNC, ...PROTOCOLS.flatMap((p) => ['--protocol', p]));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(fakes(), 'utf8');
    for (const name of ['IOSTXFake', 'IMAPIProgressFake', 'IMAPISyncProgressCallbackFake']) expect(text).toContain(`export class ${name} extends ProtocolFake<`);
    expect(text).toContain('from idl/mapi-sync/iostx.protocol.json.');
    // No lock was beside the IDL and --update-lock was not given: --idl wrote nothing into idl/mapi-sync.
    expect(existsSync(path.join(dir, 'idl/mapi-sync/vtable.lock.json'))).toBe(false);
    // The config of the same folder with the same three descriptions gives the same fakes, scope apart.
    const config = cliIn(dir, 'generate', '--config', 'idl/mapi-sync', '--out', 'by-config');
    expect(config.code).toBe(0);
    const byConfig = readFileSync(path.join(dir, 'by-config/mapi-sync-mocks/src/fakes.ts'), 'utf8');
    const same = (t: string) => t.replace(/@mapi-sync\//g, '@m/');
    expect(same(text)).toBe(same(byConfig));
  });

  it('check --idl with the same descriptions finds the output current; without them, fakes.ts is stale', () => {
    const same = cliIn(dir, 'check', ...MAPI_SYNC, ...PROTOCOLS.flatMap((p) => ['--protocol', p]));
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    const without = cliIn(dir, 'check', ...MAPI_SYNC);
    expect(without.code).toBe(1);
    expect(without.stdout + without.stderr).toMatch(/out\/m-mocks\/src\/fakes\.ts/);
  });

  it('a description naming what the IDL lacks: located at its line and column, exit 1, nothing written', () => {
    const protocol = path.join(dir, PROTOCOLS[0]);
    const original = readFileSync(protocol, 'utf8');
    editOnce(protocol, '"hasAll": ["UPS_UPLOAD_ONLY", "UPS_ONE_FOLDER"]', '"hasAll": ["UPS_UPLOAD_ONLY", "UPS_ONE_FOLDERS"]');
    try {
      const before = snapshot(path.join(dir, 'out'));
      const r = cliIn(dir, 'generate', ...MAPI_SYNC, '--protocol', PROTOCOLS[0]);
      const line = lineOf(protocol, '"UPS_ONE_FOLDERS"');
      expect(r.stderr).toMatch(new RegExp(`^idl/mapi-sync/iostx\\.protocol\\.json:${line}:\\d+: error: .*UPS_ONE_FOLDERS is not a constant or enum member of the IDL$`, 'm'));
      expect(r.code).toBe(1);
      expect(snapshot(path.join(dir, 'out'))).toEqual(before);
    } finally {
      writeFileSync(protocol, original);
    }
  });

  it('a description that does not exist, or is a folder: located, exit 1, no stack trace', () => {
    for (const [given, why] of [
      ['nope.protocol.json', 'does not exist'],
      ['idl', 'is a directory'],
    ] as const) {
      const r = cliIn(dir, 'generate', ...MAPI_SYNC, '--protocol', given);
      expect(r.stderr).toContain(`${given}:1:1: error: the protocol description (--protocol) ${why}`);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.code).toBe(1);
    }
  });

  it('--protocol is wrong usage with a config, and with an empty value', () => {
    const withConfig = cliIn(dir, 'generate', '--config', 'idl/mapi-sync', '--out', 'by-config', '--protocol', PROTOCOLS[0]);
    expect(withConfig.code).toBe(2);
    expect(withConfig.stderr).toMatch(/--protocol applies to --idl; a comidl\.config\.json lists its own "protocols"/);
    const empty = cliIn(dir, 'generate', ...MAPI_SYNC, '--protocol=');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/option --protocol needs a file/);
    const elsewhere = cliIn(dir, 'vtable', '--protocol', PROTOCOLS[0], 'idl/mapi-sync/mapi-sync.idl');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/option --protocol does not apply to this command/);
  });
});

const FOO = (method: string) => `${BASE_IDL}
[object, uuid(6b29fc40-ca47-1067-b31d-00dd010662da)]
interface IFoo : IUnknown
{
    ${method}
}
`;

describe('--idl and the vtable lock beside the IDL file', () => {
  const dir = tempDir('idl-lock', (d) => writeFiles(d, { 'lib/foo.idl': FOO('HRESULT Bar([in] ULONG n);') }));
  const argv = ['--idl', 'lib/foo.idl', '--scope', '@f', '--name', 'foo', '--out', 'out'];
  const lock = () => path.join(dir, 'lib/vtable.lock.json');

  it('without a lock, generate checks nothing and writes none beside the IDL', () => {
    const r = cliIn(dir, 'generate', ...argv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(lock())).toBe(false);
  });

  it('--update-lock creates it, with the interface', () => {
    const r = cliIn(dir, 'generate', ...argv, '--update-lock');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote lib\/vtable\.lock\.json$/m);
    const locked = JSON.parse(readFileSync(lock(), 'utf8')) as { interfaces: Record<string, { name: string }> };
    expect(locked.interfaces['6b29fc40-ca47-1067-b31d-00dd010662da']?.name).toBe('IFoo');
  });

  it('a changed slot behind the locked IID stops generate and check, named in the lock; --update-lock accepts it', () => {
    writeFileSync(path.join(dir, 'lib/foo.idl'), FOO('HRESULT Bar([in] ULONG n, [in] ULONG m);'));
    const before = snapshot(path.join(dir, 'out'));
    const lockBefore = readFileSync(lock(), 'utf8');
    for (const command of ['generate', 'check']) {
      const r = cliIn(dir, command, ...argv);
      expect(r.stderr).toMatch(/^lib\/vtable\.lock\.json: error: IFoo slot 3: Bar parameter count 1 -> 2/m);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.code).toBe(1);
    }
    expect(snapshot(path.join(dir, 'out'))).toEqual(before);
    expect(readFileSync(lock(), 'utf8')).toBe(lockBefore);
    const accepted = cliIn(dir, 'generate', ...argv, '--update-lock');
    expect(accepted.code).toBe(0);
    expect(readFileSync(lock(), 'utf8')).not.toBe(lockBefore);
    expect(cliIn(dir, 'check', ...argv).code).toBe(0);
  });

  it('a lock that is not a regular file is a located error', () => {
    writeFiles(dir, { 'other/vtable.lock.json/x': '', 'other/foo.idl': FOO('HRESULT Bar([in] ULONG n);') });
    const bad = cliIn(dir, 'generate', '--idl', 'other/foo.idl', '--scope', '@f', '--name', 'foo', '--out', 'out3');
    expect(bad.stderr).toMatch(/^other\/vtable\.lock\.json:1:1: error: the vtable lock .*directory/m);
    expect(bad.code).toBe(1);
  });
});
