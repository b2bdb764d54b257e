import type { ConvGeometry } from '../backend/backend.js';
import { record } from '../autograd/record.js';
import { fromKernel } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import type { Tensor } from '../tensor.js';

/*
 * A convolution's three kernels as differentiable ops, each the others' gradient: y = conv(x, w),
 * dx = convInputGrad(dy, w) (also a transposed convolution's forward), dw = convWeightGrad(x, dy).
 * All three are bilinear, so each one's gradient is another of the three; recording them lets a
 * gradient be differentiated again (backward({ createGraph: true }), a gradient penalty).
 */

/** y [N, O, …out] = conv(x [N, C, …in], w [O, C/groups, …k]), without bias. */
export function convOp(op: string, x: Tensor, w: Tensor, g: ConvGeometry, yShape: readonly number[]): Tensor {
  const id = withDense(
    [
      [x, op, 'input'],
      [w, op, 'weight'],
    ],
    ([xd, wd]) => x.backend.conv(xd, wd, g),
  );
  return record(op, [x, w], fromKernel(x.backend, id, yShape, x.dtype), (dy) => [
    x.requiresGrad ? convInputGrad(dy, w, g, x.shape) : null,
    w.requiresGrad ? convWeightGrad(x, dy, g, w.shape) : null,
  ]);
}

/** What errors call the operands: a backward pass's `grad`, or a transposed convolution's `input`. */
const INPUT_GRAD_NAMES = { op: 'conv backward', dy: 'grad' };

/** dx = convInputGrad(dy, w): ⟨dx, G⟩ = ⟨dy, conv(G, w)⟩ = ⟨w, convWeightGrad(G, dy)⟩. */
export function convInputGrad(dy: Tensor, w: Tensor, g: ConvGeometry, xShape: readonly number[], names = INPUT_GRAD_NAMES): Tensor {
  const id = withDense(
    [
      [dy, names.op, names.dy],
      [w, names.op, 'weight'],
    ],
    ([dyd, wd]) => dy.backend.convBackwardInput(dyd, wd, g),
  );
  return record('convInputGrad', [dy, w], fromKernel(dy.backend, id, xShape, dy.dtype), (ddx) => [
    dy.requiresGrad ? convOp('conv', ddx, w, g, dy.shape) : null,
    w.requiresGrad ? convWeightGrad(ddx, dy, g, w.shape) : null,
  ]);
}

/** dw = convWeightGrad(x, dy): ⟨dw, G⟩ = ⟨dy, conv(x, G)⟩ = ⟨x, convInputGrad(dy, G)⟩. */
export function convWeightGrad(x: Tensor, dy: Tensor, g: ConvGeometry, wShape: readonly number[]): Tensor {
  const op = 'conv backward';
  const id = withDense(
    [
      [x, op, 'input'],
      [dy, op, 'grad'],
    ],
    ([xd, dyd]) => x.backend.convBackwardWeight(xd, dyd, g),
  );
  return record('convWeightGrad', [x, dy], fromKernel(x.backend, id, wShape, x.dtype), (ddw) => [
    x.requiresGrad ? convInputGrad(dy, ddw, g, x.shape) : null,
    dy.requiresGrad ? convOp('conv', x, ddw, g, dy.shape) : null,
  ]);
}
