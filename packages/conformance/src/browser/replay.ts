import { describe, it } from 'vitest';
import type { TestResult } from './vitest-shim.js';

/**
 * Registers each result of a suite that ran elsewhere (a browser page) as a vitest test under
 * the same suite names, so reporters see the page's tests as their own: a failure fails, a skip
 * skips, and the page's task meta is carried over.
 */
export function replayResults(results: readonly TestResult[]): void {
  const root: Tree = { suites: new Map(), tests: [] };
  for (const r of results) {
    let node = root;
    for (const name of r.suites) {
      let next = node.suites.get(name);
      if (!next) node.suites.set(name, (next = { suites: new Map(), tests: [] }));
      node = next;
    }
    node.tests.push(r);
  }
  register(root);
}

interface Tree {
  suites: Map<string, Tree>;
  tests: TestResult[];
}

function register(tree: Tree): void {
  for (const r of tree.tests) {
    it(r.title, (ctx) => {
      Object.assign(ctx.task.meta, r.meta);
      if (r.status === 'skipped') ctx.skip();
      if (r.status === 'failed') throw new Error(r.error);
    });
  }
  for (const [name, sub] of tree.suites) describe(name, () => register(sub));
}
