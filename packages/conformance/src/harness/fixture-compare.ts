/** A tensor as the PyTorch fixtures store it: a shape and its values in row-major order. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

export interface Tolerance {
  /** Relative to the largest expected magnitude of the whole tensor, not per element. */
  rtol?: number;
  atol?: number;
}

export const DEFAULT_RTOL = 1e-5;
// Lets an exactly-zero expectation absorb float32 rounding noise; far below any real error.
export const DEFAULT_ATOL = 1e-7;

/**
 * Compares one computed tensor with its PyTorch value. The check is per tensor,
 * `max|got - exp| <= atol + rtol * max|exp|`, because float32 error scales with the tensor's
 * magnitude rather than with each element's. Returns a failure message naming the op, the
 * tensor, the worst element and the tolerance, or null when the tensor matches.
 */
export function compareToFixture(
  op: string,
  tensorName: string,
  got: ArrayLike<number>,
  gotShape: readonly number[],
  expected: FixtureTensor,
  tolerance: Tolerance = {},
): string | null {
  const where = `${op}: ${tensorName}`;
  if (!sameShape(gotShape, expected.shape)) {
    return `${where} has shape [${gotShape.join(', ')}], PyTorch gives [${expected.shape.join(', ')}]`;
  }
  if (got.length !== expected.data.length) {
    return `${where} has ${got.length} values, PyTorch gives ${expected.data.length}`;
  }
  const rtol = tolerance.rtol ?? DEFAULT_RTOL;
  const atol = tolerance.atol ?? DEFAULT_ATOL;
  let scale = 0;
  for (const v of expected.data) scale = Math.max(scale, Math.abs(v));
  const allowed = atol + rtol * scale;

  let worst = -1;
  let worstDiff = -1;
  for (let i = 0; i < got.length; i++) {
    const diff = Math.abs(got[i]! - expected.data[i]!);
    // NaN compares false with everything, so it is ranked worst explicitly.
    const rank = Number.isNaN(diff) ? Infinity : diff;
    if (rank > worstDiff) {
      worstDiff = rank;
      worst = i;
    }
  }
  if (worst < 0 || worstDiff <= allowed) return null;
  return (
    `${where} differs from PyTorch at index ${worst} [${unravel(worst, expected.shape).join(', ')}]: ` +
    `got ${got[worst]}, expected ${expected.data[worst]} ` +
    `(|diff| ${worstDiff.toExponential(3)} > ${allowed.toExponential(3)} = ` +
    `atol ${atol.toExponential()} + rtol ${rtol.toExponential()} * max|expected| ${scale})`
  );
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}
