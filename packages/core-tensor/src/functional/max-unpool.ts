import type { UnpoolGeometry } from '../backend/backend.js';
import { adopt } from '../autograd/composite.js';
import { record } from '../autograd/record.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertDtype, assertSameBackend } from '../ops/checks.js';
import { fromKernel } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import { contiguous } from '../ops/shape-ops.js';
import { spatialTuple, type IntOrTuple } from './conv-geometry.js';
import { withBatchDim } from './conv.js';

export interface MaxUnpool2dOptions {
  kernelSize: IntOrTuple;
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  /** The output's [H, W] (or [N, C, H, W]), to undo a pooling whose input size the default cannot recover. */
  outputSize?: readonly number[];
}

/**
 * The partial inverse of maxPool2d: zeros of the output size with each value of `x` at the flat
 * in-plane index `indices` names (int32, the shape of x, as maxPool2d's returnIndices gives them).
 * Default output size (in − 1)·stride + kernel − 2·padding. Its gradient gathers dy at the indices.
 */
export function maxUnpool2d(input: Tensor, indices: Tensor, opts: MaxUnpool2dOptions): Tensor {
  assertSameBackend('maxUnpool2d', [
    ['input', input],
    ['indices', indices],
  ]);
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new Error(`maxUnpool2d: input must be 4-D [N, C, H, W] (or 3-D unbatched) but got shape ${formatShape(input.shape)}`);
  }
  assertDtype('maxUnpool2d', 'input', input, ['float32', 'float64']);
  assertDtype('maxUnpool2d', 'indices', indices, ['int32']);
  if (!shapesEqual(indices.shape, input.shape)) {
    throw new Error(
      `maxUnpool2d: indices has shape ${formatShape(indices.shape)} but input has shape ${formatShape(input.shape)} (expected the same shape)`,
    );
  }
  const outSize = unpoolOutputSize(input, opts);
  checkIndexRange(indices, outSize);
  const batched = input.ndim === 4 ? indices : indices.reshape([1, ...indices.shape]);
  try {
    return withBatchDim(2, input, (x) => unpool(x, batched, outSize));
  } finally {
    if (batched !== indices) batched.dispose();
  }
}

function unpool(x: Tensor, indices: Tensor, outSize: readonly [number, number]): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const g: UnpoolGeometry = { batch: n, channels: c, inSize: [h, w], outSize };
  const operands = [
    [x, 'maxUnpool2d', 'input'],
    [indices, 'maxUnpool2d', 'indices'],
  ] as const;
  const id = withDense(operands, ([xd, idd]) => x.backend.maxUnpool2d(xd, idd, g));
  const y = fromKernel(x.backend, id, [n, c, ...outSize], x.dtype);
  const kept = contiguous(indices, true);
  const out = record('maxUnpool2d', [x], y, (dy) => {
    const grads = [
      [dy, 'maxUnpool2d backward', 'grad'],
      [kept, 'maxUnpool2d backward', 'indices'],
    ] as const;
    const dx = withDense(grads, ([dyd, idd]) => x.backend.maxUnpool2dBackward(dyd, idd, g));
    // dx gathers dy at the indices: linear in dy, its own gradient is the unpooling of ddx.
    return [
      record('maxUnpool2dBackward', [dy], fromKernel(x.backend, dx, x.shape, x.dtype), (ddx) => {
        const again = withDense(
          [
            [ddx, 'maxUnpool2d', 'input'],
            [kept, 'maxUnpool2d', 'indices'],
          ] as const,
          ([d, idd]) => x.backend.maxUnpool2d(d, idd, g),
        );
        return [fromKernel(x.backend, again, dy.shape, x.dtype)];
      }),
    ];
  });
  adopt(out, [kept]);
  return out;
}

/** PyTorch's `_unpool_output_size`: the default, or a given size within one stride of it. */
function unpoolOutputSize(x: Tensor, opts: MaxUnpool2dOptions): [number, number] {
  const op = 'maxUnpool2d';
  if (opts?.kernelSize === undefined) throw new Error(`${op}: kernelSize is required`);
  const kernel = spatialTuple(op, 'kernelSize', opts.kernelSize, 2, 1);
  const stride = spatialTuple(op, 'stride', opts.stride ?? opts.kernelSize, 2, 1);
  const padding = spatialTuple(op, 'padding', opts.padding ?? 0, 2, 0);
  const inSize = x.shape.slice(-2);
  const defaults = inSize.map((n, i) => (n - 1) * stride[i]! + kernel[i]! - 2 * padding[i]!);
  if (opts.outputSize === undefined) {
    if (defaults.some((s) => s < 1)) {
      throw new Error(`${op}: output size ${formatShape(defaults)} (from input ${formatShape(inSize)}) must be positive`);
    }
    return [defaults[0]!, defaults[1]!];
  }
  const given = opts.outputSize.length === 4 ? opts.outputSize.slice(2) : [...opts.outputSize];
  if (given.length !== 2 || given.some((s) => !Number.isInteger(s))) {
    throw new Error(`${op}: outputSize must be 2 integers [H, W] (or 4, [N, C, H, W]) but got ${formatShape(opts.outputSize)}`);
  }
  given.forEach((s, i) => {
    const [lo, hi] = [defaults[i]! - stride[i]!, defaults[i]! + stride[i]!];
    if (!(lo < s && s < hi)) {
      throw new Error(`${op}: outputSize ${formatShape(given)} has dim ${i} = ${s} (expected between ${lo} and ${hi}, exclusive)`);
    }
  });
  return [given[0]!, given[1]!];
}

/** PyTorch refuses an index outside the output plane; checked where the backend reads synchronously. */
function checkIndexRange(indices: Tensor, [h, w]: readonly [number, number]): void {
  const backend = indices.backend;
  if (!backend.readSync || indices.numel() === 0) return;
  const dense = contiguous(indices);
  const values = backend.readSync(dense.storage('maxUnpool2d', 'indices').id);
  if (dense !== indices) dense.dispose();
  for (const v of values) {
    if (v < 0 || v >= h * w) {
      throw new Error(`maxUnpool2d: indices holds ${v}, outside the output plane of ${h}×${w} (expected 0 ≤ index < ${h * w})`);
    }
  }
}
