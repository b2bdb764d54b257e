import type { DataId } from '../backend/backend.js';
import { record } from '../autograd/record.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { batchNormGradsWithOps } from './batch-norm-grads.js';
import { adopt } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { assertDtype, assertSameBackend } from '../ops/checks.js';
import { fromKernel, viewOf } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import { reluBackward } from '../ops/elementwise.js';
import { saveFor } from '../ops/saved.js';

export interface BatchNormTrainingOptions {
  /** Added to the variance before the square root (default 1e-5, PyTorch's). */
  eps?: number;
  /** Apply ReLU to the output, and its gradient to dy, inside the batch norm kernels (default false). */
  relu?: boolean;
}

/** The normalised output and the batch statistics the running update needs. */
export interface BatchNormStatistics {
  /** (x − mean)/√(variance + eps)·weight + bias, recording its gradient wrt x, weight and bias. */
  out: Tensor;
  /** Per-channel batch mean [C], without a graph. */
  mean: Tensor;
  /** Per-channel biased (population) variance [C], without a graph; ×n/(n−1) makes it unbiased. */
  variance: Tensor;
}

/**
 * Batch normalisation of x [N, C, …] with the batch's statistics over every axis but 1, as
 * PyTorch's training mode computes them, in one fused kernel each way (the backend's
 * `batchNormForward`/`batchNormBackward`, or core's composition of required kernels). The
 * gradient is the closed form, not the chain of its pieces: dx = weight·invStd·(dy − mean(dy) −
 * x̂·mean(dy·x̂)). With `relu`, ReLU runs on the output and its gradient on dy inside those kernels
 * (`batchNormReluForward`/`batchNormReluBackward`). Running statistics are the caller's:
 * `@stride/norm`'s batchNorm updates them.
 */
export function batchNormTraining(
  x: Tensor,
  weight?: Tensor | null,
  bias?: Tensor | null,
  opts: BatchNormTrainingOptions = {},
): BatchNormStatistics {
  const eps = opts.eps ?? 1e-5;
  const relu = opts.relu ?? false;
  checkArguments(x, weight, bias, eps, relu);
  const channels = x.shape[1]!;
  const op = 'batchNormTraining';
  // Optional operands are null where absent (the kernel then uses weight 1 and bias 0); errors
  // name every operand 'input', as this op always has.
  const optional = (t: Tensor | null | undefined) => (t ? ([t, op, 'input'] as const) : null);
  const forward = withDense([[x, op, 'input'], optional(weight), optional(bias)], ([xd, wd, bd]) =>
    relu ? x.backend.batchNormReluForward(xd, wd, bd, eps) : x.backend.batchNormForward(xd, wd, bd, eps),
  );
  const stat = (id: DataId) => fromKernel(x.backend, id, [channels], x.dtype);
  const [mean, variance, invStd] = [stat(forward.mean), stat(forward.variance), stat(forward.invStd)];
  const inputs = [x, weight, bias].filter((t): t is Tensor => !!t);
  const y = fromKernel(x.backend, forward.out, x.shape, x.dtype);
  const out = record('batchNorm', inputs, y, (dy) => {
    // A backward pass that records itself (createGraph) needs gradients it can differentiate again.
    if (isGradEnabled()) {
      const grads = batchNormGradsWithOps(x, relu ? reluBackward(saved!, dy) : dy, weight, eps);
      return [grads.dx, ...(weight ? [grads.dweight] : []), ...(bias ? [grads.dbias] : [])];
    }
    const operands = [[x, op, 'input'], [dy, op, 'input'], [mean, op, 'input'], [invStd, op, 'input'], optional(weight)] as const;
    const grads = relu
      ? withDense([...operands, [saved!, op, 'input']], ([xd, dyd, md, sd, wd, yd]) =>
          x.backend.batchNormReluBackward(xd, yd, dyd, md, sd, wd),
        )
      : withDense(operands, ([xd, dyd, md, sd, wd]) => x.backend.batchNormBackward(xd, dyd, md, sd, wd));
    const param = (id: DataId, p: Tensor | null | undefined) => {
      if (p) return [fromKernel(x.backend, id, p.shape, x.dtype)];
      x.backend.disposeData(id);
      return [];
    };
    return [fromKernel(x.backend, grads.dx, x.shape, x.dtype), ...param(grads.dweight, weight), ...param(grads.dbias, bias)];
  });
  // ReLU's gradient reads the output, which the caller may dispose before backward.
  const saved = relu ? saveFor(out, out) : null;
  // The caller may dispose its mean at once; the gradient rule keeps its own handle to the buffer.
  const callerMean = viewOf(mean, mean.shape, mean.strides, 0, 'batchNormTraining');
  adopt(out, [mean, invStd]);
  return { out, mean: callerMean, variance };
}

function checkArguments(x: Tensor, weight: Tensor | null | undefined, bias: Tensor | null | undefined, eps: number, relu: unknown): void {
  const op = 'batchNormTraining';
  assertSameBackend(op, [
    ['input', x],
    ['weight', weight],
    ['bias', bias],
  ]);
  assertDtype(op, 'input', x, ['float32', 'float64']);
  if (x.ndim < 2) throw new Error(`${op}: input must have at least 2 dimensions [N, C] or [N, C, …] but got shape ${formatShape(x.shape)}`);
  const channels = x.shape[1]!;
  for (const [arg, t] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (!t) continue;
    assertDtype(op, arg, t, [x.dtype], 'it must match the input');
    if (t.numel() !== channels)
      throw new Error(`${op}: ${arg} has ${t.numel()} elements (shape ${formatShape(t.shape)}) but input has ${channels} channels`);
  }
  if (x.numel() / channels <= 1) {
    throw new Error(`${op}: expected more than 1 value per channel but input has shape ${formatShape(x.shape)}`);
  }
  if (!(eps >= 0)) throw new Error(`${op}: eps must be a non-negative number but got ${eps}`);
  if (typeof relu !== 'boolean') throw new Error(`${op}: relu must be true or false but got ${String(relu)}`);
}
