import type { InterpolateGeometry } from '../backend/backend.js';
import { record } from '../autograd/record.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertDtype } from '../ops/checks.js';
import { fromKernel } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import { checkAllocatable } from '../shape-checks.js';

export interface InterpolateOptions {
  /** The output's spatial size: one number for every spatial dim, or one per dim. */
  size?: number | readonly number[];
  /** Multiplies each spatial size (output = ⌊in·scale⌋); PyTorch then samples at 1/scale unless recomputeScaleFactor. */
  scaleFactor?: number | readonly number[];
  /** Default 'nearest'. */
  mode?: 'nearest' | 'bilinear';
  /** 'bilinear' only (default false): the corner pixels' centres of input and output coincide. */
  alignCorners?: boolean;
  /** With scaleFactor: sample at in/out instead of 1/scale, as if the size had been given. */
  recomputeScaleFactor?: boolean;
}

/**
 * torch.nn.functional.interpolate for 'nearest' (1-D, 2-D or 3-D: input [N, C, ...spatial]) and
 * 'bilinear' (input [N, C, H, W]), with PyTorch 1.13's source-index arithmetic: see
 * `interpolatePlan`. Its gradient sums each output's share back onto the pixels it read.
 */
export function interpolate(x: Tensor, opts: InterpolateOptions = {}): Tensor {
  const g = interpolateGeometry(x, opts);
  checkAllocatable('interpolate', [g.batch, g.channels, ...g.outSize], x.dtype, x.backend);
  const id = withDense([[x, 'interpolate', 'input']], ([xd]) => x.backend.interpolate(xd, g));
  const y = fromKernel(x.backend, id, [g.batch, g.channels, ...g.outSize], x.dtype);
  return record('interpolate', [x], y, (dy) => [interpolateBackward(dy, g, x.shape)]);
}

/** Linear in dy, so its own gradient is interpolate's forward pass. */
function interpolateBackward(dy: Tensor, g: InterpolateGeometry, shape: readonly number[]): Tensor {
  const id = withDense([[dy, 'interpolate backward', 'grad']], ([dyd]) => dy.backend.interpolateBackward(dyd, g));
  const dx = fromKernel(dy.backend, id, shape, dy.dtype);
  return record('interpolateBackward', [dy], dx, (ddx) => {
    const again = withDense([[ddx, 'interpolate', 'input']], ([d]) => ddx.backend.interpolate(d, g));
    return [fromKernel(ddx.backend, again, dy.shape, ddx.dtype)];
  });
}

/** PyTorch's checks and output size, in its order: mode, alignCorners, size or scale, then rank. */
export function interpolateGeometry(x: Tensor, opts: InterpolateOptions): InterpolateGeometry {
  const mode = opts.mode ?? 'nearest';
  if (mode !== 'nearest' && mode !== 'bilinear') throw new Error(`interpolate: mode must be 'nearest' or 'bilinear' but got '${mode}'`);
  if (mode === 'nearest' && opts.alignCorners !== undefined) {
    throw new Error(
      `interpolate: alignCorners can only be set with mode 'bilinear' (got mode 'nearest' and alignCorners ${opts.alignCorners})`,
    );
  }
  if (mode === 'bilinear' && x.ndim !== 4) {
    throw new Error(`interpolate: mode 'bilinear' needs a 4-D input [N, C, H, W] but got shape ${formatShape(x.shape)}`);
  }
  if (x.ndim < 3 || x.ndim > 5) {
    throw new Error(`interpolate: input must be 3-D, 4-D or 5-D [N, C, ...spatial] but got shape ${formatShape(x.shape)}`);
  }
  assertDtype('interpolate', 'input', x, ['float32', 'float64']);
  const inSize = x.shape.slice(2);
  const { size, scaleFactor } = opts;
  if (size !== undefined && scaleFactor !== undefined) throw new Error('interpolate: give only one of size and scaleFactor (got both)');
  if (size === undefined && scaleFactor === undefined) throw new Error('interpolate: size or scaleFactor is required (got neither)');
  if (size !== undefined && opts.recomputeScaleFactor) {
    throw new Error('interpolate: recomputeScaleFactor needs a scaleFactor (it is not meaningful with an explicit size)');
  }
  let outSize: number[];
  let scales: (number | null)[];
  if (size !== undefined) {
    outSize = perDim('size', size, inSize);
    if (outSize.some((s) => !Number.isInteger(s))) throw new Error(`interpolate: size must be integers but got ${formatShape(outSize)}`);
    scales = inSize.map(() => null);
  } else {
    const factors = perDim('scaleFactor', scaleFactor!, inSize);
    if (factors.some((s) => !Number.isFinite(s))) {
      throw new Error(`interpolate: scaleFactor must be finite numbers but got ${formatShape(factors)}`);
    }
    outSize = inSize.map((n, i) => Math.floor(n * factors[i]!));
    scales = opts.recomputeScaleFactor ? inSize.map(() => null) : factors;
  }
  if (outSize.some((s) => s < 1) || inSize.some((s) => s < 1)) {
    throw new Error(
      `interpolate: input and output sizes must be positive but got input ${formatShape(inSize)} and output ${formatShape(outSize)}`,
    );
  }
  return {
    batch: x.shape[0]!,
    channels: x.shape[1]!,
    inSize,
    outSize,
    mode,
    alignCorners: opts.alignCorners ?? false,
    scales,
  };
}

function perDim(arg: string, value: number | readonly number[], inSize: readonly number[]): number[] {
  if (typeof value === 'number') return inSize.map(() => value);
  if (!Array.isArray(value) || value.length !== inSize.length) {
    throw new Error(
      `interpolate: ${arg} must be a number or ${inSize.length} numbers, one per spatial dim of the input ${formatShape(inSize)}, ` +
        `but got ${JSON.stringify(value)}`,
    );
  }
  return [...value];
}
