#!/usr/bin/env node
/**
 * extract-spec: prints the spec JSON extracted from one docs variant folder.
 *
 *   extract-spec <docs-dir> [--config <spec-check.json>] [--source <name>]
 *
 * With `--config` (e.g. `idl/mapi-sync/spec-check.json`) the pages it names are read: the content of
 * `idl/mapi-sync/spec.json` for `en-US`. Without, every `*iunknown.md` page of the folder and the IIDs
 * of its constants page. A page the spec needs that cannot be read is an error naming it (exit 1).
 */
import { existsSync, statSync } from 'node:fs';
import { loadSpecCheckConfig, SpecConfigError } from '../config/spec-check-config';
import { extractSpec, type ExtractOptions } from '../extract/extract';
import { SpecPagesError, formatProblem } from '../extract/page-reader';
import { serializeSpec } from '../serialize';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = 'usage: extract-spec <docs-dir> [--config <spec-check.json>] [--source <name>]\n';

/** Runs the command; returns the exit code. */
export function main(argv: readonly string[], io: CliIo): number {
  let dir: string | null = null;
  let config: string | null = null;
  let source: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config' && i + 1 < argv.length) config = argv[++i]!;
    else if (a === '--source' && i + 1 < argv.length) source = argv[++i]!;
    else if (a === '-h' || a === '--help') {
      io.out(USAGE);
      return 0;
    } else if (!a.startsWith('-') && dir === null) dir = a;
    else {
      io.err(`extract-spec: unexpected argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (dir === null) {
    io.err(USAGE);
    return 2;
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    io.err(`extract-spec: no docs folder at ${dir}\n`);
    return 1;
  }
  try {
    const options: ExtractOptions = config !== null ? { ...loadSpecCheckConfig(config).pages } : {};
    if (source !== undefined) options.source = source;
    io.out(serializeSpec(extractSpec(dir, options)));
    return 0;
  } catch (e) {
    if (e instanceof SpecConfigError) {
      io.err(`extract-spec: ${e.message}\n`);
      return 1;
    }
    if (e instanceof SpecPagesError) {
      io.err(e.problems.map((p) => `extract-spec: ${formatProblem(p)}\n`).join(''));
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
