import { defaults, sizeOf, type Backend, type OptionalKernels, type View } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import {
  adamDecayOf,
  adamProgram,
  adamUniforms,
  reluBackwardProgram,
  sgdProgram,
  sgdShapeOf,
  sgdUniforms,
} from '../programs/optimizer.wgsl.js';

type Kernels = Pick<OptionalKernels, 'sgdUpdate' | 'adamUpdate' | 'reluBackward'>;

const isDense = (v: View) => v.offset === 0 && v.strides.every((s, i) => s === sizeOf(v.shape.slice(i + 1)) || v.shape[i] === 1);

/**
 * SGD and Adam/AdamW steps and ReLU's gradient in one dispatch each, where core's composition
 * takes three to twelve (a fill for every scalar, then each arithmetic step). amsgrad, float64 and
 * strided ReLU gradients take core's composition on `backend()`.
 */
export function optimizerKernels(gpu: Gpu, backend: () => Backend): Kernels {
  return {
    sgdUpdate(param, grad, momentumBuffer, h) {
      if (param.dtype !== 'float32') return defaults.sgdUpdate(backend(), param, grad, momentumBuffer, h);
      const n = sizeOf(param.shape);
      const shape = sgdShapeOf(h, momentumBuffer !== null);
      const out = gpu.alloc(n, 'float32');
      const buffer = shape.momentum === 'none' ? null : gpu.alloc(n, 'float32');
      const inputs = [param.id, grad.id, ...(shape.momentum === 'buffer' ? [momentumBuffer!.id] : [])];
      gpu.run(sgdProgram(shape), inputs, buffer ? [out, buffer] : [out], sgdUniforms(n, h), linearGrid(n));
      return { param: out, momentumBuffer: buffer };
    },
    adamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, h) {
      if (maxExpAvgSq || param.dtype !== 'float32') return defaults.adamUpdate(backend(), param, grad, expAvg, expAvgSq, maxExpAvgSq, h);
      const n = sizeOf(param.shape);
      const [p, m, v] = [gpu.alloc(n, 'float32'), gpu.alloc(n, 'float32'), gpu.alloc(n, 'float32')];
      gpu.run(adamProgram(adamDecayOf(h)), [param.id, grad.id, expAvg.id, expAvgSq.id], [p, m, v], adamUniforms(n, h), linearGrid(n));
      return { param: p, expAvg: m, expAvgSq: v, maxExpAvgSq: null };
    },
    reluBackward(x, dy) {
      if (x.dtype !== 'float32' || dy.dtype !== 'float32' || !isDense(x) || !isDense(dy)) return defaults.reluBackward(backend(), x, dy);
      const n = sizeOf(x.shape);
      const out = gpu.alloc(n, 'float32');
      gpu.run(reluBackwardProgram(), [x.id, dy.id], [out], [n], linearGrid(n));
      return out;
    },
  };
}
