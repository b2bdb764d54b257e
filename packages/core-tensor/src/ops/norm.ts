import type { Tensor } from '../tensor.js';
import { isFloating } from '../dtype.js';
import { formatShape } from '../shape.js';
import { composite } from '../autograd/composite.js';
import { abs, compare, div, mul, pow, sign, sqrt, where } from './elementwise.js';
import { extreme, reduceAxes, sum } from './reduce.js';
import { withGradient } from './own-gradient.js';
import { cast, reshape } from './shape-ops.js';
import { zerosLike } from './creation.js';

/** A vector norm's order: any number (±Infinity for max/min |x|, 0 counts nonzeros), or 'fro' (the 2-norm). */
export type NormOrder = number | 'fro';

export interface NormOptions {
  p?: NormOrder;
  /** The dims reduced over; every dim when undefined. */
  dim?: number | readonly number[];
  keepdim?: boolean;
}

/**
 * torch.norm as torch.linalg.vector_norm computes it: (Σ|x|ᵖ)^(1/p) over `dim`. 'fro' is the 2-norm
 * of at most two dims. The gradient is torch's, subgradient included: 0 wherever the norm is 0,
 * sign(x) for p = 1, and for ±∞ split evenly among the elements that reach the norm.
 */
export function norm(x: Tensor, opts: NormOptions = {}): Tensor {
  const op = 'norm';
  const p = order(op, opts);
  const axes = reduceAxes(op, x, opts.dim);
  if (!isFloating(x.dtype)) throw new Error(`${op}: input must be floating point but got ${x.dtype}; cast with .float() first`);
  x.storage(op);
  const keepdim = opts.keepdim ?? false;
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = withGradient(
    op,
    [x],
    () => {
      const result = vectorNorm(x, p, axes);
      return keepdim
        ? result
        : reshape(
            result,
            x.shape.filter((_, i) => !axes.includes(i)),
          );
    },
    (dy) => [composite(() => normGradient(x, p, axes, reshape(dy, kept), reshape(out, kept)))],
  );
  return out;
}

function order(op: string, opts: NormOptions): number {
  const p = opts.p ?? 2;
  if (p === 'fro') {
    const dims = opts.dim === undefined ? null : typeof opts.dim === 'number' ? [opts.dim] : opts.dim;
    if (dims && dims.length > 2) {
      throw new Error(`${op}: p 'fro' reduces at most 2 dims but dim is ${formatShape(dims)} (use p: 2 for a vector norm over more)`);
    }
    return 2;
  }
  if (typeof p !== 'number' || Number.isNaN(p)) {
    throw new Error(`${op}: p must be a number, Infinity, -Infinity or 'fro' but got ${typeof p === 'string' ? `'${p}'` : String(p)}`);
  }
  return p;
}

/** The norm with the reduced dims kept (size 1). */
function vectorNorm(x: Tensor, p: number, axes: readonly number[]): Tensor {
  const magnitude = abs(x);
  if (p === Infinity || p === -Infinity) {
    let m = magnitude;
    for (const a of axes) m = extreme(p > 0 ? 'max' : 'min', m, a, true);
    return m;
  }
  if (p === 0) return sum(cast(compare('ne', x, 0), x.dtype), axes, true);
  if (p === 1) return sum(magnitude, axes, true);
  if (p === 2) return sqrt(sum(mul(x, x), axes, true));
  return pow(sum(pow(magnitude, p), axes, true), 1 / p);
}

/** torch's norm_backward (FunctionsManual.cpp, 1.13), with dy and the norm in the kept shape. */
function normGradient(x: Tensor, p: number, axes: readonly number[], dy: Tensor, n: Tensor): Tensor {
  const atZero = compare('eq', n, 0);
  if (p === 0) return zerosLike(x);
  if (p === 1) return mul(sign(x), dy);
  if (p === 2) return mul(dy, where(atZero, 0, div(x, n)));
  if (p === Infinity || p === -Infinity) {
    const reaches = compare('eq', abs(x), n);
    return mul(sign(x), mul(div(dy, sum(reaches, [...axes], true)), reaches));
  }
  if (p < 1) {
    const scaled = where(compare('eq', x, 0), 0, mul(sign(x), pow(abs(x), p - 1)));
    return mul(mul(scaled, dy), pow(n, 1 - p));
  }
  const scaled = p < 2 ? mul(sign(x), pow(abs(x), p - 1)) : mul(x, pow(abs(x), p - 2));
  return mul(scaled, where(atZero, 0, div(dy, pow(n, p - 1))));
}
