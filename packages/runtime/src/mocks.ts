/**
 * @comidl/runtime/mocks: the bases of generated mocks and fakes (ComMock, ProtocolFake), whose methods are
 * Jest mock functions from `jest-mock`. A subpath of its own, so that the main entry, which proxies, stubs
 * and connections use, loads no Jest package: `jest-mock` is an optional peer dependency of the runtime,
 * and a generated mocks package depends on it.
 */
export * from './mock-method.js';
export * from './com-double.js';
export * from './mock.js';
export * from './protocol-fake.js';
