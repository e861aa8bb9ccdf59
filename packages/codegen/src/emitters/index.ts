/**
 * The emitters and the printer: everything that needs ts-morph at run time. `generate` loads this module on
 * first use (`printer.ts`), so that commands that print nothing never load ts-morph.
 */
export { emitInterfaces } from './interfaces';
export { emitMocks } from './mocks';
export { emitNative, type NativeOptions } from './native';
export { emitProxies } from './proxies';
export { printFiles } from '../print';
