module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/mapi-sync-test',
  rootDir: __dirname,
};
