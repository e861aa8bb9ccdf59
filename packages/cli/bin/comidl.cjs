#!/usr/bin/env node
'use strict';
// The CLI runs from the compiled package; `npm run build` (or `npm run generate`) builds it.
let cli;
try {
  cli = require('../dist/main.js');
} catch {
  // An environment error (status 1), as a missing ts-morph is: nothing in comidl is wrong, the build is missing.
  process.stderr.write('comidl: the CLI is not built yet; run `npm run build` at the repository root\n');
  process.exit(1);
}
cli.main(process.argv.slice(2));
