// Compares widl's header vtables with our front end's vtable reports, file by
// file and slot by slot. Pure: no I/O.
//
// What widl 8.0 emits a vtable (`<cName>Vtbl`) for, as seen over the whole
// libwine-dev corpus: every interface that has [object] or [odl] or a base
// interface, every dispinterface (IUnknown + IDispatch slots only), every
// WinRT delegate (as I<Name>) and every instantiated parameterized type.
// It emits none for an interface without a base that is not [object]/[odl]
// (type containers such as IWinTypes, and RPC interfaces such as svcctl), nor
// for uninstantiated templates. So an interface of ours that has no header
// vtable is only information when it has no base; with a base it is an error.

import { toCName } from './names.mjs';

/** Index of the first slot where the two lists differ, or -1. */
export function firstDifference(a, b) {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/**
 * MIDL rules that comidl enforces and widl does not (duplicate members, [out] not a pointer, [retval]
 * placement, [object] without uuid, duplicate IIDs, size_is/iid_is naming nothing, call_as targets).
 * Wine's IDL breaks a few of them; those are listed as findings, while every other error (preprocessor,
 * syntax, unknown type or base, unresolved import) fails the run.
 */
export const RULES_WIDL_DOES_NOT_ENFORCE = new Set(['M002', 'M003', 'M004', 'M005', 'M006', 'M009', 'M011']);

/** A diagnostic of such a rule: a warning in a lenient run (as conformance runs), an error otherwise. */
function isFinding(d) {
  return RULES_WIDL_DOES_NOT_ENFORCE.has(d.code);
}

/**
 * @param {string} file
 * @param {{cName: string, slots: string[]}[]} headerVtables
 * @param {{interfaces?: object[], diagnostics?: object[]}} report
 * @param {Map<string, string>} [headerIids] the IIDs the header defines, by C name (parseHeaderIids)
 */
export function compareFile(file, headerVtables, report, headerIids = new Map()) {
  const r = {
    file,
    errors: (report?.diagnostics ?? []).filter((d) => d.severity === 'error' && !isFinding(d)),
    findings: (report?.diagnostics ?? []).filter((d) => isFinding(d)),
    vtables: headerVtables.length,
    headerSlots: 0,
    compared: 0,
    comparedSlots: 0,
    matching: 0,
    matchingSlots: 0,
    mismatches: [],
    missing: [],
    extra: [],
    badNames: [],
    iidsCompared: 0,
    iidsMatching: 0,
    iidMismatches: [],
  };
  const ours = new Map();
  for (const iface of report?.interfaces ?? []) {
    let cName;
    try {
      cName = toCName(iface.name, { kind: iface.kind });
    } catch (e) {
      r.badNames.push({ file, name: iface.name, message: e.message });
      continue;
    }
    if (!ours.has(cName)) ours.set(cName, iface);
  }
  const seen = new Set();
  for (const vt of headerVtables) {
    r.headerSlots += vt.slots.length;
    const iface = ours.get(vt.cName);
    if (!iface) {
      r.missing.push({ file, cName: vt.cName });
      continue;
    }
    seen.add(vt.cName);
    // The IID, where widl defines one: for instantiated WinRT types it is computed from the type signature.
    const widlIid = headerIids.get(vt.cName);
    if (widlIid !== undefined) {
      r.iidsCompared++;
      if (iface.iid === widlIid) r.iidsMatching++;
      else r.iidMismatches.push({ file, name: iface.name, cName: vt.cName, widl: widlIid, ours: iface.iid ?? null });
    }
    const slots = Array.isArray(iface.slots) ? iface.slots : [];
    r.compared++;
    r.comparedSlots += vt.slots.length;
    for (let i = 0; i < vt.slots.length; i++) if (slots[i] === vt.slots[i]) r.matchingSlots++;
    const at = firstDifference(vt.slots, slots);
    if (at === -1) r.matching++;
    else {
      r.mismatches.push({
        file,
        name: iface.name,
        cName: vt.cName,
        index: at,
        widl: vt.slots[at] ?? '(none)',
        ours: slots[at] ?? '(none)',
        widlCount: vt.slots.length,
        oursCount: slots.length,
      });
    }
  }
  for (const [cName, iface] of ours) {
    if (seen.has(cName)) continue;
    const expected = !iface.base;
    r.extra.push({ file, name: iface.name, cName, base: iface.base ?? null, expected });
  }
  return r;
}

/** Adds up per-file results. */
export function summarize(results) {
  const s = {
    files: results.length,
    filesWithErrors: 0,
    diagnostics: [],
    findings: [],
    vtables: 0,
    headerSlots: 0,
    compared: 0,
    comparedSlots: 0,
    matching: 0,
    matchingSlots: 0,
    mismatches: [],
    missing: [],
    extraInfo: [],
    extraUnexpected: [],
    badNames: [],
    iidsCompared: 0,
    iidsMatching: 0,
    iidMismatches: [],
  };
  for (const r of results) {
    if (r.errors.length) s.filesWithErrors++;
    for (const d of r.errors) s.diagnostics.push({ reportFile: r.file, ...d });
    for (const d of r.findings) s.findings.push({ reportFile: r.file, ...d });
    for (const k of ['vtables', 'headerSlots', 'compared', 'comparedSlots', 'matching', 'matchingSlots', 'iidsCompared', 'iidsMatching']) s[k] += r[k];
    s.mismatches.push(...r.mismatches);
    s.iidMismatches.push(...r.iidMismatches);
    s.missing.push(...r.missing);
    s.badNames.push(...r.badNames);
    for (const e of r.extra) (e.expected ? s.extraInfo : s.extraUnexpected).push(e);
  }
  s.ok =
    s.filesWithErrors === 0 &&
    s.mismatches.length === 0 &&
    s.iidMismatches.length === 0 &&
    s.missing.length === 0 &&
    s.extraUnexpected.length === 0 &&
    s.badNames.length === 0;
  return s;
}
