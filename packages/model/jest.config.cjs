module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/model',
  rootDir: __dirname,
};
