/**
 * Which diagnostics may be warnings. MIDL's rules that widl does not enforce are errors by default (bad input
 * still fails), but real SDK and Wine IDL breaks some of them and compiles with widl: a run may make them
 * warnings, all at once (`lenient`, `--lenient`) or one by one (`severity`, a config's
 * `"severity": {"M005": "warning"}`). Every other diagnostic keeps its severity.
 */
import type { Diagnostic, Severity } from '@comidl/parser';

/** The codes a run may demote, and why each is safe to let through (what generated code does with it). */
export const DEMOTABLE_CODES: Readonly<Record<string, string>> = {
  M002: 'duplicate members: the later ones are renamed in generated code',
  M003: 'an [out] parameter that is not a pointer: passed by value, as widl declares it',
  M004: 'a misplaced [retval]: the parameter stays an [out] parameter',
  M005: 'an [object] interface without a uuid (or a malformed one): no IID constant, and QueryInterface refuses it',
  M006: 'a reused IID: both interfaces keep it, as in widl-built headers',
  M009: 'a size or iid attribute naming nothing: the slot gets no native binding',
  M011: '[call_as] naming no method: the remote method keeps a slot of its own',
};

export interface SeverityOptions {
  /** Every demotable rule gives warnings (`--lenient`). */
  lenient?: boolean;
  /** Per code: `"warning"` demotes a demotable rule, `"error"` keeps it an error under `lenient`. */
  severity?: Readonly<Record<string, Severity>>;
}

/** What is wrong with a `severity` setting, one message per entry; empty when it is usable. */
export function severityProblems(severity: unknown): string[] {
  if (typeof severity !== 'object' || severity === null || Array.isArray(severity)) return ['must be an object such as {"M005": "warning"}'];
  const out: string[] = [];
  for (const [code, value] of Object.entries(severity)) {
    if (!Object.hasOwn(DEMOTABLE_CODES, code)) {
      out.push(`"${code}": only these codes can change severity: ${Object.keys(DEMOTABLE_CODES).join(', ')}`);
    } else if (value !== 'error' && value !== 'warning') out.push(`"${code}": "${String(value)}" is not "error" or "warning"`);
  }
  return out;
}

/** The severity a run gives a diagnostic of `code` that its rule reports as an error. */
export function severityOf(code: string, options: SeverityOptions): Severity {
  if (!Object.hasOwn(DEMOTABLE_CODES, code)) return 'error';
  const chosen = options.severity && Object.hasOwn(options.severity, code) ? options.severity[code] : undefined;
  return chosen ?? (options.lenient ? 'warning' : 'error');
}

/**
 * Applies the run's severities to a file's rule diagnostics: a demotable one either becomes a warning or, as an
 * error, says that widl accepts it and how to make it a warning.
 */
export function applySeverity(diagnostics: Diagnostic[], options: SeverityOptions): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.severity !== 'error' || !Object.hasOwn(DEMOTABLE_CODES, d.code)) return d;
    if (severityOf(d.code, options) === 'warning') return { ...d, severity: 'warning' };
    return {
      ...d,
      message: `${d.message} (widl accepts this; --lenient or "severity": {"${d.code}": "warning"} makes it a warning)`,
    };
  });
}
