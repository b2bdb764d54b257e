import type { RequiredKernels } from '@stride/core-tensor/backend';
import type { ThreadPool } from '../threads/thread-pool.js';
import { store, valuesOf } from '../storage.js';
import { operandAt, outputOf } from './operands.js';
import type { WasmRuntime } from '../wasm/runtime.js';
import { simdSized, unitTasks } from './jobs.js';

type MaxPool = Pick<RequiredKernels, 'maxPool2d' | 'maxPool2dBackward'>;

/**
 * float32 max-pooling with 2×2 windows at stride 2 inside the image (LeNet's, VGG's, most
 * CNNs') on the wasm `max_pool_2x2` over every thread, planes split between tasks. The input
 * is read and the results written in wasm memory (in place where they live there). The
 * gradient of any max-pooling scatters on the wasm `max_pool_backward`, planes split the same
 * way. Everything else goes to `fallback`; winners and sums are the same.
 */
export function simdMaxPoolKernels(rt: WasmRuntime, pool: ThreadPool, fallback: MaxPool): MaxPool {
  return {
    maxPool2d(x, g) {
      const [h, w] = g.inSize;
      const [oh, ow] = g.outSize;
      const pairs = (a: readonly number[], v: number) => a[0] === v && a[1] === v;
      const fits =
        x.dtype === 'float32' &&
        pairs(g.kernel, 2) &&
        pairs(g.stride, 2) &&
        pairs(g.padding, 0) &&
        pairs(g.dilation, 1) &&
        2 * oh <= h &&
        2 * ow <= w;
      const planes = g.batch * g.channels;
      if (!fits || !simdSized(planes * h * w)) return fallback.maxPool2d(x, g);
      return rt.scoped(() => {
        const n = planes * oh * ow;
        const src = operandAt(rt, valuesOf(x.id), 0, planes * h * w);
        const [out, argmax] = [outputOf<Float32Array>(rt, 'float32', n), outputOf<Int32Array>(rt, 'int32', n)];
        pool.run(
          unitTasks(planes, h * w, (p, count) => {
            const outAt = p * oh * ow * 4;
            return {
              kernel: 'max_pool_2x2',
              args: { src: src + p * h * w * 4, out: out.at + outAt, argmax: argmax.at + outAt, planes: count, h, w, oh, ow },
            };
          }),
        );
        const [values, winners] = [out.finish(), argmax.finish()];
        return { out: store(values), argmax: store(winners) };
      });
    },
    maxPool2dBackward(dy, argmax, g) {
      const [inPlane, outPlane] = [g.inSize[0] * g.inSize[1], g.outSize[0] * g.outSize[1]];
      const planes = g.batch * g.channels;
      if (dy.dtype !== 'float32' || !simdSized(planes * inPlane)) return fallback.maxPool2dBackward(dy, argmax, g);
      return rt.scoped(() => {
        const [dyAt, argmaxAt] = [
          operandAt(rt, valuesOf(dy.id), 0, planes * outPlane),
          operandAt(rt, valuesOf(argmax.id), 0, planes * outPlane),
        ];
        const dx = outputOf<Float32Array>(rt, 'float32', planes * inPlane);
        pool.run(
          unitTasks(planes, inPlane, (p, count) => ({
            kernel: 'max_pool_backward',
            args: {
              dy: dyAt + p * outPlane * 4,
              argmax: argmaxAt + p * outPlane * 4,
              dx: dx.at + p * inPlane * 4,
              planes: count,
              inPlane,
              outPlane,
            },
          })),
        );
        const values = dx.finish();
        return store(values);
      });
    },
  };
}
