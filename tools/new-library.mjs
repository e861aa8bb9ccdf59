#!/usr/bin/env node
// Adds an IDL library to this workspace (npm run new-library -- NAME [--scope @SCOPE] [--imports a,b]):
// idl/NAME/ with a starter NAME.idl, comidl.config.json and the Nx project (idl-NAME, whose `generate`
// target writes packages/generated/NAME-{interfaces,proxies,mocks}). Then `npm run generate` and
// `npm install` (to link the three new workspace packages) make them usable. Refuses to overwrite.
//
// idlProject() is also how the existing idl/*/project.json files are written (a test keeps them equal).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What the generate target runs: tools/generate.mjs and tools/libraries.mjs load the built parser, model,
 * codegen and runtime (the one generation driver is in codegen), never the comidl command, so a change to
 * packages/cli does not invalidate the cache. A test checks this list against the modules the tool loads.
 */
export const GENERATOR_INPUTS = [
  '{projectRoot}/**/*',
  '^production',
  '{workspaceRoot}/packages/parser/src/**/*',
  '{workspaceRoot}/packages/model/src/**/*',
  '{workspaceRoot}/packages/codegen/src/**/*',
  // Generation checks protocol descriptions with the runtime's check.
  '{workspaceRoot}/packages/runtime/src/**/*',
  '{workspaceRoot}/tools/generate.mjs',
  '{workspaceRoot}/tools/libraries.mjs',
  { externalDependencies: ['chevrotain', 'ts-morph', 'jsonc-parser'] },
];

/** The Nx project of an IDL folder: `generate` writes the library's packages, or only checks the IDL. */
export function idlProject(name, imports, generatesPackages) {
  // The packages, each with the manifest of what generation owns in it, and the vtable lock (generation adds
  // new IIDs to it), so that a cache hit restores them all.
  const outputs = generatesPackages
    ? [
        ...['interfaces', 'proxies', 'mocks', 'native'].flatMap((kind) =>
          ['src', 'package.json', 'tsconfig.json', 'tsconfig.lib.json', 'comidl.manifest.json', 'README.md'].map((f) => `{workspaceRoot}/packages/generated/${name}-${kind}/${f}`),
        ),
        '{projectRoot}/vtable.lock.json',
      ]
    : [];
  const description = generatesPackages
    ? `Generates the ${name} interfaces, proxies, mocks and native packages from this folder's IDL (and what it imports).`
    : "Checks this folder's IDL with the front end (no packages: it has no comidl.config.json).";
  return {
    $schema: '../../node_modules/nx/schemas/project-schema.json',
    name: `idl-${name}`,
    projectType: 'library',
    tags: ['type:idl'],
    implicitDependencies: imports.map((i) => `idl-${i}`),
    targets: {
      generate: {
        command: `node tools/generate.mjs --library ${name}`,
        options: { cwd: '{workspaceRoot}' },
        // tools/generate.mjs runs the generation driver of the built @comidl/codegen (and what it depends on).
        dependsOn: [{ projects: ['@comidl/codegen'], target: 'build' }],
        inputs: GENERATOR_INPUTS,
        outputs,
        cache: true,
        metadata: { description },
      },
    },
  };
}

const json = (o) => `${JSON.stringify(o, null, 2)}\n`;

function starterIdl(name) {
  const itf = `I${name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase())}`;
  return `/*
 * ${name}.idl - the interfaces of the ${name} library. Replace the example below with the real ones:
 * every [object] interface needs a uuid; \`npm run generate\` turns them into
 * packages/generated/${name}-{interfaces,proxies,mocks}.
 */

import "../com/unknwn.idl";

/** An example interface. */
[
    object,
    uuid(00000000-0000-0000-0000-000000000000),
    pointer_default(unique)
]
interface ${itf} : IUnknown
{
    /** An example method. */
    HRESULT Hello([in] ULONG ulValue, [out] ULONG *pulResult);
}
`;
}

export function newLibrary({ name, scope, imports = ['com'], root = ROOT }) {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`library name '${name}' must be lowercase letters, digits and dashes`);
  const npmScope = scope ?? `@${name}`;
  if (!/^@[a-z0-9][a-z0-9-]*$/.test(npmScope)) throw new Error(`scope '${npmScope}' must look like @name`);
  const dir = path.join(root, 'idl', name);
  if (fs.existsSync(dir)) throw new Error(`idl/${name} exists already; nothing was written`);
  for (const i of imports) if (!fs.existsSync(path.join(root, 'idl', i))) throw new Error(`idl/${i} does not exist (--imports)`);
  const files = {
    [`${name}.idl`]: starterIdl(name),
    'comidl.config.json': json({ $schema: '../../packages/cli/comidl.config.schema.json', name, scope: npmScope, files: [`${name}.idl`] }),
    'project.json': json(idlProject(name, imports, true)),
  };
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return Object.keys(files).map((f) => `idl/${name}/${f}`);
}

function main(argv) {
  const args = [...argv];
  const take = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const scope = take('--scope');
  const imports = (take('--imports') ?? 'com').split(',').filter(Boolean);
  const [name] = args;
  if (!name || args.length !== 1) {
    process.stderr.write('usage: npm run new-library -- NAME [--scope @SCOPE] [--imports com,mapi]\n');
    return 2;
  }
  try {
    for (const f of newLibrary({ name, scope, imports })) process.stdout.write(`wrote ${f}\n`);
  } catch (e) {
    process.stderr.write(`new-library: ${e.message}\n`);
    return 1;
  }
  process.stdout.write(`next: edit idl/${name}/${name}.idl, then npm run generate && npm install\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
