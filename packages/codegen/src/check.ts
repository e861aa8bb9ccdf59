/**
 * The stale check: generated packages, held in memory, against what an output directory holds. A package
 * owns its package files and its sources (`ownedFiles`); build output and anything else beside them is
 * not compared. Nothing is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GeneratedPackage } from './generate';
import { ownedFiles } from './write';

/** Paths relative to the output directory, with `/`, sorted: `mapi-sync-interfaces/src/vtables.ts`. */
export interface CheckReport {
  /** Generated, on disk, but with other contents. */
  stale: string[];
  /** Generated, not on disk. */
  missing: string[];
  /** Owned by a generated package on disk, no longer generated. */
  extra: string[];
}

export function checkPackages(outDir: string, packages: readonly GeneratedPackage[]): CheckReport {
  const report: CheckReport = { stale: [], missing: [], extra: [] };
  for (const pkg of packages) {
    const dir = path.join(outDir, pkg.directory);
    const wanted = new Set<string>();
    for (const f of pkg.files) {
      wanted.add(f.path);
      const target = path.join(dir, f.path);
      const rel = `${pkg.directory}/${f.path}`;
      if (!fs.existsSync(target)) report.missing.push(rel);
      else if (fs.readFileSync(target, 'utf8') !== f.text) report.stale.push(rel);
    }
    for (const f of ownedFiles(dir)) if (!wanted.has(f)) report.extra.push(`${pkg.directory}/${f}`);
  }
  report.stale.sort();
  report.missing.sort();
  report.extra.sort();
  return report;
}
