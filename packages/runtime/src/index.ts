/**
 * @comidl/runtime: what comidl's generated packages need at run time. The bases of mocks and fakes, built on
 * Jest's `jest-mock`, are the `@comidl/runtime/mocks` subpath (`mocks.ts`): nothing here loads a Jest package.
 */
export * from './hresult.js';
export * from './com-error.js';
export * from './guid.js';
export * from './out.js';
export * from './records.js';
export * from './layout.js';
export * from './matchers.js';
export * from './protocol.js';
export * from './protocol-validate.js';
export * from './lending.js';
export * from './shared-structures.js';
export * from './unknown.js';
export * from './async.js';
export * from './stub.js';
export * from './proxy.js';
export * from './marshal.js';
export * from './connection.js';
export * from './channels/channel.js';
export * from './channels/in-process.js';
export * from './channels/message-port.js';
export type * from './native-descriptor.js';
