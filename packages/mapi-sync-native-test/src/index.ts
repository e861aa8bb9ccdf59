/**
 * @comidl/mapi-sync-native-test: the native test objects (C, built from the widl header of idl/mapi-sync) and
 * the hand-written native fixture of mapi-sync that generation will replace; its tests are in test/.
 */
export * from './build.js';
export * from './test-objects.js';
export * from './fixture/mapi-sync-descriptor.js';
export * from './fixture/classes.js';
export * from './fixture/marshal.js';
