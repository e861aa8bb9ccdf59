#!/usr/bin/env node
// Makes Wine's IDL corpus (libwine-dev) and its IDL compiler (widl, from
// wine64-tools) available under <repo>/.cache/wine/root, at a pinned Debian
// version so that conformance results are reproducible.
//
//   node tools/wine/fetch.mjs          fetch if needed, print the paths
//
// Other scripts import { ensureCorpus } and the path constants.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isMain, REPO_ROOT, runMain, shown, UserError } from './main.mjs';

export { REPO_ROOT };

export const WINE_VERSION = '8.0~repack-4';
export const PACKAGES = ['libwine-dev', 'wine64-tools'];

export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'wine');
export const ROOT_DIR = path.join(CACHE_DIR, 'root');
const DEB_DIR = path.join(CACHE_DIR, 'debs');
const STAMP = path.join(CACHE_DIR, 'stamp.json');

/** Include directories, in the order widl and our front end are given them. */
export const IDL_DIRS = [
  path.join(ROOT_DIR, 'usr/include/wine/wine/windows'),
  path.join(ROOT_DIR, 'usr/include/wine/wine'),
];
export const WIDL = path.join(ROOT_DIR, 'usr/lib/wine/widl');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.error && r.error.code === 'ENOENT') {
    throw new UserError(`${cmd} not found: fetching the Wine corpus needs a Debian-based machine (apt-get, dpkg).`);
  }
  if (r.error) throw new UserError(`${cmd} failed to start: ${r.error.message}`);
  return r;
}

function stampMatches() {
  try {
    const s = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
    return s.version === WINE_VERSION && s.packages.join() === PACKAGES.join() && fs.existsSync(WIDL) && IDL_DIRS.every((d) => fs.existsSync(d));
  } catch {
    return false;
  }
}

const pinned = () => PACKAGES.map((p) => `${p}=${WINE_VERSION}`);

function versionAvailable() {
  // `apt-cache show pkg=ver` exits 0 even for unknown versions; madison lists what apt offers.
  return PACKAGES.every((p) => {
    const r = run('apt-cache', ['madison', p]);
    return r.status === 0 && r.stdout.split('\n').some((l) => l.split('|').map((c) => c.trim())[1] === WINE_VERSION);
  });
}

function hasAptLists() {
  try {
    return fs.readdirSync('/var/lib/apt/lists').some((f) => f.endsWith('_Packages') || f.includes('_Packages.'));
  } catch {
    return false;
  }
}

function ensureAptKnowsVersion(log) {
  if (versionAvailable()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const noLists = !hasAptLists();
  if (!isRoot) {
    throw new UserError(
      noLists
        ? 'apt has no package lists yet. Run: sudo apt-get update   (then run this again)'
        : `apt does not know ${pinned().join(' ')}. Run: sudo apt-get update   (then run this again)`,
    );
  }
  log('apt-get update ...');
  const u = run('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (u.status !== 0) throw new UserError(`apt-get update failed:\n${u.stderr.trim()}`);
  if (!versionAvailable()) {
    throw new UserError(
      `apt sources do not offer ${pinned().join(' ')} (Debian bookworm main has it). ` +
        'Check /etc/apt/sources.list(.d) on this machine.',
    );
  }
}

function download(log) {
  fs.mkdirSync(DEB_DIR, { recursive: true });
  // apt names the file <package>_<version>_<arch>.deb (some apt versions escape '~' as %7e).
  const versions = [WINE_VERSION, WINE_VERSION.replace('~', '%7e')];
  const have = (p) => fs.readdirSync(DEB_DIR).find((f) => f.endsWith('.deb') && versions.some((v) => f.startsWith(`${p}_${v}_`)));
  const missing = PACKAGES.filter((p) => !have(p));
  if (missing.length) {
    ensureAptKnowsVersion(log);
    log(`apt-get download ${missing.map((p) => `${p}=${WINE_VERSION}`).join(' ')} ...`);
    const d = run('apt-get', ['download', ...missing.map((p) => `${p}=${WINE_VERSION}`)], { cwd: DEB_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
    if (d.status !== 0) throw new UserError(`apt-get download failed:\n${d.stderr.trim()}`);
  }
  return PACKAGES.map((p) => {
    const f = have(p);
    if (!f) throw new UserError(`apt-get download did not leave a ${p} .deb in ${DEB_DIR}`);
    return path.join(DEB_DIR, f);
  });
}

function extract(debs, log) {
  const tmp = `${ROOT_DIR}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  for (const deb of debs) {
    log(`dpkg -x ${path.basename(deb)}`);
    const x = run('dpkg', ['-x', deb, tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (x.status !== 0) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new UserError(`dpkg -x ${deb} failed:\n${x.stderr.trim()}`);
    }
  }
  fs.rmSync(ROOT_DIR, { recursive: true, force: true });
  fs.renameSync(tmp, ROOT_DIR);
}

/**
 * Makes sure the corpus is extracted; instant when the stamp says it is.
 * Throws UserError with a user-facing message on failure.
 */
export function ensureCorpus({ log = (m) => process.stderr.write(`wine: ${m}\n`) } = {}) {
  if (!stampMatches()) {
    const debs = download(log);
    extract(debs, log);
    for (const p of [WIDL, ...IDL_DIRS]) {
      if (!fs.existsSync(p)) throw new UserError(`expected ${shown(p)} in the extracted packages, but it is missing`);
    }
    fs.writeFileSync(STAMP, `${JSON.stringify({ version: WINE_VERSION, packages: PACKAGES, debs: debs.map((d) => path.basename(d)) }, null, 2)}\n`);
  }
  return { idlDirs: IDL_DIRS, widl: WIDL, root: ROOT_DIR };
}

if (isMain(import.meta.url)) {
  runMain(() => {
    const t = Date.now();
    const c = ensureCorpus();
    process.stdout.write(`widl     ${shown(c.widl)}\n`);
    for (const d of c.idlDirs) process.stdout.write(`idl dir  ${shown(d)}\n`);
    process.stdout.write(`(${Date.now() - t} ms)\n`);
    return 0;
  });
}
