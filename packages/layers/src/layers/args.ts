/** Constructor-argument checks and expansions shared by the layers. */

/** Channel and feature counts: non-negative integers (PyTorch allows 0-sized layers). */
export function checkCounts(op: string, args: Record<string, number>): void {
  for (const [name, v] of Object.entries(args)) {
    if (!Number.isInteger(v) || v < 0 || v > MAX_EXTENT) throw new Error(`${op}: ${name} must be a non-negative integer but got ${v}`);
  }
}

/** PyTorch's _ConvNd checks: both channel counts divisible by a positive groups. */
export function checkChannels(op: string, inChannels: number, outChannels: number, groups: number): void {
  checkCounts(op, { inChannels, outChannels });
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`${op}: groups must be a positive integer but got ${groups}`);
  if (inChannels % groups !== 0) throw new Error(`${op}: inChannels (${inChannels}) must be divisible by groups (${groups})`);
  if (outChannels % groups !== 0) throw new Error(`${op}: outChannels (${outChannels}) must be divisible by groups (${groups})`);
}

/**
 * A number or tuple expanded to one value per spatial dim, as PyTorch's `_ntuple`, each an
 * integer ≥ `min` (1 for kernel sizes, strides and dilations, 0 for paddings): a kernel of 0
 * would otherwise build a layer whose forward pass returns zeros.
 */
export function tupleOf(op: string, arg: string, value: number | readonly number[], rank: number, min: number): number[] {
  const values = typeof value === 'number' ? new Array<number>(rank).fill(value) : Array.isArray(value) ? [...value] : null;
  if (values === null || values.length !== rank) {
    throw new Error(`${op}: ${arg} must be a number or ${rank} numbers but got ${values ? `[${values.join(', ')}]` : String(value)}`);
  }
  for (const v of values) {
    if (!Number.isInteger(v) || v < min || v > MAX_EXTENT) {
      const bound = min === 0 ? 'non-negative' : 'positive';
      throw new Error(`${op}: ${arg} must be ${bound} integers but got ${typeof value === 'number' ? value : `[${values.join(', ')}]`}`);
    }
  }
  return values;
}

/** No layer's window, stride or padding is longer than a tensor dimension can be. */
const MAX_EXTENT = 2 ** 31 - 1;

export function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}
