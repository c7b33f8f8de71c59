/**
 * @polygrad/core/data/node — Node-only data loading (node:fs, node:zlib),
 * kept apart so browser bundles of `@polygrad/core/data` never see it.
 */
export { loadMnistIdx, readIdxFile } from './mnist-idx-node.js';
export { loadMnistPackage, type MnistArrays } from './mnist-package-node.js';
