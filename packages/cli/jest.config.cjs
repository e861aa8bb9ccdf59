module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/cli',
  rootDir: __dirname,
};
