module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/runtime-native',
  rootDir: __dirname,
};
