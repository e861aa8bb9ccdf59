module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/learn',
  rootDir: __dirname,
};
