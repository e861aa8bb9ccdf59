/**
 * `comidl init`: a new library (config and starter IDL) in any folder, which `comidl generate` accepts as it
 * is (its `import "unknwn.idl";` found in the base IDL comidl ships); never an overwrite; usage errors.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliIn, STACK_TRACE, tempDir } from './helpers';

const UUID = /uuid\(([0-9a-f-]{36})\)/;

describe('comidl init', () => {
  const dir = tempDir('init');

  it('writes a config naming the shipped schema and a starter IDL that generates', () => {
    const r = cliIn(dir, 'init', 'idl/sample-lib', '--scope', '@sample');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote idl/sample-lib/comidl.config.json\nwrote idl/sample-lib/sample-lib.idl\n');
    const config = JSON.parse(readFileSync(path.join(dir, 'idl/sample-lib/comidl.config.json'), 'utf8'));
    expect(config).toEqual({ $schema: expect.stringMatching(/^\.\.\/.*comidl\.config\.schema\.json$/), name: 'sample-lib', scope: '@sample', files: ['sample-lib.idl'] });
    // The relative $schema reaches the schema this package ships.
    const schema = JSON.parse(readFileSync(path.resolve(dir, 'idl/sample-lib', config.$schema), 'utf8'));
    expect(schema.properties.includeDirs).toBeDefined();
    const idl = readFileSync(path.join(dir, 'idl/sample-lib/sample-lib.idl'), 'utf8');
    expect(idl).toContain('import "unknwn.idl";');
    expect(idl).toContain('interface ISampleLib : IUnknown');

    const g = cliIn(dir, 'generate', '--config', 'idl/sample-lib');
    expect(g.stderr).toBe('');
    expect(g.code).toBe(0);
    expect(readdirSync(path.join(dir, 'packages/generated')).sort()).toEqual(['sample-lib-interfaces', 'sample-lib-mocks', 'sample-lib-native', 'sample-lib-proxies']);
    expect(readFileSync(path.join(dir, 'packages/generated/sample-lib-interfaces/src/sample-lib.ts'), 'utf8')).toMatch(/export interface ISampleLib extends IUnknown/);
  });

  it('gives every library a fresh random IID, never the nil one', () => {
    const a = cliIn(dir, 'init', 'one');
    const b = cliIn(dir, 'init', 'two');
    expect([a.code, b.code]).toEqual([0, 0]);
    const iids = ['one/one.idl', 'two/two.idl'].map((f) => UUID.exec(readFileSync(path.join(dir, f), 'utf8'))![1]);
    expect(iids[0]).not.toBe(iids[1]);
    for (const iid of iids) expect(iid).not.toBe('00000000-0000-0000-0000-000000000000');
  });

  it('defaults to the current folder and its name', () => {
    mkdirSync(path.join(dir, 'here-lib'));
    const r = cliIn(path.join(dir, 'here-lib'), 'init');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'here-lib/comidl.config.json'), 'utf8'))).toMatchObject({ name: 'here-lib', scope: '@here-lib' });
  });

  it('refuses to overwrite: a clear error, nothing written, status 1', () => {
    mkdirSync(path.join(dir, 'taken'));
    writeFileSync(path.join(dir, 'taken/taken.idl'), 'mine');
    const r = cliIn(dir, 'init', 'taken');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('comidl init: taken/taken.idl exists already\ncomidl init: nothing was written\n');
    expect(existsSync(path.join(dir, 'taken/comidl.config.json'))).toBe(false);
    expect(readFileSync(path.join(dir, 'taken/taken.idl'), 'utf8')).toBe('mine');
  });

  it.each([
    [['init', 'a', 'b'], /one folder at most/],
    [['init', 'Bad_Folder'], /the folder name 'Bad_Folder' is no library name.*give --name NAME/],
    [['init', 'x', '--name', 'Bad'], /--name Bad: a lowercase package name/],
    [['init', 'x', '--scope', 'nope'], /--scope nope: an npm scope/],
    [['init', 'x', '--name='], /empty/],
    [['init', 'x', '--out', 'y'], /option --out does not apply to this command/],
    [['init', 'x', '-I', 'y'], /-I and -D do not apply to init/],
  ])('%j is a usage error (status 2, nothing written)', (argv, message) => {
    const r = cliIn(dir, ...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
    expect(existsSync(path.join(dir, 'Bad_Folder'))).toBe(false);
  });
});
