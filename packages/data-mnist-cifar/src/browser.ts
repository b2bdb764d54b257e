// The browser entry (package.json's `browser` and `default` conditions): the same names as
// src/index.ts, with no file system behind them. The loaders read from `baseUrl` with fetch;
// `download`, which saves into a directory, explains that it needs Node, Bun or Deno.
export * from './portable.js';
export { loadMnist, loadFashionMnist, loadCifar10, loadCifar100 } from './datasets/browser-loaders.js';
export { download } from './download/download-browser.js';
