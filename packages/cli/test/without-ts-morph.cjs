// Preloaded (`node -r`) by bin.spec.ts: makes ts-morph impossible to load, as in an installation without
// it, by failing its resolution the way Node fails for a module that is not installed.
'use strict';
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'ts-morph' || request.startsWith('ts-morph/')) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
