/**
 * The inferred project of a library folder against what comidl really does: its outputs cover every file the
 * generation driver writes for the library (and nothing a build or an install writes), and its inputs cover
 * every file the front end reads outside the folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLibrary } from '@comidl/codegen';
import { LOCK_FILE_NAME } from '@comidl/model';
import { createNodesV2 } from '../src/index.js';
import { libraryProject } from '../src/library-target.js';

const ROOT = path.resolve(__dirname, '../../..');

type Target = { command: string; inputs: unknown[]; outputs: string[]; cache: boolean };
const targetOf = (configFile: string, root = ROOT, options = {}) => {
  const { project } = libraryProject(configFile, options, root);
  return { project, target: (project.targets as Record<string, Target>)['generate'] };
};

/** Whether an output entry (`{workspaceRoot}/a/b/src`, `{workspaceRoot}/a/b/*.json`) captures `file` (workspace-relative). */
function captured(entry: string, file: string, projectRoot: string): boolean {
  const p = entry.replace('{workspaceRoot}/', '').replace('{projectRoot}', projectRoot);
  const star = p.lastIndexOf('/*');
  if (star < 0) return file === p || file.startsWith(`${p}/`);
  return path.posix.dirname(file) === p.slice(0, star) && file.endsWith(p.slice(star + 2));
}

describe('the generate target inferred for a comidl.config.json', () => {
  const configFile = 'idl/mapi-sync/comidl.config.json';
  const run = runLibrary({ library: { kind: 'config', file: path.join(ROOT, configFile) }, outDir: path.join(ROOT, 'packages/generated'), root: ROOT });

  it('outputs every file the driver generates, and the vtable lock', () => {
    const { target } = targetOf(configFile);
    expect(run.packages.length).toBe(4);
    const files = run.packages.flatMap((p) => p.files.map((f) => `packages/generated/${p.directory}/${f.path}`));
    expect(files.length).toBeGreaterThan(20);
    const missed = files.filter((f) => !target.outputs.some((o) => captured(o, f, 'idl/mapi-sync')));
    expect(missed).toEqual([]);
    expect(target.outputs).toContain(`{projectRoot}/${LOCK_FILE_NAME}`);
    expect(target.cache).toBe(true);
    // An output is no input: the run that writes the lock first is followed by a cache hit.
    expect(target.inputs).toContain(`!{projectRoot}/${LOCK_FILE_NAME}`);
  });

  it('never outputs what a build or an install puts in a package folder', () => {
    const { target } = targetOf(configFile);
    for (const p of run.packages) {
      for (const f of ['dist/index.js', 'dist/.tsbuildinfo', 'node_modules/x/package.json']) {
        expect(target.outputs.filter((o) => captured(o, `packages/generated/${p.directory}/${f}`, 'idl/mapi-sync'))).toEqual([]);
      }
    }
  });

  it('has as inputs every file the front end reads outside the library folder', () => {
    const { target } = targetOf(configFile);
    const read = [...run.texts.keys()].map((f) => path.relative(ROOT, f).split(path.sep).join('/')).filter((f) => !f.startsWith('idl/mapi-sync/'));
    expect(read.length).toBeGreaterThan(2);
    expect(read.filter((f) => !target.inputs.includes(`{workspaceRoot}/${f}`))).toEqual([]);
    expect(target.inputs).toContain('{projectRoot}/**/*');
    expect(target.inputs).toContainEqual({ externalDependencies: ['@comidl/cli'] });
  });

  it('is the project idl-<name>, whose name the generated packages depend on', () => {
    const { project } = targetOf(configFile);
    expect(project.name).toBe('idl-mapi-sync');
    // The committed package (npm run check:generated keeps it equal to what the driver generates).
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages/generated/mapi-sync-interfaces/package.json'), 'utf8'));
    expect(manifest.nx.implicitDependencies).toEqual([project.name]);
  });

  it('runs comidl on the config into the output folder the options name', () => {
    expect(targetOf(configFile).target.command).toBe('comidl generate --config idl/mapi-sync/comidl.config.json --out packages/generated');
    const { target } = targetOf(configFile, ROOT, { out: 'libs/com', command: 'node gen.mjs {name} {projectRoot}' });
    expect(target.command).toBe('node gen.mjs mapi-sync idl/mapi-sync');
    expect(target.outputs).toContain('{workspaceRoot}/libs/com/mapi-sync-proxies/src');
  });
});

describe('a config the plugin cannot read', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comidl-nx-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('still gives a target (running it reports the config), which outputs only the lock', async () => {
    fs.mkdirSync(path.join(dir, 'idl/broken'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'idl/broken/comidl.config.json'), '{ "name": ');
    const [, create] = createNodesV2;
    const [[file, result]] = await create(['idl/broken/comidl.config.json'], undefined, { workspaceRoot: dir });
    expect(file).toBe('idl/broken/comidl.config.json');
    const project = (result.projects as Record<string, { name: string; targets: Record<string, Target> }>)['idl/broken'];
    expect(project.name).toBe('idl-broken');
    expect(project.targets['generate'].outputs).toEqual(['{projectRoot}/vtable.lock.json']);
  });

  it('follows imports into the include folders the options name (the base IDL of the generator)', () => {
    fs.cpSync(path.join(ROOT, 'idl/com'), path.join(dir, 'base/com'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'lib/comidl.config.json'), JSON.stringify({ name: 'x', scope: '@x', files: ['x.idl'] }));
    fs.writeFileSync(path.join(dir, 'lib/x.idl'), 'import "unknwn.idl";\n');
    const without = libraryProject('lib/comidl.config.json', {}, dir).project.targets['generate'];
    expect(without.inputs.filter((i) => typeof i === 'string' && i.includes('base/'))).toEqual([]);
    const { inputs } = libraryProject('lib/comidl.config.json', { includeDirs: ['base/com'] }, dir).project.targets['generate'];
    expect(inputs).toEqual(expect.arrayContaining(['{workspaceRoot}/base/com/**/*.idl', '{workspaceRoot}/base/com/unknwn.idl', '{workspaceRoot}/base/com/wtypes.idl']));
  });

  it('depends on the libraries a config uses: their generate runs first, an edit of their config affects it', () => {
    const write = (file: string, value: object) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), JSON.stringify(value));
    };
    write('idl/base/comidl.config.json', { name: 'base', scope: '@base', files: ['base.idl'] });
    write('idl/mid/comidl.config.json', { name: 'mid', scope: '@mid', files: ['mid.idl'], uses: ['../base'] });
    write('idl/app/comidl.config.json', { name: 'app', scope: '@app', files: ['app.idl'], uses: ['../mid/comidl.config.json', '../missing'] });
    const app = libraryProject('idl/app/comidl.config.json', { dependsOn: ['^build'] }, dir).project as { implicitDependencies?: string[]; targets: Record<string, Target & { dependsOn?: unknown[] }> };
    expect(app.implicitDependencies).toEqual(['idl-mid']);
    expect(app.targets['generate'].dependsOn).toEqual(['^build', { projects: ['idl-mid'], target: 'generate' }]);
    expect(app.targets['generate'].inputs).toContain('{workspaceRoot}/idl/mid/comidl.config.json');
    const mid = libraryProject('idl/mid/comidl.config.json', {}, dir).project as { implicitDependencies?: string[]; targets: Record<string, Target & { dependsOn?: unknown[] }> };
    expect(mid.targets['generate'].dependsOn).toEqual([{ projects: ['idl-base'], target: 'generate' }]);
    const base = libraryProject('idl/base/comidl.config.json', {}, dir).project as { implicitDependencies?: string[]; targets: Record<string, Target & { dependsOn?: unknown[] }> };
    expect({ implicit: base.implicitDependencies, dependsOn: base.targets['generate'].dependsOn }).toEqual({ implicit: undefined, dependsOn: undefined });
  });

  it('takes an installed library a config uses as an external dependency, not a project', () => {
    fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'lib/comidl.config.json'), JSON.stringify({ name: 'x', scope: '@x', files: ['x.idl'], uses: ['@com/idl', '@com/idl/win32', 'com-extra'] }));
    const project = libraryProject('lib/comidl.config.json', {}, dir).project as { implicitDependencies?: string[]; targets: Record<string, Target & { dependsOn?: unknown[] }> };
    expect(project.targets['generate'].inputs).toContainEqual({ externalDependencies: ['@com/idl', 'com-extra'] });
    expect({ implicit: project.implicitDependencies, dependsOn: project.targets['generate'].dependsOn }).toEqual({ implicit: undefined, dependsOn: undefined });
  });

  it('in the sources form, outputs each kind\'s folder of <out>/<name>: every file the driver generates, nothing of the project beside', () => {
    for (const lib of ['mapi-sync', 'com', 'mapi']) fs.cpSync(path.join(ROOT, 'idl', lib), path.join(dir, 'idl', lib), { recursive: true });
    const configFile = path.join(dir, 'idl/mapi-sync/comidl.config.json');
    fs.writeFileSync(configFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(configFile, 'utf8')), form: 'sources' }));
    const sources = runLibrary({ library: { kind: 'config', file: configFile }, outDir: path.join(dir, 'src/generated'), root: dir });
    const files = sources.packages.flatMap((p) => p.files.map((f) => `src/generated/${p.directory}/${f.path}`));
    expect(files).toContain('src/generated/mapi-sync/interfaces/ostx.ts');
    const { outputs } = libraryProject('idl/mapi-sync/comidl.config.json', { out: 'src/generated' }, dir).project.targets['generate'] as Target;
    expect(files.filter((f) => !outputs.some((o) => captured(o, f, 'idl/mapi-sync')))).toEqual([]);
    for (const mine of ['src/app.ts', 'src/generated/other.ts', 'src/generated/mapi-sync-interfaces/src/x.ts']) {
      expect(outputs.filter((o) => captured(o, mine, 'idl/mapi-sync'))).toEqual([]);
    }
  });

  it('takes the name of a project.json beside the config', () => {
    fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'lib/comidl.config.json'), JSON.stringify({ name: 'x', scope: '@x', files: ['x.idl'] }));
    fs.writeFileSync(path.join(dir, 'lib/project.json'), JSON.stringify({ name: 'my-idl' }));
    expect(libraryProject('lib/comidl.config.json', {}, dir).project.name).toBe('my-idl');
  });
});
