import { sizeOf, type Dense, type OptionalKernels } from '@stride/core-tensor/backend';
import type { ThreadPool } from '../threads/thread-pool.js';
import { store, valuesOf } from '../storage.js';
import { operandAt, outputOf } from './operands.js';
import { simdSized, unitTasks } from './jobs.js';
import type { WasmRuntime } from '../wasm/runtime.js';

type ChannelAffineKernel = Pick<OptionalKernels, 'channelAffine'>;

/** Shorter planes would spend the kernel's time on their scalar ends. */
const MIN_PLANE = 16;

/**
 * float32 channelAffine on the wasm `affine_rows` / `affine_relu_rows` kernels: x as rows of one
 * sample's channel, each row scaled and shifted by its channel's values (and rectified) in one
 * pass, runs of rows split over the threads. The loop (`fallback`) takes other dtypes, small
 * tensors and short planes, with the same bits.
 */
export function simdChannelAffineKernels(rt: WasmRuntime, pool: ThreadPool, fallback: ChannelAffineKernel): ChannelAffineKernel {
  return {
    channelAffine(x, scale, shift, relu) {
      const n = sizeOf(x.shape);
      const [batch, channels] = [x.shape[0]!, x.shape[1]!];
      const plane = n / (batch * channels);
      if (x.dtype !== 'float32' || plane < MIN_PLANE || !simdSized(n)) return fallback.channelAffine(x, scale, shift, relu);
      return rt.scoped(() => {
        const src = operandAt(rt, valuesOf(x.id), 0, n);
        // One value per row (sample × channel), so a task's rows need no channel arithmetic.
        const [scales, shifts] = [rowValues(rt, scale, batch, channels, 1), rowValues(rt, shift, batch, channels, -0)];
        const out = outputOf<Float32Array>(rt, 'float32', n);
        pool.run(
          unitTasks(batch * channels, plane, (r, count) => ({
            kernel: relu ? 'affine_relu_rows' : 'affine_rows',
            args: {
              x: src + r * plane * 4,
              scale: scales + r * 4,
              shift: shifts + r * 4,
              out: out.at + r * plane * 4,
              length: plane,
              rows: count,
            },
          })),
        );
        return store(out.finish());
      });
    },
  };
}

/** [batch·channels] copies of a [C] tensor's values (or of `absent`) in scratch. */
function rowValues(rt: WasmRuntime, t: Dense | null, batch: number, channels: number, absent: number): number {
  const at = rt.alloc(batch * channels * 4);
  const rows = rt.f32().subarray(at / 4, at / 4 + batch * channels);
  if (!t) rows.fill(absent);
  else {
    const values = valuesOf(t.id) as Float32Array;
    for (let n = 0; n < batch; n++) rows.set(values.subarray(0, channels), n * channels);
  }
  return at;
}
