// @ts-check
/**
 * @comidl/nx: an Nx plugin. Every comidl.config.json is a project (`idl-<name>`) with a cached `generate`
 * target (see library-target.js); `nx g @comidl/nx:library NAME` adds a library (generators.json).
 *
 *   // nx.json
 *   { "plugins": [{ "plugin": "@comidl/nx", "options": { "out": "packages/generated" } }] }
 */
const { libraryProject } = require('./library-target');

const CONFIG_GLOB = '**/comidl.config.json';

/** @type {readonly [string, (files: readonly string[], options: import('./library-target').ComidlPluginOptions | undefined, context: { workspaceRoot: string }) => Promise<Array<readonly [string, { projects: Record<string, object> }]>>]} */
const createNodesV2 = [
  CONFIG_GLOB,
  async (configFiles, options, context) =>
    configFiles.map((file) => {
      const { projectRoot, project } = libraryProject(file, options, context.workspaceRoot);
      return /** @type {const} */ ([file, { projects: { [projectRoot]: project } }]);
    }),
];

module.exports = { createNodesV2, createNodes: createNodesV2 };
