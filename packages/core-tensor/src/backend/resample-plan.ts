import type { DType } from '../dtype.js';
import type { BlurPoolGeometry, InterpolateGeometry, PadModeGeometry } from './backend.js';

/**
 * One axis of a separable linear map: output o reads `taps` input positions index[o·taps + t]
 * (−1: no tap, a zero) with weights weight[o·taps + t].
 */
export interface ResampleAxis {
  readonly inSize: number;
  readonly outSize: number;
  readonly taps: number;
  readonly index: Int32Array;
  /** null: every tap weighs 1, so values are copied (or summed), never multiplied. */
  readonly weight: Float64Array | null;
}

/**
 * A separable linear map over the trailing dims of a tensor viewed as [planes, ...axes' inSize].
 * Reflect, replicate and circular padding, nearest and bilinear interpolation and the blur
 * pool's pad-filter-stride are each one of these, so every backend runs them on one engine:
 *
 *   out[p, o₁, …, o_k] = Σ_t₁ w₁ · (Σ_t₂ w₂ · (… x[p, i₁, …, i_k]))
 *
 * summed innermost axis first, each sum in tap order, as PyTorch's separable upsampling
 * (`Interpolate<n>::eval`) does: a backend that follows this order gives PyTorch's roundings.
 */
export interface ResamplePlan {
  readonly planes: number;
  /** The trailing dims, outermost first. */
  readonly axes: readonly ResampleAxis[];
}

/** The plan's output shape: the leading dims of `inShape` kept, the trailing ones resampled. */
export function resampledShape(inShape: readonly number[], plan: ResamplePlan): number[] {
  const lead = inShape.slice(0, inShape.length - plan.axes.length);
  return [...lead, ...plan.axes.map((a) => a.outSize)];
}

const productOf = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

// ---------------------------------------------------------------- padding

/**
 * torch.nn.functional.pad's index maps, one tap each: reflect mirrors about the edge without
 * repeating it, replicate clamps, circular wraps the part left after cropping (PyTorch's
 * `_pad_circular` crops first, then copies the cropped tensor's ends).
 */
export function padModePlan(g: PadModeGeometry): ResamplePlan {
  const k = g.pads.length;
  const sizes = g.inShape.slice(g.inShape.length - k);
  const axes = g.pads.map(([before, after], i): ResampleAxis => {
    const n = sizes[i]!;
    const out = n + before + after;
    const index = new Int32Array(out);
    for (let j = 0; j < out; j++) index[j] = padSource(g.mode, j, n, before, after);
    return { inSize: n, outSize: out, taps: 1, index, weight: null };
  });
  return { planes: productOf(g.inShape.slice(0, g.inShape.length - k)), axes };
}

function padSource(mode: PadModeGeometry['mode'], j: number, n: number, before: number, after: number): number {
  const u = j - before;
  if (mode === 'reflect') return u < 0 ? -u : u >= n ? 2 * (n - 1) - u : u;
  if (mode === 'replicate') return Math.min(Math.max(u, 0), n - 1);
  const kept = n + Math.min(before, 0) + Math.min(after, 0);
  const shifted = j - Math.max(before, 0);
  return Math.max(-before, 0) + (((shifted % kept) + kept) % kept);
}

// ---------------------------------------------------------------- interpolation

/**
 * F.interpolate's source indices and weights, PyTorch 1.13's arithmetic to the rounding: nearest
 * computes in float32 whatever the dtype (`nearest_idx`), linear in the tensor's dtype
 * (`area_pixel_compute_source_index`, `compute_source_index_and_lambda`).
 */
export function interpolatePlan(g: InterpolateGeometry, dtype: DType): ResamplePlan {
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const axes = g.inSize.map((n, i) => {
    const out = g.outSize[i]!;
    const scale = g.scales[i] ?? null;
    return g.mode === 'nearest' ? nearestAxis(n, out, scale) : linearAxis(n, out, scale, g.alignCorners, round);
  });
  return { planes: g.batch * g.channels, axes };
}

function nearestAxis(n: number, out: number, scale: number | null): ResampleAxis {
  const index = new Int32Array(out);
  // PyTorch skips the float arithmetic for a copy and for an exact doubling.
  const step = Math.fround(scale !== null && scale > 0 ? 1 / scale : n / out);
  for (let o = 0; o < out; o++) {
    if (out === n) index[o] = o;
    else if (out === 2 * n) index[o] = o >> 1;
    else index[o] = Math.min(Math.floor(Math.fround(o * step)), n - 1);
  }
  return { inSize: n, outSize: out, taps: 1, index, weight: null };
}

function linearAxis(n: number, out: number, scale: number | null, alignCorners: boolean, round: (v: number) => number): ResampleAxis {
  const index = new Int32Array(2 * out);
  const weight = new Float64Array(2 * out);
  const ratio = alignCorners ? (out > 1 ? round((n - 1) / (out - 1)) : 0) : round(scale !== null && scale > 0 ? 1 / scale : n / out);
  for (let o = 0; o < out; o++) {
    let i0 = o;
    let i1 = o;
    let lambda1 = 0;
    if (out !== n) {
      const real = alignCorners ? round(ratio * o) : Math.max(round(ratio * (o + 0.5) - 0.5), 0);
      i0 = Math.trunc(real);
      i1 = i0 + (i0 < n - 1 ? 1 : 0);
      lambda1 = round(real - i0);
    }
    index[2 * o] = i0;
    index[2 * o + 1] = i1;
    weight[2 * o] = round(1 - lambda1);
    weight[2 * o + 1] = lambda1;
  }
  return { inSize: n, outSize: out, taps: 2, index, weight };
}

// ---------------------------------------------------------------- blur pool

/** antialiased-cnns' `get_filter` row for 1 to 7 taps: a binomial row, [1, 2, 1] for 3. */
export function binomialRow(filterSize: number): number[] {
  const row = [1];
  for (let k = 1; k < filterSize; k++) row.push((row[k - 1]! * (filterSize - k)) / k);
  return row;
}

/**
 * The blur pool as a separable map: the 2-D filter row⊗row / Σ(row⊗row) is (row/Σrow)⊗(row/Σrow),
 * and Σrow is a power of two, so both factors are exact. Padded positions read the reflected or
 * replicated pixel, or nothing ('zero').
 */
export function blurPoolPlan(g: BlurPoolGeometry): ResamplePlan {
  const row = binomialRow(g.filterSize);
  const total = row.reduce((a, b) => a + b, 0);
  const axes = [0, 1].map((d): ResampleAxis => {
    const n = g.inSize[d]!;
    const out = g.outSize[d]!;
    const before = g.pad[2 * d]!;
    const f = g.filterSize;
    const index = new Int32Array(out * f);
    const weight = new Float64Array(out * f);
    for (let o = 0; o < out; o++) {
      for (let a = 0; a < f; a++) {
        const u = o * g.stride[d]! + a - before;
        const inside = u >= 0 && u < n;
        index[o * f + a] = inside ? u : g.padMode === 'zero' ? -1 : padSource(g.padMode, u + before, n, before, 0);
        weight[o * f + a] = row[a]! / total;
      }
    }
    return { inSize: n, outSize: out, taps: f, index, weight };
  });
  return { planes: g.batch * g.channels, axes };
}

// ---------------------------------------------------------------- the adjoint's gather form

/**
 * For each input position i of an axis, the (output, tap) pairs that read it, as o·taps + t in
 * increasing order: entries[start[i] … start[i+1]). A backend that cannot scatter (WebGPU has no
 * float atomics) gathers the backward pass through it.
 */
export function invertAxis(axis: ResampleAxis): { start: Int32Array; entries: Int32Array } {
  const counts = new Int32Array(axis.inSize + 1);
  for (const i of axis.index) if (i >= 0) counts[i + 1] = counts[i + 1]! + 1;
  for (let i = 0; i < axis.inSize; i++) counts[i + 1] = counts[i + 1]! + counts[i]!;
  const start = counts.slice();
  const next = counts.slice(0, axis.inSize);
  const entries = new Int32Array(start[axis.inSize]!);
  axis.index.forEach((i, e) => {
    if (i < 0) return;
    entries[next[i]!] = e;
    next[i] = next[i]! + 1;
  });
  return { start, entries };
}
