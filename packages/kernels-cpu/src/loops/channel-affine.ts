import { sizeOf, type Dense, type OptionalKernels } from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf } from '../storage.js';

/**
 * channelAffine in one pass for float32 and float64: x·scale[c] + shift[c] with the product and
 * the sum each rounded to x's dtype (a float32 product of two float32 values is exact in a
 * double, so Math.fround rounds it once, as the mul kernel does), then relu's rule. An absent
 * scale multiplies by 1 and an absent shift adds −0, both exact for every value, −0 included.
 */
export function channelAffineKernels(): Pick<OptionalKernels, 'channelAffine'> {
  return {
    channelAffine(x, scale, shift, relu) {
      const n = sizeOf(x.shape);
      const channels = x.shape[1]!;
      const plane = n === 0 ? 0 : n / (x.shape[0]! * channels);
      const xs = valuesOf(x.id);
      const [scales, shifts] = [perChannel(scale), perChannel(shift)];
      const out = uninitialized(x.dtype, n);
      const round = x.dtype === 'float32' ? Math.fround : (v: number) => v;
      for (let row = 0, at = 0; at < n; row++) {
        const c = row % channels;
        const [s, b] = [scales ? scales[c]! : 1, shifts ? shifts[c]! : -0];
        for (const end = at + plane; at < end; at++) {
          const v = round(round(xs[at]! * s) + b);
          out[at] = !relu || v > 0 || Number.isNaN(v) ? v : 0;
        }
      }
      return store(out);
    },
  };
}

const perChannel = (t: Dense | null) => (t ? valuesOf(t.id) : null);
