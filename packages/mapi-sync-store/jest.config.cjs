module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@mapi-sync/store',
  rootDir: __dirname,
};
