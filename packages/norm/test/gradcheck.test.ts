import { describe, expect, it } from 'vitest';
import { gradcheck, rand, randn, tidy, type Tensor } from '@stride/core-tensor';
import { batchNorm, groupNorm, instanceNorm, layerNorm } from '../src/index.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';

const f64 = (shape: number[], seed: number): Tensor => randn(shape, { dtype: 'float64', seed });
/** Variances in [0.5, 1.5): positive, away from zero. */
const variance = (n: number, seed: number): Tensor => tidy(() => rand([n], { dtype: 'float64', seed }).add(0.5));

/** Runs core's float64 finite-difference gradcheck on `fn` and disposes the inputs. */
function check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): boolean {
  try {
    return gradcheck(fn, inputs);
  } finally {
    for (const t of inputs) t.dispose();
  }
}

describe('autograd through the functional ops agrees with finite differences (float64)', () => {
  onBackendWithoutLeaks(cpu);

  it('batchNorm in training mode, wrt input, weight and bias', () => {
    const fn = (x: Tensor, w: Tensor, b: Tensor) => batchNorm(x, null, null, w, b, { training: true });
    expect(check(fn, [f64([3, 2, 3], 1), f64([2], 2), f64([2], 3)])).toBe(true);
  });

  it('batchNorm in training mode on [N, C] while updating running stats', () => {
    const rm = f64([3], 4);
    const rv = variance(3, 5);
    const fn = (x: Tensor, w: Tensor, b: Tensor) => batchNorm(x, rm, rv, w, b, { training: true, momentum: 0.3 });
    expect(check(fn, [f64([4, 3], 6), f64([3], 7), f64([3], 8)])).toBe(true);
    rm.dispose();
    rv.dispose();
  });

  it('batchNorm in eval mode, wrt input, running stats, weight and bias', () => {
    const fn = (x: Tensor, rm: Tensor, rv: Tensor, w: Tensor, b: Tensor) => batchNorm(x, rm, rv, w, b, { eps: 1e-3 });
    expect(check(fn, [f64([2, 3, 2, 2], 9), f64([3], 10), variance(3, 11), f64([3], 12), f64([3], 13)])).toBe(true);
  });

  it('layerNorm over the last dimension', () => {
    const fn = (x: Tensor, w: Tensor, b: Tensor) => layerNorm(x, [4], w, b);
    expect(check(fn, [f64([2, 3, 4], 14), f64([4], 15), f64([4], 16)])).toBe(true);
  });

  it('layerNorm over the last two dimensions', () => {
    const fn = (x: Tensor, w: Tensor, b: Tensor) => layerNorm(x, [2, 3], w, b);
    expect(check(fn, [f64([2, 2, 3], 17), f64([2, 3], 18), f64([2, 3], 19)])).toBe(true);
  });

  it('groupNorm with 2 groups of 2 channels', () => {
    const fn = (x: Tensor, w: Tensor, b: Tensor) => groupNorm(x, 2, w, b);
    expect(check(fn, [f64([2, 4, 3], 20), f64([4], 21), f64([4], 22)])).toBe(true);
  });

  it('instanceNorm with input statistics', () => {
    const fn = (x: Tensor, w: Tensor, b: Tensor) => instanceNorm(x, null, null, w, b);
    expect(check(fn, [f64([2, 2, 2, 3], 23), f64([2], 24), f64([2], 25)])).toBe(true);
  });

  it('instanceNorm with running statistics (useInputStats false)', () => {
    const fn = (x: Tensor, rm: Tensor, rv: Tensor, w: Tensor) => instanceNorm(x, rm, rv, w, null, { useInputStats: false });
    expect(check(fn, [f64([2, 2, 3], 26), f64([2], 27), variance(2, 28), f64([2], 29)])).toBe(true);
  });
});
