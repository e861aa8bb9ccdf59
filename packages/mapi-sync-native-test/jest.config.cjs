module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@comidl/mapi-sync-native-test',
  rootDir: __dirname,
};
