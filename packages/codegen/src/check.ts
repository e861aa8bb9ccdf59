/**
 * The stale check: generated packages, held in memory, against what an output folder holds. A package
 * owns its manifest, its package files and its sources (`output/plan.ts`); build output and anything else
 * beside them is not compared. Nothing is followed through a link and nothing is written (but an
 * interrupted generation is recovered first, under the output lock, so that what is compared is whole).
 */
import * as path from 'node:path';
import { readRegularFile } from '@comidl/model';
import type { GeneratedPackage, LockFile } from './generate';
import { scanPackage } from './output/plan';
import type { Recovery } from './output/transaction';
import { readOutput, type OutputTarget } from './write';

/** Paths relative to the output directory, with `/`, sorted: `mapi-sync-interfaces/src/vtables.ts`. */
export interface CheckReport {
  /** Generated, on disk, but with other contents. */
  stale: string[];
  /** Generated, not on disk. */
  missing: string[];
  /** On disk where generation would remove or refuse it: no longer generated, or not its own under src/. */
  extra: string[];
}

/** Compares `packages` with `outDir`, without the output lock (see `checkOutput`). */
export function checkPackages(outDir: string, packages: readonly GeneratedPackage[]): CheckReport {
  const report: CheckReport = { stale: [], missing: [], extra: [] };
  for (const pkg of packages) {
    const scan = scanPackage(outDir, pkg);
    for (const w of scan.writes) (w.exists ? report.stale : report.missing).push(w.rel);
    report.extra.push(...scan.removes.map((r) => r.rel), ...scan.foreign);
  }
  report.stale.sort();
  report.missing.sort();
  report.extra = [...new Set(report.extra)].sort();
  return report;
}

export interface OutputCheck {
  /** Absolute paths. */
  stale: string[];
  missing: string[];
  extra: string[];
  /** How many files were compared (the packages' and the lock). */
  compared: number;
  recovery: Recovery | null;
}

/** Checks a library's output and its vtable lock; an OutputError when the output cannot be read or recovered. */
export function checkOutput(target: OutputTarget, packages: readonly GeneratedPackage[], lockFile: LockFile | null): OutputCheck {
  return readOutput(target, (recovery) => {
    const report = checkPackages(target.outDir, packages);
    const abs = (rel: string) => path.join(target.outDir, rel);
    const check: OutputCheck = {
      stale: report.stale.map(abs),
      missing: report.missing.map(abs),
      extra: report.extra.map(abs),
      compared: packages.reduce((n, p) => n + p.files.length, 0),
      recovery,
    };
    if (target.lockFile && lockFile) {
      check.compared++;
      const text = readRegularFile(target.lockFile, target.shown(target.lockFile));
      if (text === null) check.missing.push(target.lockFile);
      else if (text !== lockFile.text) check.stale.push(target.lockFile);
    }
    return check;
  });
}
