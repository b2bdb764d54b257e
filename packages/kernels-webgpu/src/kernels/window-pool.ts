import { fractionalAlpha, type OptionalKernels, type WindowPoolGeometry } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import { fillProgram } from '../programs/elementwise.wgsl.js';
import {
  unpoolBackwardProgram,
  unpoolClaimProgram,
  unpoolWriteProgram,
  windowMaxBackwardProgram,
  windowMaxProgram,
} from '../programs/window-pool.wgsl.js';

// The kernels this file provides, named here as kernels-cpu's window-pool.ts names the same set:
// each backend states what it implements beside the implementation, not in a shared type.
type WindowPoolKernels = Pick<
  OptionalKernels,
  | 'adaptiveMaxPool2d'
  | 'adaptiveMaxPool2dBackward'
  | 'fractionalMaxPool2d'
  | 'fractionalMaxPool2dBackward'
  | 'maxUnpool2d'
  | 'maxUnpool2dBackward'
>;

/** Adaptive and fractional max pooling (windows placed per output), and max-unpooling, in WGSL. */
export function windowPoolKernels(gpu: Gpu): WindowPoolKernels {
  const values = (g: WindowPoolGeometry, kernel: readonly [number, number], alphas: [number, number], n: number) => [
    n,
    ...g.inSize,
    ...g.outSize,
    ...kernel,
    ...alphas,
  ];
  const outputs = (g: WindowPoolGeometry) => g.batch * g.channels * g.outSize[0] * g.outSize[1];
  const inputs = (g: WindowPoolGeometry) => g.batch * g.channels * g.inSize[0] * g.inSize[1];
  const alphasOf = (g: WindowPoolGeometry & { kernel: readonly [number, number] }): [number, number] => [
    fractionalAlpha(g.inSize[0], g.outSize[0], g.kernel[0], 'float32'),
    fractionalAlpha(g.inSize[1], g.outSize[1], g.kernel[1], 'float32'),
  ];
  return {
    adaptiveMaxPool2d(x, g) {
      const n = outputs(g);
      const [out, argmax] = [gpu.alloc(n, 'float32'), gpu.alloc(n, 'int32')];
      gpu.run(windowMaxProgram('adaptive'), [x.id, x.id], [out, argmax], values(g, [0, 0], [0, 0], n), linearGrid(n));
      return { out, argmax };
    },
    adaptiveMaxPool2dBackward(dy, argmax, g) {
      const n = inputs(g);
      const dx = gpu.alloc(n, 'float32');
      gpu.run(windowMaxBackwardProgram('adaptive'), [dy.id, argmax.id, dy.id], [dx], values(g, [0, 0], [0, 0], n), linearGrid(n));
      return dx;
    },
    fractionalMaxPool2d(x, samples, g) {
      const n = outputs(g);
      const [out, argmax] = [gpu.alloc(n, 'float32'), gpu.alloc(n, 'int32')];
      gpu.run(windowMaxProgram('fractional'), [x.id, samples.id], [out, argmax], values(g, g.kernel, alphasOf(g), n), linearGrid(n));
      return { out, argmax };
    },
    fractionalMaxPool2dBackward(dy, argmax, samples, g) {
      const n = inputs(g);
      const dx = gpu.alloc(n, 'float32');
      const program = windowMaxBackwardProgram('fractional');
      gpu.run(program, [dy.id, argmax.id, samples.id], [dx], values(g, g.kernel, alphasOf(g), n), linearGrid(n));
      return dx;
    },
    maxUnpool2d(x, indices, g) {
      const count = g.inSize[0] * g.inSize[1];
      const size = g.outSize[0] * g.outSize[1];
      const [n, m] = [g.batch * g.channels * count, g.batch * g.channels * size];
      const winners = gpu.alloc(m, 'int32');
      gpu.run(fillProgram('i32'), [], [winners], [m, -1], linearGrid(m));
      gpu.run(unpoolClaimProgram(), [indices.id], [winners], [n, count, size], linearGrid(n));
      const out = gpu.alloc(m, 'float32');
      gpu.run(unpoolWriteProgram(), [x.id, winners], [out], [m, count, size], linearGrid(m));
      gpu.dispose(winners);
      return out;
    },
    maxUnpool2dBackward(dy, indices, g) {
      const count = g.inSize[0] * g.inSize[1];
      const size = g.outSize[0] * g.outSize[1];
      const n = g.batch * g.channels * count;
      const dx = gpu.alloc(n, 'float32');
      gpu.run(unpoolBackwardProgram(), [dy.id, indices.id], [dx], [n, count, size], linearGrid(n));
      return dx;
    },
  };
}
