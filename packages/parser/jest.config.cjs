module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/parser',
  rootDir: __dirname,
};
