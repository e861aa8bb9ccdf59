module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/nx',
  rootDir: __dirname,
};
