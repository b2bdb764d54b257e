import { describe, expect, it } from 'vitest';
import { functional as F, tensor, tidy } from '@stride/core-tensor';
import { uniformAt, type Backend } from '@stride/core-tensor/backend';
import { cpu } from '../src/index.js';

// The wasm im2col's and col2im's whole-row paths (stride 1, outputs as wide as the image:
// "same" padding) against the typed-array reference, through a convolution's forward pass
// and both gradients.
const wasm = cpu({ threads: 2 });
const reference = cpu({ simd: false });

function noise(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => 2 * uniformAt(seed, i) - 1);
}

/** y, and the input and weight gradients of Σy², for a [n, c, h, w] input and [o, c / groups, k, k] weight. */
function convolve(
  backend: Backend,
  [n, c, h, w]: [number, number, number, number],
  [o, k]: [number, number],
  opts: { padding: number; dilation: number; groups: number },
): number[][] {
  return tidy(() => {
    const x = tensor(noise(n * c * h * w, 1), [n, c, h, w], { backend, requiresGrad: true });
    const weight = tensor(noise(o * (c / opts.groups) * k * k, 2), [o, c / opts.groups, k, k], { backend, requiresGrad: true });
    const y = F.conv2d(x, weight, null, opts);
    y.mul(y).sum().backward();
    return [y, x.grad!, weight.grad!].map((t) => Array.from(t.dataSync()));
  });
}

describe('wasm im2col and col2im, whole tap rows', () => {
  const cases: {
    name: string;
    x: [number, number, number, number];
    w: [number, number];
    opts: { padding: number; dilation: number; groups: number };
  }[] = [
    { name: '5×5, padding 2 (LeNet)', x: [5, 3, 14, 13], w: [6, 5], opts: { padding: 2, dilation: 1, groups: 1 } },
    { name: '3×3, padding 1, two groups', x: [3, 4, 9, 17], w: [4, 3], opts: { padding: 1, dilation: 1, groups: 2 } },
    { name: '3×3 dilated by 2, padding 2', x: [2, 3, 11, 10], w: [5, 3], opts: { padding: 2, dilation: 2, groups: 1 } },
    { name: '1×1 on one-pixel rows', x: [4, 2, 5, 1], w: [3, 1], opts: { padding: 0, dilation: 1, groups: 1 } },
  ];
  for (const { name, x, w, opts } of cases) {
    it(`${name}: forward and both gradients match the reference`, () => {
      const got = convolve(wasm, x, w, opts);
      const want = convolve(reference, x, w, opts);
      for (let i = 0; i < 3; i++) {
        const scale = Math.max(...want[i]!.map(Math.abs));
        expect(Math.max(...got[i]!.map((v, j) => Math.abs(v - want[i]![j]!)))).toBeLessThan(1e-5 * scale);
      }
    });
  }
});
