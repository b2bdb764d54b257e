import type { PadMode, PadModeGeometry } from '../backend/backend.js';
import { record } from '../autograd/record.js';
import { isFloating } from '../dtype.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fromKernel } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import { constantPad } from '../ops/shape-ops.js';
import { checkAllocatable } from '../shape-checks.js';

export type PaddingMode = 'constant' | PadMode;

export interface PadOptions {
  /** Default 'constant'. */
  mode?: PaddingMode;
  /** The constant mode's fill (default 0); the other modes take none. */
  value?: number;
}

const MODES: readonly PaddingMode[] = ['constant', 'reflect', 'replicate', 'circular'];

/**
 * torch.nn.functional.pad: `pads` is torch's flat list, (before, after) pairs from the last
 * dimension backwards. Constant padding takes any number of trailing dims and crops where a pad
 * is negative. Reflect, replicate and circular pad the last 1, 2 or 3 dims of an input with one
 * or two more (circular: exactly two, [N, C, ...]), under PyTorch's rules: a reflect pad must be
 * smaller than its dim, a circular one at most its dim.
 */
export function pad(x: Tensor, pads: readonly number[], opts: PadOptions = {}): Tensor {
  const mode = opts.mode ?? 'constant';
  const pairs = checkPads(x, pads, mode);
  const padded = x.shape.map((n, d) => {
    const [before, after] = pairs[x.ndim - 1 - d] ?? [0, 0];
    return n + before + after;
  });
  checkAllocatable('pad', padded, x.dtype, x.backend);
  if (mode === 'constant') {
    const all = x.shape.map((_, d): [number, number] => pairs[x.ndim - 1 - d] ?? [0, 0]);
    return constantPad(x, all, opts.value ?? 0);
  }
  if (opts.value !== undefined && opts.value !== 0) throw new Error(`pad: mode '${mode}' takes no value (got value ${opts.value})`);
  return padMode(x, checkModeRules(x, pairs, mode));
}

/** The pairs of `pads`, last dim first, each leaving its dim a size ≥ 0. */
function checkPads(x: Tensor, pads: readonly number[], mode: string): [number, number][] {
  if (!MODES.includes(mode as PaddingMode)) {
    throw new Error(`pad: mode must be 'constant', 'reflect', 'replicate' or 'circular' but got '${mode}'`);
  }
  if (!Array.isArray(pads) || pads.some((p) => !Number.isInteger(p))) {
    throw new Error(`pad: pads must be a list of integers but got ${JSON.stringify(pads)}`);
  }
  if (pads.length % 2 !== 0) {
    throw new Error(`pad: pads has ${pads.length} values (expected an even number: a (before, after) pair per dimension, last first)`);
  }
  if (pads.length > 2 * x.ndim) {
    throw new Error(`pad: pads has ${pads.length} values for an input of rank ${x.ndim} (expected at most ${2 * x.ndim})`);
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < pads.length / 2; i++) {
    const pair: [number, number] = [pads[2 * i]!, pads[2 * i + 1]!];
    const dim = x.ndim - 1 - i;
    const size = x.shape[dim]! + pair[0] + pair[1];
    if (size < 0) {
      throw new Error(
        `pad: padding (${pair.join(', ')}) of dimension ${dim} leaves it size ${size} (input size ${x.shape[dim]}; expected a size ≥ 0)`,
      );
    }
    pairs.push(pair);
  }
  return pairs;
}

/** The dims each mode may pad, and each mode's bound on the pad, as PyTorch 1.13 checks them. */
function checkModeRules(x: Tensor, pairs: [number, number][], mode: PadMode): PadModeGeometry {
  const k = pairs.length;
  if (k < 1 || k > 3 || (x.ndim !== k + 1 && x.ndim !== k + 2)) {
    throw new Error(
      `pad: mode '${mode}' pads the last 1, 2 or 3 dims of an input with 1 or 2 more (2 values: 2-D or 3-D input, ` +
        `4 values: 3-D or 4-D, 6 values: 4-D or 5-D) but got ${2 * k} values for input of shape ${formatShape(x.shape)}`,
    );
  }
  if (mode === 'circular' && x.ndim !== k + 2) {
    throw new Error(
      `pad: mode 'circular' needs a batched input [N, C, ...] with a pair per spatial dim: ${2 * k} values need a ` +
        `${k + 2}-D input but got shape ${formatShape(x.shape)}`,
    );
  }
  if (mode !== 'circular' && !isFloating(x.dtype)) throw new Error(`pad: mode '${mode}' needs a float input but got ${x.dtype}`);
  pairs.forEach(([before, after], i) => {
    const dim = x.ndim - 1 - i;
    const n = x.shape[dim]!;
    if (mode === 'reflect' && (before >= n || after >= n)) {
      throw new Error(
        `pad: reflect padding (${before}, ${after}) of dimension ${dim} must be less than its size ${n} (expected each pad ≤ ${n - 1})`,
      );
    }
    if (mode === 'circular') checkCircular(before, after, dim, n);
  });
  // Geometry pairs run outermost first.
  return { inShape: x.shape, pads: [...pairs].reverse(), mode };
}

function checkCircular(before: number, after: number, dim: number, n: number): void {
  if (before > n || after > n) {
    throw new Error(
      `pad: circular padding (${before}, ${after}) of dimension ${dim} wraps around more than once (expected each pad ≤ its size ${n})`,
    );
  }
  const kept = n + Math.min(before, 0) + Math.min(after, 0);
  if (kept === 0 && (before > 0 || after > 0)) {
    throw new Error(`pad: circular padding (${before}, ${after}) of dimension ${dim} crops all ${n} elements and has none left to wrap`);
  }
}

/** Reflect, replicate or circular padding; its gradient sums each padded position back onto its source. */
function padMode(x: Tensor, g: PadModeGeometry): Tensor {
  const id = withDense([[x, 'pad', 'input']], ([xd]) => x.backend.padMode(xd, g));
  const shape = x.shape.map((d, i) => {
    const j = i - (x.ndim - g.pads.length);
    return j < 0 ? d : d + g.pads[j]![0] + g.pads[j]![1];
  });
  const y = fromKernel(x.backend, id, shape, x.dtype);
  return record('pad', [x], y, (dy) => [padModeBackward(dy, g)]);
}

/** Linear in dy, so its own gradient is padMode again. */
function padModeBackward(dy: Tensor, g: PadModeGeometry): Tensor {
  const id = withDense([[dy, 'pad backward', 'grad']], ([dyd]) => dy.backend.padModeBackward(dyd, g));
  const dx = fromKernel(dy.backend, id, g.inShape, dy.dtype);
  return record('padBackward', [dy], dx, (ddx) => [padMode(ddx, g)]);
}
