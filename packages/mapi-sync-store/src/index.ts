/** @mapi-sync/store: a local store seeded from data, served through IOSTX by LocalStoreFake. */
export * from './identifiers.js';
export * from './store.js';
export * from './store-fake.js';
