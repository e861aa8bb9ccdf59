/** @comidl/mapi-sync-native-test: the native test objects (C, built from the widl header of idl/mapi-sync). */
export * from './build.js';
export * from './test-objects.js';
