module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/spec',
  rootDir: __dirname,
};
