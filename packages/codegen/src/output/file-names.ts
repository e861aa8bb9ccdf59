/**
 * Generated file names that every file system takes: no two files of a package whose paths differ only in
 * case (Windows' and macOS' file systems do not tell them apart), no name Windows reserves for a device
 * (`con`, `prn`, `aux`, `nul`, `com0`-`com9`, `lpt0`-`lpt9`, with any extension, in any case), no character
 * Windows refuses, no name ending in a dot or a space. A module of the library whose file name breaks a rule
 * is reported at its IDL file; generation stops before anything is written.
 */
import type { GeneratedPackage } from '../generate';

/** Device names Windows reserves in every folder, whatever the extension (`aux.ts`, `AUX.d.ts`). */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
const WINDOWS_FORBIDDEN = /[<>:"|?*\\\u0000-\u001f]/;

/** Why one path segment cannot be a file or folder name everywhere; null when it can. */
export function fileNameProblem(segment: string): string | null {
  if (segment === '' || segment === '.' || segment === '..') return `'${segment}' is not a file name`;
  if (WINDOWS_DEVICES.test(segment.split('.')[0].trimEnd())) return `'${segment}' is a device name Windows reserves (whatever the extension)`;
  if (WINDOWS_FORBIDDEN.test(segment)) return `'${segment}' holds a character Windows does not allow in file names`;
  if (/[. ]$/.test(segment)) return `'${segment}' ends with a dot or a space, which Windows drops`;
  return null;
}

export interface ModuleSource {
  /** The module's file name without extension (`ostx`). */
  name: string;
  /** Its IDL file as messages show it. */
  source: string;
}

/**
 * Problems with the file names of `packages`, located at the IDL file of the module that gave the name
 * (`idl/x/aux.idl:1:1: error: ...`) when one did, else at the package.
 */
export function fileNameProblems(packages: readonly GeneratedPackage[], modules: readonly ModuleSource[]): string[] {
  const problems: string[] = [];
  const sourceOf = (file: string) => {
    const base = file.split('/').pop()!.replace(/\.ts$/, '');
    return modules.find((m) => m.name === base)?.source ?? null;
  };
  const at = (pkg: GeneratedPackage, file: string) => {
    const source = sourceOf(file);
    return source ? `${source}:1:1: error: ` : `${pkg.directory}/${file}: error: `;
  };
  for (const pkg of packages) {
    const byCase = new Map<string, string>();
    for (const f of pkg.files) {
      for (const segment of f.path.split('/')) {
        const why = fileNameProblem(segment);
        if (why) problems.push(`${at(pkg, f.path)}the generated file ${pkg.directory}/${f.path} cannot be created on every system: ${why}; rename the IDL file`);
      }
      const key = f.path.toLowerCase();
      const other = byCase.get(key);
      if (other === f.path) {
        problems.push(`${at(pkg, f.path)}the module's file ${pkg.directory}/${f.path} is also a file generation writes for the package; rename the IDL file`);
      } else if (other !== undefined) {
        problems.push(
          `${at(pkg, f.path)}the generated files ${pkg.directory}/${other} and ${pkg.directory}/${f.path} differ only in case, ` +
            'which Windows and macOS do not tell apart; rename one of the IDL files',
        );
      } else byCase.set(key, f.path);
    }
  }
  return [...new Set(problems)];
}
