import { sizeOf, type BatchNormForward, type BatchNormGrads, type Dense, type OptionalKernels } from '@stride/core-tensor/backend';
import type { ThreadPool } from '../threads/thread-pool.js';
import { release, store, uninitialized, valuesOf } from '../storage.js';
import { operandAt, outputOf } from './operands.js';
import type { WasmRuntime } from '../wasm/runtime.js';
import { simdSized, runOverChannels } from './jobs.js';

type BatchNormKernels = Pick<OptionalKernels, 'batchNormForward' | 'batchNormBackward'>;
type BatchNormReluKernels = Pick<OptionalKernels, 'batchNormReluForward' | 'batchNormReluBackward'>;

/** Planes shorter than a vector ([N, C] inputs) leave nothing for SIMD and interleave channels in a cache line. */
const MIN_PLANE = 4;

/**
 * float32 training-mode batch norm on the wasm kernels (wasm/batch-norm.ts), channels split
 * over every thread, each channel's statistics and output made while its elements are in
 * cache. Tensors are read and written where they live in wasm memory, else copied in and out.
 * Other dtypes, small tensors and [N, C] inputs go to `fallback`, which gives the same bits.
 */
export function simdBatchNormKernels(
  rt: WasmRuntime,
  pool: ThreadPool,
  fallback: BatchNormKernels,
): BatchNormKernels & BatchNormReluKernels {
  function forward(x: Dense, weight: Dense | null, bias: Dense | null, eps: number, relu: boolean): BatchNormForward {
    const [batch, channels, plane] = dims(x);
    const n = sizeOf(x.shape);
    return rt.scoped(() => {
      const src = operandAt(rt, valuesOf(x.id), 0, n);
      const [w, b] = [perChannelAt(rt, weight, channels, 1), perChannelAt(rt, bias, channels, 0)];
      const epsAt = rt.alloc(8);
      new DataView(rt.memory.buffer).setFloat64(epsAt, eps, true);
      const out = outputOf<Float32Array>(rt, 'float32', n);
      const stat = () => outputOf<Float32Array>(rt, 'float32', channels);
      const [mean, variance, invStd] = [stat(), stat(), stat()];
      runOverChannels(pool, dims(x), (c0, c1) => ({
        kernel: relu ? 'batch_norm_relu_forward' : 'batch_norm_forward',
        args: {
          x: src,
          out: out.at,
          weight: w,
          bias: b,
          eps: epsAt,
          mean: mean.at,
          variance: variance.at,
          invStd: invStd.at,
          batch,
          channels,
          plane,
          c0,
          c1,
        },
      }));
      return { out: store(out.finish()), mean: store(mean.finish()), variance: store(variance.finish()), invStd: store(invStd.finish()) };
    });
  }
  function backward(x: Dense, y: Dense | null, dy: Dense, mean: Dense, invStd: Dense, weight: Dense | null): BatchNormGrads {
    const [batch, channels, plane] = dims(x);
    const n = sizeOf(x.shape);
    return rt.scoped(() => {
      const [src, grad] = [operandAt(rt, valuesOf(x.id), 0, n), operandAt(rt, valuesOf(dy.id), 0, n)];
      const [m, s, w] = [perChannelAt(rt, mean, channels, 0), perChannelAt(rt, invStd, channels, 0), perChannelAt(rt, weight, channels, 1)];
      const dx = outputOf<Float32Array>(rt, 'float32', n);
      const stat = () => outputOf<Float32Array>(rt, 'float32', channels);
      const [dweight, dbias] = [stat(), stat()];
      const shared = {
        x: src,
        dy: grad,
        dx: dx.at,
        mean: m,
        invStd: s,
        weight: w,
        dweight: dweight.at,
        dbias: dbias.at,
        batch,
        channels,
        plane,
      };
      const out = y ? operandAt(rt, valuesOf(y.id), 0, n) : 0;
      runOverChannels(pool, dims(x), (c0, c1) =>
        y
          ? { kernel: 'batch_norm_relu_backward', args: { ...shared, out, c0, c1 } }
          : { kernel: 'batch_norm_backward', args: { ...shared, c0, c1 } },
      );
      return { dx: store(dx.finish()), dweight: store(dweight.finish()), dbias: store(dbias.finish()) };
    });
  }
  return {
    batchNormForward(x, weight, bias, eps) {
      if (!fits(x)) return fallback.batchNormForward(x, weight, bias, eps);
      return forward(x, weight, bias, eps, false);
    },
    batchNormBackward(x, dy, mean, invStd, weight) {
      if (!fits(x) || dy.dtype !== 'float32') return fallback.batchNormBackward(x, dy, mean, invStd, weight);
      return backward(x, null, dy, mean, invStd, weight);
    },
    batchNormReluForward(x, weight, bias, eps) {
      if (!fits(x)) return reluAfter(fallback.batchNormForward(x, weight, bias, eps));
      return forward(x, weight, bias, eps, true);
    },
    batchNormReluBackward(x, out, dy, mean, invStd, weight) {
      if (fits(x) && dy.dtype === 'float32' && out.dtype === 'float32') return backward(x, out, dy, mean, invStd, weight);
      const masked = maskedBy(out, dy);
      try {
        return fallback.batchNormBackward(x, masked, mean, invStd, weight);
      } finally {
        release(masked.id);
      }
    },
  };
}

/** The loops' forward result with relu's rule applied to `out` in place (the typed-array path's relu variant). */
function reluAfter(f: BatchNormForward): BatchNormForward {
  const out = valuesOf(f.out);
  for (let i = 0; i < out.length; i++) {
    const v = out[i]!;
    if (!(v > 0 || Number.isNaN(v))) out[i] = 0;
  }
  return f;
}

/** dy where out > 0, else 0: ReLU's gradient, as a new buffer of dy's dtype. */
function maskedBy(out: Dense, dy: Dense): Dense {
  const [o, g] = [valuesOf(out.id), valuesOf(dy.id)];
  const masked = uninitialized(dy.dtype, g.length);
  for (let i = 0; i < g.length; i++) masked[i] = o[i]! > 0 ? g[i]! : 0;
  return { id: store(masked), shape: dy.shape, dtype: dy.dtype };
}

function fits(x: Dense): boolean {
  return x.dtype === 'float32' && dims(x)[2] >= MIN_PLANE && simdSized(sizeOf(x.shape));
}

/** x as [batch, channels, plane], plane being every dim past the channels. */
function dims(x: Dense): [number, number, number] {
  return [x.shape[0]!, x.shape[1]!, sizeOf(x.shape.slice(2))];
}

/** Where the kernels find a [C] tensor's values, or `absent` in every channel where there is none (weight 1, bias 0). */
function perChannelAt(rt: WasmRuntime, t: Dense | null, channels: number, absent: number): number {
  if (t) return operandAt(rt, valuesOf(t.id), 0, channels);
  const at = rt.alloc(channels * 4);
  rt.f32().fill(absent, at / 4, at / 4 + channels);
  return at;
}
