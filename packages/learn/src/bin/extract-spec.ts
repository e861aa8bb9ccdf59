#!/usr/bin/env node
/**
 * extract-spec: prints the spec JSON extracted from one docs variant folder.
 *
 *   extract-spec <docs-dir> [--all] [--source <name>]
 *
 * By default the five Outlook MAPI replication interfaces are read (the content of
 * `idl/mapi-sync/spec.json` for `en-US`); `--all` reads every `*iunknown.md` page of the folder.
 */
import { existsSync, statSync } from 'node:fs';
import { extractSpec, MAPI_SYNC_INTERFACE_PAGES, type ExtractOptions } from '../extract/extract';
import { serializeSpec } from '../serialize';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = 'usage: extract-spec <docs-dir> [--all] [--source <name>]\n';

/** Runs the command; returns the exit code. */
export function main(argv: readonly string[], io: CliIo): number {
  let dir: string | null = null;
  let all = false;
  let source: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--all') all = true;
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
  const options: ExtractOptions = {};
  if (!all) options.interfacePages = MAPI_SYNC_INTERFACE_PAGES;
  if (source !== undefined) options.source = source;
  io.out(serializeSpec(extractSpec(dir, options)));
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
