import { describe, expect, it } from 'vitest';
import * as shim from '../src/browser/vitest-shim.js';

// The harness that runs the conformance suite in Chromium must report what vitest would.
describe('the browser vitest shim', () => {
  it('reports passes, failures (with the assertion message), skips, hook order and timeouts', async () => {
    const order: string[] = [];
    shim.describe('outer', () => {
      shim.beforeAll(() => void order.push('beforeAll'));
      shim.beforeEach((ctx) => {
        order.push('beforeEach');
        ctx.task.meta.seen = ctx.task.name;
      });
      shim.afterEach(() => void order.push('afterEach'));
      shim.it('passes', () => shim.expect([1, 2]).toEqual([1, 2]));
      shim.it('fails', () => shim.expect(1).toBe(2));
      shim.it('rejects as expected', async () => {
        await shim.expect(Promise.reject(new Error('data: input was disposed'))).rejects.toThrow(/^data: input/);
      });
      shim.it('skips', (ctx) => ctx.skip());
      shim.describe('inner', () => {
        shim.it('hangs', () => new Promise(() => {}));
      });
    });
    const results = await shim.run(200);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['outer > passes', 'passed'],
      ['outer > fails', 'failed'],
      ['outer > rejects as expected', 'passed'],
      ['outer > skips', 'skipped'],
      ['outer > inner > hangs', 'failed'],
    ]);
    expect(results[1]!.error).toMatch(/expected 1 to be 2/);
    expect(results[4]!.error).toMatch(/test timed out in 200ms/);
    expect(order.slice(0, 3)).toEqual(['beforeAll', 'beforeEach', 'afterEach']);
    expect(results[4]!.suites).toEqual(['outer', 'inner']);
    expect(results[4]!.title).toBe('hangs');
    expect(results.map((r) => r.meta.seen)).toEqual(['passes', 'fails', 'rejects as expected', 'skips', 'hangs']);
  });
});
