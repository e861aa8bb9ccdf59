/**
 * The generated packages' module format: `dual` by default (ES modules in dist/ for `import`, CommonJS in
 * dist/cjs/ for `require`), `esm` or `commonjs` from the config's `moduleFormat` or `--module-format` with
 * `--idl`. A dual package built with its own build script loads both ways under Node, with
 * @comidl/runtime's build of the same format.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { BASE_IDL, cliIn, REPO_ROOT, tempDir, writeFiles } from './helpers';

const LIB = `import "base.idl";\n[object, uuid(11111111-0000-0000-0000-000000000002)]\ninterface ILib : IUnknown\n{\n    HRESULT Open([in] ULONG flags, [out] ULONG *count);\n}\n`;
const KINDS = ['interfaces', 'proxies', 'mocks', 'native'] as const;

const manifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, any>;
const tsconfig = (dir: string, file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8').replace(/^\/\/.*\n/, '')) as { compilerOptions: Record<string, unknown> };

describe('the module format of generated packages', () => {
  const dir = tempDir('module-format', (d) =>
    writeFiles(d, {
      'idl/base.idl': BASE_IDL,
      'idl/lib.idl': LIB,
      'idl/comidl.config.json': JSON.stringify({ name: 'small', scope: '@small', files: ['lib.idl'] }),
      'cjs/base.idl': BASE_IDL,
      'cjs/lib.idl': LIB,
      'cjs/comidl.config.json': JSON.stringify({ name: 'old', scope: '@old', files: ['lib.idl'], moduleFormat: 'commonjs' }),
    }),
  );

  it('is dual by default: import gives dist/, require gives dist/cjs/, and the build script builds both', () => {
    const r = cliIn(dir, 'generate', '--config', 'idl', '--out', 'out');
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    for (const kind of KINDS) {
      const pkg = path.join(dir, 'out', `small-${kind}`);
      expect(manifest(pkg)).toMatchObject({
        type: 'module',
        main: './dist/cjs/index.js',
        types: './dist/index.d.ts',
        exports: {
          '.': {
            import: { types: './dist/index.d.ts', default: './dist/index.js' },
            require: { types: './dist/cjs/index.d.ts', default: './dist/cjs/index.js' },
          },
        },
      });
      expect(manifest(pkg)['scripts']['build']).toMatch(/^tsc -p tsconfig\.lib\.json && tsc -p tsconfig\.cjs\.json && node -e "[^"]*dist\/cjs\/package\.json[^"]*commonjs[^"]*"$/);
      expect(tsconfig(pkg, 'tsconfig.cjs.json').compilerOptions).toMatchObject({ module: 'commonjs', moduleResolution: 'bundler', outDir: 'dist/cjs', rootDir: 'src' });
      expect(tsconfig(pkg, 'tsconfig.lib.json').compilerOptions).toMatchObject({ module: 'nodenext', outDir: 'dist' });
      expect(JSON.parse(readFileSync(path.join(pkg, 'comidl.manifest.json'), 'utf8')).files).toContain('tsconfig.cjs.json');
      expect(readFileSync(path.join(pkg, 'README.md'), 'utf8')).toContain('both ES modules (`dist/`, for `import`) and CommonJS (`dist/cjs/`, for `require`');
    }
  });

  it('builds with its own build script and loads with require and with import', () => {
    const out = path.join(dir, 'out');
    if (!existsSync(path.join(out, 'small-proxies/package.json'))) expect(cliIn(dir, 'generate', '--config', 'idl', '--out', 'out').code).toBe(0);
    // The project the packages are installed in: @comidl/runtime (this repository's, built) and the siblings.
    const modules = path.join(dir, 'node_modules');
    mkdirSync(path.join(modules, '@comidl'), { recursive: true });
    mkdirSync(path.join(modules, '@small'), { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'packages/runtime'), path.join(modules, '@comidl/runtime'), 'dir');
    expect(existsSync(path.join(REPO_ROOT, 'packages/runtime/dist/cjs/index.js'))).toBe(true);
    for (const kind of ['interfaces', 'proxies'] as const) symlinkSync(path.join(out, `small-${kind}`), path.join(modules, `@small/${kind}`), 'dir');
    const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    // `npm run build`, with the repository's TypeScript standing in for the package's devDependency.
    const build = manifest(path.join(out, 'small-proxies'))['scripts']['build'] as string;
    for (const kind of ['interfaces', 'proxies'] as const) {
      const r = spawnSync(build.replaceAll('tsc ', `"${process.execPath}" "${tsc}" `), { cwd: path.join(out, `small-${kind}`), shell: true, encoding: 'utf8' });
      expect({ kind, status: r.status, output: r.stdout + r.stderr }).toEqual({ kind, status: 0, output: '' });
    }
    expect(JSON.parse(readFileSync(path.join(out, 'small-proxies/dist/cjs/package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    const probe = (code: string, type: 'commonjs' | 'module') => {
      const r = spawnSync(process.execPath, ['--input-type', type, '-e', code], { cwd: dir, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
    };
    // The CommonJS build requires the runtime's CommonJS build: the proxy's base class is that runtime's.
    expect(
      probe(
        "const p = require('@small/proxies'); const r = require('@comidl/runtime'); console.log([typeof p.ILibProxy, Object.getPrototypeOf(p.IUnknownProxy) === r.ComProxy, require.resolve('@small/proxies').includes('cjs')].join(' '))",
        'commonjs',
      ),
    ).toEqual({ status: 0, stdout: 'function true true', stderr: '' });
    expect(
      probe(
        "import * as p from '@small/proxies'; import * as r from '@comidl/runtime'; console.log([typeof p.ILibProxy, Object.getPrototypeOf(p.IUnknownProxy) === r.ComProxy, import.meta.resolve('@small/proxies').includes('cjs')].join(' '))",
        'module',
      ),
    ).toEqual({ status: 0, stdout: 'function true false', stderr: '' });
  });

  it('is ES modules only with "esm" and CommonJS only with "commonjs"; a format no longer generated loses its files', () => {
    const r = cliIn(dir, 'generate', '--idl', 'idl/lib.idl', '--scope', '@small', '--name', 'small', '--out', 'out', '--module-format', 'esm');
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const proxies = path.join(dir, 'out/small-proxies');
    expect(manifest(proxies)).toMatchObject({ type: 'module', main: './dist/index.js', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } });
    expect(manifest(proxies)['scripts']['build']).toBe('tsc -p tsconfig.lib.json');
    expect(existsSync(path.join(proxies, 'tsconfig.cjs.json'))).toBe(false);
    const readme = readFileSync(path.join(proxies, 'README.md'), 'utf8');
    expect(readme).toContain(' --module-format esm ');
    const command = /^npx --no-install comidl generate (.*)$/m.exec(readme)![1].split(' ');
    expect(readme).toContain('regenerate, from the folder that holds idl:\n');
    expect(cliIn(dir, 'check', ...command).code).toBe(0);
    expect(cliIn(dir, 'check', ...command.filter((w, i, all) => w !== '--module-format' && all[i - 1] !== '--module-format')).code).toBe(1);

    expect(cliIn(dir, 'generate', '--config', 'cjs', '--out', 'out').code).toBe(0);
    const old = path.join(dir, 'out/old-mocks');
    expect(manifest(old)).toMatchObject({ type: 'commonjs', main: './dist/index.js', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } });
    expect(tsconfig(old, 'tsconfig.lib.json').compilerOptions).toMatchObject({ module: 'commonjs', moduleResolution: 'bundler', outDir: 'dist' });
    expect(tsconfig(old, 'tsconfig.json').compilerOptions).toMatchObject({ module: 'commonjs', moduleResolution: 'bundler', noEmit: true });
    expect(existsSync(path.join(old, 'tsconfig.cjs.json'))).toBe(false);
  });

  it('refuses a format it does not know, in the config (located) and on the command line (usage)', () => {
    writeFiles(dir, { 'bad/lib.idl': LIB, 'bad/base.idl': BASE_IDL, 'bad/comidl.config.json': '{ "name": "bad", "scope": "@bad", "files": ["lib.idl"],\n  "moduleFormat": "cjs" }\n' });
    const r = cliIn(dir, 'generate', '--config', 'bad', '--out', 'other');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad/comidl.config.json:2:19: error: moduleFormat: must be "dual" (ES modules and CommonJS, the default), "esm" or "commonjs"');
    expect(existsSync(path.join(dir, 'other'))).toBe(false);
    const usage = cliIn(dir, 'generate', '--idl', 'idl/lib.idl', '--scope', '@small', '--name', 'small', '--out', 'other', '--module-format', 'cjs');
    expect({ code: usage.code, stderr: usage.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('--module-format cjs: one of esm, commonjs, dual') });
    const withConfig = cliIn(dir, 'generate', '--config', 'idl', '--out', 'other', '--module-format', 'esm');
    expect({ code: withConfig.code, stderr: withConfig.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('--module-format applies to --idl') });
  });
});
