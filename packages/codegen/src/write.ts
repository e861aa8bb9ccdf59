/**
 * Writing generated packages: only after the whole generation succeeded, each file through a temporary
 * file and a rename (a reader never sees half a file), files that are byte-identical left untouched, and
 * generated sources that are no longer produced removed. Build output (dist) and anything else in a
 * package directory is left alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GeneratedPackage } from './generate';

export interface WriteReport {
  written: string[];
  unchanged: number;
  removed: string[];
}

/** The files a generated package owns: its sources and package files, not its build output. */
export function ownedFiles(packageDir: string): string[] {
  const out: string[] = [];
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.lib.json']) if (fs.existsSync(path.join(packageDir, f))) out.push(f);
  const walk = (rel: string) => {
    const dir = path.join(packageDir, rel);
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('src');
  return out.sort();
}

export function writePackages(outDir: string, packages: readonly GeneratedPackage[]): WriteReport {
  const report: WriteReport = { written: [], unchanged: 0, removed: [] };
  // Stage every changed file first; rename them into place only when all were staged.
  const staged: { temp: string; target: string; rel: string }[] = [];
  try {
    for (const pkg of packages) {
      const dir = path.join(outDir, pkg.directory);
      for (const f of pkg.files) {
        const target = path.join(dir, f.path);
        if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === f.text) {
          report.unchanged++;
          continue;
        }
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const temp = `${target}.${process.pid}.tmp`;
        fs.writeFileSync(temp, f.text);
        staged.push({ temp, target, rel: `${pkg.directory}/${f.path}` });
      }
    }
  } catch (e) {
    for (const s of staged) fs.rmSync(s.temp, { force: true });
    throw e;
  }
  for (const s of staged) {
    fs.renameSync(s.temp, s.target);
    report.written.push(s.rel);
  }
  for (const pkg of packages) {
    const dir = path.join(outDir, pkg.directory);
    const wanted = new Set(pkg.files.map((f) => f.path));
    for (const f of ownedFiles(dir)) {
      if (!wanted.has(f)) {
        fs.rmSync(path.join(dir, f));
        report.removed.push(`${pkg.directory}/${f}`);
      }
    }
  }
  return report;
}
