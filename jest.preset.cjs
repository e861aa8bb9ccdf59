// Shared Jest settings for every package.
// chevrotain 11 ships ESM only and Jest on Node 20 cannot require() ESM, so the bare specifier is mapped
// to its self-contained bundle, which ts-jest transforms to CommonJS like our own sources.
// @comidl/* imports resolve to the sibling package's TypeScript sources, so tests need no prior build.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(ts|mjs)$': [
      'ts-jest',
      { tsconfig: path.join(__dirname, 'tsconfig.jest.json'), diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!chevrotain/lib/chevrotain\\.mjs$)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^chevrotain$': path.join(__dirname, 'node_modules/chevrotain/lib/chevrotain.mjs'),
    '^@comidl/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
    // A package's subpath entry (`@comidl/runtime/jest`) is its source file of that name.
    '^@comidl/([a-z-]+)/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/$2.ts'),
    // Generated packages (@<lib>/interfaces, /proxies, /mocks, /native) resolve to their committed sources too.
    '^@([a-z0-9-]+)/(interfaces|proxies|mocks|native)$': path.join(__dirname, 'packages/generated/$1-$2/src/index.ts'),
    // The hand-written seeded store beside them.
    '^@mapi-sync/store$': path.join(__dirname, 'packages/mapi-sync-store/src/index.ts'),
    // ESM packages (runtime, generated) write relative imports with `.js`; the sources are `.ts`.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};
