// Lint: module boundaries between the workspace's packages (ARCHITECTURE.md, "Allowed imports point one way").
const nx = require('@nx/eslint-plugin');
const tsParser = require('@typescript-eslint/parser');

module.exports = [
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/fixtures/**', '**/.nx/**', '**/coverage/**'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:parser', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:parser'] },
            { sourceTag: 'type:learn', onlyDependOnLibsWithTags: ['type:parser', 'type:model'] },
            // codegen runs the runtime's check of protocol descriptions (one check, at generation and in the fake).
            { sourceTag: 'type:codegen', onlyDependOnLibsWithTags: ['type:parser', 'type:model', 'type:runtime'] },
            {
              sourceTag: 'type:cli',
              onlyDependOnLibsWithTags: ['type:parser', 'type:model', 'type:learn', 'type:codegen'],
            },
            { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:runtime-native', onlyDependOnLibsWithTags: ['type:runtime'] },
            { sourceTag: 'type:generated', onlyDependOnLibsWithTags: ['type:runtime', 'type:runtime-native', 'type:generated'] },
            // Hand-written fakes on top of a generated library (@mapi-sync/store).
            { sourceTag: 'type:fake', onlyDependOnLibsWithTags: ['type:runtime', 'type:generated'] },
            {
              sourceTag: 'type:test',
              onlyDependOnLibsWithTags: ['type:runtime', 'type:runtime-native', 'type:generated', 'type:fake', 'type:learn', 'type:parser'],
            },
            { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['*'] },
            // The Nx plugin's tests compare its inferred targets with the generation driver.
            { sourceTag: 'type:nx', onlyDependOnLibsWithTags: ['type:codegen', 'type:model'] },
          ],
        },
      ],
    },
  },
];
