import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { assertDtype, assertSameBackend } from '../ops/checks.js';
import { fromKernel } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import { saveFor } from '../ops/saved.js';
import { mul, reluBackward } from '../ops/elementwise.js';
import { reshape } from '../ops/shape-ops.js';
import { sumTo } from '../ops/reduce.js';

export interface ChannelAffineOptions {
  /** Rectify the result (ReLU, NaN kept) in the same pass (default false). */
  relu?: boolean;
}

/**
 * x [N, C, …]·scale[c] + shift[c], then ReLU where `relu`, in one pass over x: what a
 * convolution's bias, eval-mode batch norm (scale = weight/√(runningVar + eps), shift = bias −
 * runningMean·scale) and a folded conv + batch norm + ReLU need. Equal, bit for bit, to
 * `relu(x.mul(scale.reshape([1, C, 1, …])).add(shift.reshape(…)))`; scale or shift may be left out.
 */
export function channelAffine(x: Tensor, scale?: Tensor | null, shift?: Tensor | null, opts: ChannelAffineOptions = {}): Tensor {
  const relu = opts.relu ?? false;
  checkArguments(x, scale, shift, relu);
  const op = 'channelAffine';
  const operand = (t: Tensor | null | undefined, name: string) => (t ? ([t, op, name] as const) : null);
  const id = withDense([[x, op, 'input'], operand(scale, 'scale'), operand(shift, 'shift')], ([xd, sd, bd]) =>
    x.backend.channelAffine(xd, sd, bd, relu),
  );
  const out = fromKernel(x.backend, id, x.shape, x.dtype);
  const inputs = [x, scale, shift].filter((t): t is Tensor => !!t);
  const perChannel = x.shape.map((d, i) => (i === 1 ? d : 1));
  const result = record(op, inputs, out, (dy) => {
    // ReLU passes gradient where its output is positive, which is where its input was.
    const dz = relu ? reluBackward(saved!, dy) : dy;
    const channels = (g: Tensor) => reshape(sumTo(g, perChannel), [x.shape[1]!]);
    return [scale ? mul(dz, reshape(scale, perChannel)) : dz, ...(scale ? [channels(mul(dz, x))] : []), ...(shift ? [channels(dz)] : [])];
  });
  // ReLU's gradient reads the output, which the caller may dispose before backward.
  const saved = relu ? saveFor(result, result) : null;
  return result;
}

function checkArguments(x: Tensor, scale: Tensor | null | undefined, shift: Tensor | null | undefined, relu: unknown): void {
  const op = 'channelAffine';
  assertSameBackend(op, [
    ['input', x],
    ['scale', scale],
    ['shift', shift],
  ]);
  assertDtype(op, 'input', x, ['float32', 'float64']);
  if (x.ndim < 2) throw new Error(`${op}: input must have at least 2 dimensions [N, C, …] but got shape ${formatShape(x.shape)}`);
  const channels = x.shape[1]!;
  for (const [arg, t] of [
    ['scale', scale],
    ['shift', shift],
  ] as const) {
    if (!t) continue;
    assertDtype(op, arg, t, [x.dtype], 'it must match the input');
    if (t.ndim !== 1 || t.shape[0] !== channels)
      throw new Error(`${op}: ${arg} has shape ${formatShape(t.shape)} but expected [${channels}] (one per input channel)`);
  }
  if (typeof relu !== 'boolean') throw new Error(`${op}: relu must be true or false but got ${String(relu)}`);
}
