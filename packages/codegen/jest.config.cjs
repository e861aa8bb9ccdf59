module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/codegen',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/fixtures/'],
  // Expected output includes package.json files; they are data, not modules.
  modulePathIgnorePatterns: ['<rootDir>/test/fixtures/'],
};
