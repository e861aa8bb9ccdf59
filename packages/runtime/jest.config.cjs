module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/runtime',
  rootDir: __dirname,
};
