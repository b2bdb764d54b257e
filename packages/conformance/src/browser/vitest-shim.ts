import * as chai from 'chai';
import { GLOBAL_EXPECT, JestAsymmetricMatchers, JestChaiExpect, JestExtend, setState, type ExpectStatic } from '@vitest/expect';

/**
 * The slice of vitest's API the conformance suite uses (describe, it, the four hooks, expect
 * and ctx.skip), for running that same suite in a browser page, where vitest itself does not
 * run without its browser mode. `expect` is vitest's own (@vitest/expect on chai), so every
 * matcher behaves as it does under vitest. The page bundle aliases 'vitest' to this file.
 */

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

export const expect = ((value: unknown, message?: string) => chai.expect(value, message)) as unknown as ExpectStatic;
Object.assign(expect, chai.expect);
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
  },
  expect,
);
(globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] = expect;

/** What a test and its each-hooks receive: vitest's `ctx.skip()` and `ctx.task.meta`. */
export interface TestContext {
  skip(): never;
  task: { name: string; meta: Record<string, unknown> };
}
type Hook = (ctx: TestContext) => unknown;
type Body = (ctx: TestContext) => unknown;

interface Suite {
  name: string;
  children: (Suite | Test)[];
  beforeAll: (() => unknown)[];
  afterAll: (() => unknown)[];
  beforeEach: Hook[];
  afterEach: Hook[];
}
interface Test {
  name: string;
  body: Body;
}

export interface TestResult {
  /** Suite names and the test name, joined with ' > ' as vitest prints them. */
  readonly name: string;
  /** The enclosing suites' names, outermost first (vitest's ancestorTitles). */
  readonly suites: readonly string[];
  readonly title: string;
  /** What the test and its hooks wrote to `ctx.task.meta` (vitest's task meta). */
  readonly meta: Record<string, unknown>;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly error?: string;
  readonly ms: number;
}

const root: Suite = { name: '', children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
let current = root;

export function describe(name: string, body: () => void): void {
  const suite: Suite = { name, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
  current.children.push(suite);
  const parent = current;
  current = suite;
  try {
    body();
  } finally {
    current = parent;
  }
}

export function it(name: string, body: Body): void {
  current.children.push({ name, body });
}
export const test = it;

export const beforeAll = (h: () => unknown) => void current.beforeAll.push(h);
export const afterAll = (h: () => unknown) => void current.afterAll.push(h);
export const beforeEach = (h: Hook) => void current.beforeEach.push(h);
export const afterEach = (h: Hook) => void current.afterEach.push(h);

declare global {
  interface Window {
    /** Set by a page's entry script to `run`; the Node side calls it (see ./chromium.ts). */
    strideConformance(timeoutMs: number): Promise<TestResult[]>;
  }
}

class Skip extends Error {}

/** Runs every registered test in order, as vitest would, with `timeoutMs` per test and hook. */
export async function run(timeoutMs: number): Promise<TestResult[]> {
  const results: TestResult[] = [];
  await runSuite(root, [], [], [], results, timeoutMs);
  return results;
}

async function runSuite(
  suite: Suite,
  path: string[],
  befores: Hook[],
  afters: Hook[],
  results: TestResult[],
  timeoutMs: number,
): Promise<void> {
  const names = suite.name ? [...path, suite.name] : path;
  const eachBefore = [...befores, ...suite.beforeEach];
  const eachAfter = [...suite.afterEach, ...afters];
  let setupError: string | undefined;
  try {
    for (const h of suite.beforeAll) await withTimeout(h(), timeoutMs, 'beforeAll');
  } catch (e) {
    setupError = `beforeAll failed: ${message(e)}`;
  }
  for (const child of suite.children) {
    if ('children' in child) {
      await runSuite(child, names, eachBefore, eachAfter, results, timeoutMs);
      continue;
    }
    const name = [...names, child.name].join(' > ');
    const where = { name, suites: names, title: child.name };
    const start = performance.now();
    const meta: Record<string, unknown> = {};
    if (setupError) {
      results.push({ ...where, meta, status: 'failed', error: setupError, ms: 0 });
      continue;
    }
    let status: TestResult['status'] = 'passed';
    let error: string | undefined;
    const ctx: TestContext = {
      skip: () => {
        throw new Skip();
      },
      task: { name: child.name, meta },
    };
    try {
      for (const h of eachBefore) await withTimeout(h(ctx), timeoutMs, 'beforeEach');
      await withTimeout(child.body(ctx), timeoutMs, 'test');
    } catch (e) {
      if (e instanceof Skip) status = 'skipped';
      else [status, error] = ['failed', message(e)];
    }
    try {
      for (const h of eachAfter) await withTimeout(h(ctx), timeoutMs, 'afterEach');
    } catch (e) {
      if (status !== 'failed') [status, error] = ['failed', `afterEach: ${message(e)}`];
    }
    results.push({ ...where, meta, status, error, ms: performance.now() - start });
  }
  for (const h of suite.afterAll) await h();
}

async function withTimeout(value: unknown, ms: number, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      value,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out in ${ms}ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
