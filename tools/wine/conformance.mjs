#!/usr/bin/env node
// Checks our front end's vtables against the headers widl generated for
// Wine's IDL (libwine-dev 8.0): every `<cName>Vtbl` struct in every header
// must match, slot by slot, the interface of the same (mapped) name that our
// `vtable` report gives for the .idl beside it.
//
//   node tools/wine/conformance.mjs [--api FILE | --bin FILE] [-D NAME[=VAL]]... [--all]
//
//   --api FILE   module exporting vtableReports (default packages/cli/dist/index.js)
//   --bin FILE   run this comidl bin instead of the in-process API
//   -D NAME=VAL  define passed to our front end (widl itself predefines __WIDL__;
//                the corpus only uses it for pragmas and progid/threading macros)
//   --all        list every problem, not just the first few of each kind
//
// Exit code 0 only if no file has errors, every header vtable is matched
// exactly, and no interface of ours that widl would give a vtable lacks one.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ASYNC_DIR, ASYNC_UUIDS, prepareAsyncCorpus } from './async-corpus.mjs';
import { compareFile, summarize } from './compare.mjs';
import { listCompiledIdl } from './corpus.mjs';
import { ensureCorpus, WINE_VERSION } from './fetch.mjs';
import { frontEnd } from './frontend.mjs';
import { parseHeaderIids, parseHeaderVtables } from './header-vtables.mjs';
import { isMain, runMain, shown, UserError } from './main.mjs';

export function parseOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        api: { type: 'string' },
        bin: { type: 'string' },
        define: { type: 'string', short: 'D', multiple: true, default: [] },
        all: { type: 'boolean', default: false },
      },
      allowPositionals: false,
    });
  } catch (e) {
    throw new UserError(`${e.message}\nusage: conformance.mjs [--api FILE | --bin FILE] [-D NAME[=VAL]]... [--all]`);
  }
  const v = parsed.values;
  const defines = {};
  for (const d of v.define) {
    const i = d.indexOf('=');
    if (i === -1) defines[d] = '1';
    else defines[d.slice(0, i)] = d.slice(i + 1);
  }
  return {
    api: v.api && path.resolve(v.api),
    bin: v.bin && path.resolve(v.bin),
    defines,
    all: v.all,
  };
}

function show(title, items, limit, fmt, out) {
  if (!items.length) return;
  out.push(`${title} (${items.length}${items.length > limit ? `, first ${limit}` : ''}):`);
  for (const it of items.slice(0, limit)) out.push(`  ${fmt(it)}`);
}

/** Human-readable report; the first line is the compact summary. */
export function formatSummary(s, { all = false, idlRoot = '' } = {}) {
  const short = (f) => (idlRoot && f.startsWith(idlRoot) ? path.relative(idlRoot, f) : f);
  const lim = (n) => (all ? Infinity : n);
  const out = [
    `files ${s.files}, errors ${s.filesWithErrors}, interfaces ${s.matching}/${s.vtables} match, slots ${s.matchingSlots}/${s.headerSlots}`,
    `compared ${s.compared} interfaces (${s.comparedSlots} slots); mismatched ${s.mismatches.length}; ` +
      `missing from our report ${s.missing.length}; ours without a header vtable ${s.extraInfo.length + s.extraUnexpected.length} ` +
      `(${s.extraInfo.length} without a base: widl emits none for those, ${s.extraUnexpected.length} unexpected)`,
    `IIDs ${s.iidsMatching}/${s.iidsCompared} match widl's DEFINE_GUIDs (instantiated WinRT types included)`,
  ];
  show('error diagnostics', s.diagnostics, lim(10), (d) =>
    `${short(d.file ?? d.reportFile)}:${d.line ?? '?'}:${d.column ?? '?'} ${d.code ?? ''} ${d.message}`.replace(/\s+/g, ' '), out);
  const findings = [...new Map(s.findings.map((d) => [`${d.file}:${d.line}:${d.column}:${d.code}`, d])).values()];
  show('MIDL rule findings in the corpus that widl accepts (not failures)', findings, lim(40), (d) =>
    `${short(d.file ?? d.reportFile)}:${d.line ?? '?'}:${d.column ?? '?'} ${d.code ?? ''} ${d.message}`.replace(/\s+/g, ' '), out);
  show('mismatches', s.mismatches, lim(20), (m) =>
    `${short(m.file)} ${m.name}: slot ${m.index} widl ${m.widl} / ours ${m.ours} (${m.widlCount} vs ${m.oursCount} slots)`, out);
  show('IID mismatches', s.iidMismatches, lim(20), (m) => `${short(m.file)} ${m.name}: widl ${m.widl} / ours ${m.ours}`, out);
  show('header vtables missing from our report', s.missing, lim(20), (m) => `${short(m.file)} ${m.cName}`, out);
  show('ours with a base but no header vtable', s.extraUnexpected, lim(20), (e) =>
    `${short(e.file)} ${e.name} (${e.cName}, base ${e.base})`, out);
  show('interface names we could not map', s.badNames, lim(10), (b) => `${short(b.file)} ${b.message}`, out);
  show('info: ours without a base and without a header vtable', s.extraInfo, lim(10), (e) => `${short(e.file)} ${e.name}`, out);
  out.push(s.ok ? 'conformance: OK' : 'conformance: FAILED');
  return out.join('\n');
}

export async function conformance(argv) {
  const opts = parseOptions(argv);
  const corpus = ensureCorpus();
  const entries = listCompiledIdl(corpus.idlDirs);
  if (!entries.length) throw new UserError(`no .idl with a widl header under ${corpus.idlDirs.map(shown).join(', ')}`);
  const fe = frontEnd({ api: opts.api, bin: opts.bin, forceBin: Boolean(opts.bin) });
  const files = entries.map((e) => e.idl);

  const t0 = process.hrtime.bigint();
  // Lenient: the MIDL rules widl does not enforce come as warnings, listed as findings.
  const reports = await fe.run(files, { includeDirs: corpus.idlDirs, defines: opts.defines, lenient: true });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!Array.isArray(reports)) throw new UserError(`the front end returned ${typeof reports}, not an array of reports`);

  const byFile = new Map();
  for (const r of reports) if (r && typeof r.file === 'string') byFile.set(path.resolve(r.file), r);
  const noReport = files.filter((f) => !byFile.has(path.resolve(f)));
  if (noReport.length) {
    throw new UserError(`our front end gave no report for ${noReport.length} of ${files.length} files, e.g. ${shown(noReport[0])}`);
  }

  const results = entries.map((e) => {
    const header = fs.readFileSync(e.header, 'utf8');
    return compareFile(e.idl, parseHeaderVtables(header), byFile.get(path.resolve(e.idl)), parseHeaderIids(header));
  });
  const s = summarize(results);
  const idlRoot = path.dirname(corpus.idlDirs[corpus.idlDirs.length - 1]);
  process.stdout.write(
    `wine ${WINE_VERSION}: ${files.length} .idl files with widl headers; front end via ${fe.mode} (${shown(fe.where)}), ${Math.round(ms)} ms\n`,
  );
  process.stdout.write(`${formatSummary(s, { all: opts.all, idlRoot })}\n`);
  const twins = await asyncConformance(fe, corpus.idlDirs, opts);
  const t = twins.summary;
  process.stdout.write(
    `in all: ${s.matching + t.matching}/${s.vtables + t.vtables} widl vtables and ${s.iidsMatching + t.iidsMatching}/${s.iidsCompared + t.iidsCompared} IIDs match, ` +
      `${twins.twins} asynchronous twins among them; ${s.ok && twins.ok ? 'conformance: OK' : 'conformance: FAILED'}\n`,
  );
  return s.ok && twins.ok ? 0 : 1;
}

/**
 * The asynchronous twins of [async_uuid] interfaces (see async-corpus.mjs): copies of the Wine files with the
 * attribute, their widl headers, and our report of the copies, compared like the corpus; every twin widl
 * makes must be there and match.
 */
async function asyncConformance(fe, idlDirs, opts) {
  const entries = prepareAsyncCorpus(idlDirs);
  const reports = await fe.run(
    entries.map((e) => e.idl),
    { includeDirs: [ASYNC_DIR, ...idlDirs], defines: opts.defines, lenient: true },
  );
  const byFile = new Map(reports.map((r) => [path.resolve(r.file), r]));
  const results = entries.map((e) => {
    const header = fs.readFileSync(e.header, 'utf8');
    return { ...compareFile(e.idl, parseHeaderVtables(header), byFile.get(path.resolve(e.idl)), parseHeaderIids(header)), header };
  });
  const s = summarize(results);
  const expected = ASYNC_UUIDS.map((e) => `Async${e.name}`);
  // A header vtable per file that defines the twin: objidl.h has AsyncIMultiQI too, through its #include.
  const twinVtables = results.flatMap((r) => parseHeaderVtables(r.header).filter((v) => /^Async/.test(v.cName)).map((v) => ({ file: r.file, cName: v.cName })));
  const bad = new Set([...s.mismatches, ...s.iidMismatches, ...s.missing].map((m) => `${m.file}:${m.cName}`));
  const matched = twinVtables.filter((v) => !bad.has(`${v.file}:${v.cName}`));
  const names = [...new Set(matched.map((v) => v.cName))];
  const ok = s.ok && matched.length === twinVtables.length && expected.every((n) => names.includes(n));
  const idlRoot = path.dirname(ASYNC_DIR);
  process.stdout.write(
    `async_uuid: ${entries.length} Wine files with the async_uuid Windows gives ${ASYNC_UUIDS.map((e) => e.name).join(', ')} (${path.relative(process.cwd(), ASYNC_DIR)}), headers by widl\n` +
      `asynchronous twins: ${names.length} of ${expected.length} (${names.join(', ')}), ${matched.length}/${twinVtables.length} header vtables and their IIDs match\n` +
      `${formatSummary(s, { all: opts.all, idlRoot })}\n`,
  );
  return { ok, summary: s, twins: names.length };
}

if (isMain(import.meta.url)) runMain(() => conformance(process.argv.slice(2)));
