// The WebAssembly FMA ceiling: the module does exactly the multiply-adds it is counted for, and
// the measurement runs on each thread count. No speed is asserted.
import { describe, expect, it } from 'vitest';
import { measureFmaCeiling } from '../src/ceiling/ceiling.js';
import { UNROLL, fmaLoop, loopFlops } from '../src/ceiling/fma-module.js';

// Node 20 validates relaxed SIMD only behind this flag (measureFmaCeiling and kernels-cpu set it too).
const v8 = process.getBuiltinModule?.('node:v8') as { setFlagsFromString(flags: string): void } | undefined;
v8?.setFlagsFromString('--experimental-wasm-relaxed-simd');

/** What `fma(iterations)` returns: each accumulator i/n after S steps of acc·0.999 + 0.001 is 1 + (i/n − 1)·0.999^S. */
function expected(accumulators: number, iterations: number): number {
  const steps = iterations * UNROLL;
  let sum = 0;
  for (let i = 1; i <= accumulators; i++) sum += 1 + (i / accumulators - 1) * 0.999 ** steps;
  return sum;
}

describe('the FMA loop module', () => {
  for (const fused of [true, false]) {
    it(`runs UNROLL multiply-adds per iteration on each accumulator (${fused ? 'relaxed madd' : 'mul + add'})`, () => {
      for (const accumulators of [1, 8, 12]) {
        const loop = fmaLoop(accumulators, fused);
        expect(WebAssembly.validate(loop.bytes)).toBe(true);
        const fma = new WebAssembly.Instance(new WebAssembly.Module(loop.bytes)).exports.fma as (n: number) => number;
        for (const iterations of [1, 100, 1000]) {
          expect(fma(iterations), `${accumulators} accumulators, ${iterations} iterations`).toBeCloseTo(
            expected(accumulators, iterations),
            3,
          );
        }
      }
    });
  }
  it('counts two FLOPs per lane of each multiply-add', () => {
    expect(loopFlops({ accumulators: 10 }, 1000)).toBe(1000 * UNROLL * 10 * 4 * 2);
  });
});

describe('measureFmaCeiling', () => {
  it('measures each thread count asked for, with the loop it chose on one thread', async () => {
    const c = await measureFmaCeiling({ threads: [1, 2], targetMs: 5 });
    expect(c.instruction).toBe('f32x4.relaxed_madd');
    expect([8, 10, 12]).toContain(c.accumulators);
    expect(c.runs.map((r) => r.threads)).toEqual([1, 2]);
    for (const r of c.runs) expect(Number.isFinite(r.gflops) && r.gflops > 0).toBe(true);
  }, 60_000);
});
