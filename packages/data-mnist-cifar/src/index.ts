// The Node, Bun and Deno entry (package.json's `node`, `deno` and `bun` conditions): the
// portable API plus loaders that read a directory and `download`, which writes one.
export * from './portable.js';
export { loadMnist, loadFashionMnist, loadCifar10, loadCifar100 } from './datasets/node-loaders.js';
export { download } from './download/download.js';
