import { sizeOf, type BatchNormForward, type BatchNormGrads, type Dense, type OptionalKernels } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid, WORKGROUP } from '../gpu/program.js';
import {
  batchNormApplyProgram,
  batchNormGradApplyProgram,
  batchNormGradSumsProgram,
  batchNormStatsProgram,
} from '../programs/batch-norm.wgsl.js';

type BatchNormKernels = Pick<OptionalKernels, 'batchNormForward' | 'batchNormBackward' | 'batchNormReluForward' | 'batchNormReluBackward'>;

/** Training-mode batch norm (and with ReLU) in two dispatches each way (programs/batch-norm.wgsl.ts). */
export function batchNormKernels(gpu: Gpu): BatchNormKernels {
  const layout = (x: Dense) => {
    const n = sizeOf(x.shape);
    const [batch, channels] = [x.shape[0]!, x.shape[1]!];
    return { n, batch, channels, plane: n / (batch * channels) };
  };
  function forward(x: Dense, weight: Dense | null, bias: Dense | null, eps: number, relu: boolean): BatchNormForward {
    const { n, batch, channels, plane } = layout(x);
    const [mean, variance, invStd] = [gpu.alloc(channels, 'float32'), gpu.alloc(channels, 'float32'), gpu.alloc(channels, 'float32')];
    gpu.run(batchNormStatsProgram(), [x.id], [mean, variance, invStd], [channels, batch, plane, eps], linearGrid(channels * WORKGROUP));
    const out = gpu.alloc(n, 'float32');
    const inputs = [x.id, mean, invStd, ...(weight ? [weight.id] : []), ...(bias ? [bias.id] : [])];
    gpu.run(batchNormApplyProgram(!!weight, !!bias, relu), inputs, [out], [n, channels, batch, plane], linearGrid(n));
    return { out, mean, variance, invStd };
  }
  function backward(x: Dense, out: Dense | null, dy: Dense, mean: Dense, invStd: Dense, weight: Dense | null): BatchNormGrads {
    const { n, batch, channels, plane } = layout(x);
    const relu = out !== null;
    const [dweight, dbias, coef] = [gpu.alloc(channels, 'float32'), gpu.alloc(channels, 'float32'), gpu.alloc(2 * channels, 'float32')];
    const sums = [x.id, dy.id, mean.id, invStd.id, ...(out ? [out.id] : [])];
    gpu.run(batchNormGradSumsProgram(relu), sums, [dweight, dbias, coef], [channels, batch, plane], linearGrid(channels * WORKGROUP));
    const dx = gpu.alloc(n, 'float32');
    const inputs = [x.id, dy.id, mean.id, invStd.id, coef, ...(weight ? [weight.id] : []), ...(out ? [out.id] : [])];
    gpu.run(batchNormGradApplyProgram(!!weight, relu), inputs, [dx], [n, channels, batch, plane], linearGrid(n));
    gpu.dispose(coef);
    return { dx, dweight, dbias };
  }
  return {
    batchNormForward: (x, weight, bias, eps) => forward(x, weight, bias, eps, false),
    batchNormReluForward: (x, weight, bias, eps) => forward(x, weight, bias, eps, true),
    batchNormBackward: (x, dy, mean, invStd, weight) => backward(x, null, dy, mean, invStd, weight),
    batchNormReluBackward: (x, out, dy, mean, invStd, weight) => backward(x, out, dy, mean, invStd, weight),
  };
}
