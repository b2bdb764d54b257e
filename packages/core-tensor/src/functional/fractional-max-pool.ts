import type { FractionalPoolGeometry } from '../backend/backend.js';
import { adopt } from '../autograd/composite.js';
import { record } from '../autograd/record.js';
import { gatherPlanes } from './plane-gather.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertDtype, assertSameBackend } from '../ops/checks.js';
import { fromKernel, viewOf } from '../ops/create-tensor.js';
import { rand } from '../ops/creation.js';
import { withDense } from '../ops/dense-operands.js';
import { spatialTuple, type IntOrTuple } from './conv-geometry.js';
import { callersIndices, withBatchDimAndIndices, type WithIndices } from './with-indices.js';

export interface FractionalMaxPoolOptions {
  kernelSize: IntOrTuple;
  /** The output's [H, W] (or one number for both); give this or outputRatio. */
  outputSize?: IntOrTuple;
  /** The output's size as a fraction of the input's, ⌊in·ratio⌋, one number or [H, W]. */
  outputRatio?: number | readonly number[];
  /**
   * [N, C, 2] numbers in [0, 1) of the input's dtype, PyTorch's `_random_samples` (per plane: the
   * columns' sample, then the rows'). Default: drawn from Stride's seeded generator (manualSeed).
   */
  randomSamples?: Tensor;
  returnIndices?: boolean;
}

/**
 * Fractional max pooling (Graham 2014) as PyTorch: each plane's windows, kernelSize wide, start at
 * pseudo-random increments of α = (in − k)/(out − 1) set by its samples, the last at in − k.
 * With the same randomSamples the result is PyTorch's. Input [N, C, H, W] or [C, H, W].
 */
export function fractionalMaxPool2d(input: Tensor, opts: FractionalMaxPoolOptions & { returnIndices: true }): WithIndices;
export function fractionalMaxPool2d(input: Tensor, opts: FractionalMaxPoolOptions & { returnIndices?: false }): Tensor;
export function fractionalMaxPool2d(input: Tensor, opts: FractionalMaxPoolOptions): Tensor | WithIndices;
export function fractionalMaxPool2d(input: Tensor, opts: FractionalMaxPoolOptions): Tensor | WithIndices {
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new Error(`fractionalMaxPool2d: input must be 4-D [N, C, H, W] (or 3-D unbatched) but got shape ${formatShape(input.shape)}`);
  }
  const pooled = withBatchDimAndIndices(2, input, (x) => {
    assertDtype('fractionalMaxPool2d', 'input', x, ['float32', 'float64']);
    const g = fractionalGeometry(x, opts);
    const samples = opts.randomSamples ?? rand([g.batch, g.channels, 2], { dtype: x.dtype, backend: x.backend });
    try {
      return pool(x, checkSamples(x, samples, g), g);
    } finally {
      if (samples !== opts.randomSamples) samples.dispose();
    }
  });
  if (opts.returnIndices) return pooled;
  pooled.indices.dispose();
  return pooled.output;
}

function pool(x: Tensor, samples: Tensor, g: FractionalPoolGeometry): WithIndices {
  const operands = [
    [x, 'fractionalMaxPool2d', 'input'],
    [samples, 'fractionalMaxPool2d', 'randomSamples'],
  ] as const;
  const { out, argmax } = withDense(operands, ([xd, sd]) => x.backend.fractionalMaxPool2d(xd, sd, g));
  const shape = [g.batch, g.channels, g.outSize[0], g.outSize[1]];
  const indices = fromKernel(x.backend, argmax, shape, 'int32');
  // The rule reads its own views, so the caller may dispose the samples and indices it holds.
  const placed = viewOf(samples, samples.shape, samples.strides, samples.offset, 'fractionalMaxPool2d');
  const y = record('fractionalMaxPool2d', [x], fromKernel(x.backend, out, shape, x.dtype), (dy) => {
    const grads = [
      [dy, 'fractionalMaxPool2d backward', 'grad'],
      [indices, 'fractionalMaxPool2d backward', 'indices'],
      [placed, 'fractionalMaxPool2d backward', 'randomSamples'],
    ] as const;
    const dx = withDense(grads, ([dyd, id, sd]) => x.backend.fractionalMaxPool2dBackward(dyd, id, sd, g));
    return [
      record('fractionalMaxPool2dBackward', [dy], fromKernel(x.backend, dx, x.shape, x.dtype), (ddx) => [gatherPlanes(ddx, indices)]),
    ];
  });
  const handed = callersIndices(indices);
  adopt(y, [indices, placed]);
  return { output: y, indices: handed };
}

/** kernelSize and the output size (given, or ⌊in·ratio⌋), checked as PyTorch does: out + k − 1 ≤ in. */
function fractionalGeometry(x: Tensor, opts: FractionalMaxPoolOptions): FractionalPoolGeometry {
  const op = 'fractionalMaxPool2d';
  if (opts?.kernelSize === undefined) throw new Error(`${op}: kernelSize is required`);
  const kernel = spatialTuple(op, 'kernelSize', opts.kernelSize, 2, 1);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  let out: number[];
  if (opts.outputSize !== undefined && opts.outputRatio !== undefined) {
    throw new Error(`${op}: give only one of outputSize and outputRatio (got both)`);
  } else if (opts.outputSize !== undefined) {
    out = spatialTuple(op, 'outputSize', opts.outputSize, 2, 1);
  } else if (opts.outputRatio !== undefined) {
    const ratio = typeof opts.outputRatio === 'number' ? [opts.outputRatio, opts.outputRatio] : [...opts.outputRatio];
    if (ratio.length !== 2 || ratio.some((r) => !(r > 0 && r < 1))) {
      throw new Error(`${op}: outputRatio must be a number or 2 numbers in (0, 1) but got ${JSON.stringify(opts.outputRatio)}`);
    }
    out = [Math.trunc(h * ratio[0]!), Math.trunc(w * ratio[1]!)];
    if (out.some((o) => o < 1))
      throw new Error(`${op}: outputRatio ${formatShape(ratio)} of input [${h}, ${w}] gives output ${formatShape(out)}`);
  } else {
    throw new Error(`${op}: outputSize or outputRatio is required (got neither)`);
  }
  [h, w].forEach((size, i) => {
    if (out[i]! + kernel[i]! - 1 > size) {
      const dim = i === 0 ? 'height' : 'width';
      throw new Error(
        `${op}: kernel ${dim} ${kernel[i]} with output ${dim} ${out[i]} needs an input ${dim} of at least ${out[i]! + kernel[i]! - 1} ` +
          `(output + kernel − 1) but got ${size}`,
      );
    }
  });
  return { batch: n, channels: c, inSize: [h, w], outSize: [out[0]!, out[1]!], kernel: [kernel[0]!, kernel[1]!] };
}

function checkSamples(x: Tensor, samples: Tensor, g: FractionalPoolGeometry): Tensor {
  assertSameBackend('fractionalMaxPool2d', [
    ['input', x],
    ['randomSamples', samples],
  ]);
  assertDtype('fractionalMaxPool2d', 'randomSamples', samples, [x.dtype]);
  const expected = [g.batch, g.channels, 2];
  if (!shapesEqual(samples.shape, expected)) {
    throw new Error(
      `fractionalMaxPool2d: randomSamples must have shape ${formatShape(expected)} ([N, C, 2]) but got ${formatShape(samples.shape)}`,
    );
  }
  return samples;
}
