#!/usr/bin/env node
// Part of @comidl/cli's build: copies the repository's base IDL (idl/com: unknwn.idl, wtypes.idl, objidl.idl;
// MIT, the repository's own) into packages/cli/idl/com, which the CLI ships and searches after every other
// include folder, so that `import "unknwn.idl";` works in any project. The copy is git-ignored: idl/com is the
// one source.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'idl/com');
const to = path.join(root, 'packages/cli/idl/com');
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
const files = fs.readdirSync(from).filter((f) => f.endsWith('.idl')).sort();
for (const f of files) fs.copyFileSync(path.join(from, f), path.join(to, f));
process.stdout.write(`copied ${files.length} base IDL files (${files.join(', ')}) to packages/cli/idl/com\n`);
