/**
 * @comidl/mapi-sync-native-test: the native test objects (C, built from the widl headers of idl/mapi-sync and
 * idl/marshal-test), which the tests in test/ call through the generated @mapi-sync/native and
 * @marshal-test/native and which call TypeScript objects back.
 */
export * from './build.js';
export * from './test-objects.js';
export * from './layout-checks.js';
