import { contiguousStrides, sizeOf, type RequiredKernels } from '@stride/core-tensor/backend';
import type { ThreadPool } from '../threads/thread-pool.js';
import { store, valuesOf } from '../storage.js';
import type { WasmRuntime } from '../wasm/runtime.js';
import { simdSized, runOverChannels } from './jobs.js';
import { operandAt, outputOf } from './operands.js';

type Reduce = Pick<RequiredKernels, 'reduce'>;

/**
 * A float32 sum over every axis of a dense [N, C, …] tensor but the channels (a convolution's
 * bias gradient) on the wasm `channel_sums`, channels split over the threads, in double as
 * the typed-array loop sums (four lanes, so the last bit may differ from its single running
 * sum). Every other reduction goes to `fallback`.
 */
export function simdChannelSumKernels(rt: WasmRuntime, pool: ThreadPool, fallback: Reduce): Reduce {
  return {
    reduce(op, x, axes) {
      const n = sizeOf(x.shape);
      const plane = sizeOf(x.shape.slice(2));
      const dense = contiguousStrides(x.shape);
      const fits =
        op === 'sum' &&
        x.dtype === 'float32' &&
        x.shape.length >= 3 &&
        plane >= 4 &&
        simdSized(n) &&
        axes.length === x.shape.length - 1 &&
        !axes.includes(1) &&
        x.shape.every((d, i) => d === 1 || x.strides[i] === dense[i]);
      if (!fits) return fallback.reduce(op, x, axes);
      const [batch, channels] = [x.shape[0]!, x.shape[1]!];
      return rt.scoped(() => {
        const src = operandAt(rt, valuesOf(x.id), x.offset, n);
        const out = outputOf<Float32Array>(rt, 'float32', channels);
        runOverChannels(pool, [batch, channels, plane], (c0, c1) => ({
          kernel: 'channel_sums',
          args: { x: src, out: out.at, batch, channels, plane, c0, c1 },
        }));
        const sums = out.finish();
        return store(sums);
      });
    },
  };
}
