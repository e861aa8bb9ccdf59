/**
 * Shared by the tests that use packages as a user gets them: `npm pack` of built packages, and commands run
 * in a project of the system's temporary folder, outside the repository.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface Packed {
  readonly name: string;
  readonly dir: string;
  /** Absolute path of the tarball. */
  readonly tarball: string;
  /** Entries of `tar -tzf`, without the leading `package/`. */
  readonly entries: readonly string[];
  /** The package.json in the tarball. */
  readonly manifest: Record<string, any>;
}

/** A tool of the repository (resolved from the repository root, as `npm ci` installed it): its bin script. */
export function repoBin(pkg: string, bin: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`, { paths: [REPO_ROOT] });
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin];
  return path.join(path.dirname(manifestPath), relative);
}

/**
 * A package and everything it depends on, as the repository's lockfile installed them (top-level
 * `node_modules/<name>` entries, followed through their `dependencies`), sorted.
 */
export function installedClosure(root: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string> }>;
  };
  const seen = new Set<string>();
  const queue = [root];
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    const entry = lock.packages[`node_modules/${name}`];
    if (!entry) throw new Error(`package-lock.json installs no node_modules/${name} (needed by ${root})`);
    seen.add(name);
    queue.push(...Object.keys(entry.dependencies ?? {}));
  }
  return [...seen].sort();
}

/** Nx as the tests run it: offline, without its daemon or terminal UI, plugins in-process, as on CI. */
export const NX_OFFLINE: Readonly<Record<string, string>> = { NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_TUI: 'false', CI: 'true' };

/** Forward slashes, for comparing paths with tools' listings. */
export const slash = (p: string): string => p.split(path.sep).join('/');

/**
 * Runs commands for a test whose files live under `work`. The environment of every child: no npm_*
 * variables inherited from an npm or npx that started this run (npm_config_local_prefix would point npm back
 * at the repository), no user npmrc, no colour. With `ownCache`, npm gets a cache of its own, so an install
 * that wanted the registry fails instead of being served from a warm cache; without it, npm uses the
 * machine's cache (third-party packages may come from there or the registry). `env` adds variables to every
 * child's environment (such as NX_OFFLINE).
 */
export class Runner {
  constructor(
    readonly work: string,
    private readonly options: { ownCache: boolean; env?: Readonly<Record<string, string>> },
  ) {}

  env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (/^npm_/i.test(key) || key === 'NODE_OPTIONS' || key === 'JEST_WORKER_ID') continue;
      env[key] = value;
    }
    const npmrc = path.join(this.work, 'npmrc');
    if (!fs.existsSync(npmrc)) fs.writeFileSync(npmrc, '');
    env['npm_config_userconfig'] = npmrc;
    if (this.options.ownCache) env['npm_config_cache'] = path.join(this.work, 'npm-cache');
    env['npm_config_update_notifier'] = 'false';
    env['NO_COLOR'] = '1';
    env['FORCE_COLOR'] = '0';
    return { ...env, ...this.options.env };
  }

  run(command: string, args: readonly string[], cwd: string, input?: string): SpawnSyncReturns<string> {
    const windowsNpm = process.platform === 'win32' && (command === 'npm' || command === 'npx');
    const result = spawnSync(windowsNpm ? `${command}.cmd` : command, args, {
      cwd,
      env: this.env(),
      encoding: 'utf8',
      shell: windowsNpm,
      input,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    return result;
  }

  /** Runs a command that must succeed; its failure message carries the command's output. */
  runOk(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
    const result = this.run(command, args, cwd);
    if (result.status !== 0) throw new Error(describeRun(command, args, result));
    return result;
  }

  /**
   * `npm pack` of third-party packages as the repository installed them (`node_modules/<name>`, the versions
   * its lockfile pins, scripts not run): what a project installs beside the packed packages so that an
   * offline install needs nothing from the registry.
   */
  packInstalled(names: readonly string[], destination: string): Array<{ name: string; version: string; tarball: string }> {
    fs.mkdirSync(destination, { recursive: true });
    // One npm for them all: `npm pack` takes folders.
    const folders = names.map((name) => path.join(REPO_ROOT, 'node_modules', name));
    const args = ['pack', '--json', '--ignore-scripts', '--pack-destination', destination, ...folders];
    const report = JSON.parse(this.runOk('npm', args, destination).stdout) as Array<{ name: string; version: string; filename: string }>;
    const packed = report.map((r) => r.name);
    if (packed.join() !== names.join()) throw new Error(`npm pack packed ${packed.join(', ')}, not ${names.join(', ')}`);
    return report.map((r) => ({ name: r.name, version: r.version, tarball: path.join(destination, r.filename) }));
  }

  /**
   * `npm pack` of built packages of the repository into `destination`, each with its tarball's listing. A
   * package with `unbuilt: true` ships its sources as they are (@comidl/nx: plain JavaScript).
   */
  pack(packages: readonly { name: string; dir: string; unbuilt?: boolean }[], destination: string): Packed[] {
    const missing = packages.flatMap(({ dir, unbuilt }) =>
      unbuilt ? [] : ['dist/index.js', 'dist/index.d.ts'].map((file) => `${dir}/${file}`).filter((file) => !fs.existsSync(path.join(REPO_ROOT, file))),
    );
    if (missing.length) throw new Error(`the packages are not built (no ${missing.join(', ')}): run npm run build first`);
    fs.mkdirSync(destination, { recursive: true });
    return packages.map(({ name, dir }) => {
      const args = ['pack', '--json', '--pack-destination', destination];
      const result = this.runOk('npm', args, path.join(REPO_ROOT, dir));
      let report: Array<{ name: string; filename: string }>;
      try {
        report = JSON.parse(result.stdout);
      } catch {
        throw new Error(`npm pack --json printed no JSON for ${name}:\n${describeRun('npm', args, result)}`);
      }
      if (report.length !== 1 || report[0].name !== name) throw new Error(`npm pack in ${dir} packed ${report.map((r) => r.name).join(', ')}, not ${name}`);
      const tarball = path.join(destination, report[0].filename);
      const listing = this.runOk('tar', ['-tzf', tarball], destination).stdout;
      const entries = listing
        .split(/\r?\n/)
        .filter((line) => line !== '' && !line.endsWith('/'))
        .map((line) => line.replace(/^package\//, ''))
        .sort();
      const manifest = JSON.parse(this.runOk('tar', ['-xzOf', tarball, 'package/package.json'], destination).stdout);
      return { name, dir, tarball, entries, manifest };
    });
  }
}

export function describeRun(command: string, args: readonly string[], result: SpawnSyncReturns<string>): string {
  return (
    `${command} ${args.join(' ')} exited ${result.status}${result.signal ? ` (${result.signal})` : ''}\n` +
    `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`
  );
}

/** A step done once, on first use; a failure is kept and rethrown to every test that needs it. */
export function once<T>(step: () => T): () => T {
  let outcome: { value: T } | { error: unknown } | undefined;
  return () => {
    outcome ??= (() => {
      try {
        return { value: step() };
      } catch (error) {
        return { error };
      }
    })();
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
}
