import {
  blurPoolPlan,
  interpolatePlan,
  invertAxis,
  padModePlan,
  type DataId,
  type Dense,
  type OptionalKernels,
  type ResamplePlan,
} from '@stride/core-tensor/backend';
import type { Gpu, GpuData } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import { scalarOf } from '../programs/elementwise.wgsl.js';
import { resampleBackwardProgram, resampleProgram } from '../programs/resample.wgsl.js';

// The kernels this file provides, named here as kernels-cpu's resample.ts names the same set:
// each backend states what it implements beside the implementation, not in a shared type.
type ResampleKernels = Pick<
  OptionalKernels,
  'padMode' | 'padModeBackward' | 'interpolate' | 'interpolateBackward' | 'blurPool2d' | 'blurPool2dBackward'
>;

/**
 * Reflect/replicate/circular padding, interpolation and the blur pool on one WGSL engine: each is
 * a core `ResamplePlan`, whose small per-axis tables are uploaded with the dispatch. The backward
 * pass gathers through the inverted tables (WGSL has no float atomics to scatter with).
 */
export function resampleKernels(gpu: Gpu): ResampleKernels {
  const forward = (x: Dense, plan: ResamplePlan) => resample(gpu, x, plan);
  const backward = (dy: Dense, plan: ResamplePlan) => resampleBackward(gpu, dy, plan);
  return {
    padMode: (x, g) => forward(x, padModePlan(g)),
    padModeBackward: (dy, g) => backward(dy, padModePlan(g)),
    interpolate: (x, g) => forward(x, interpolatePlan(g, x.dtype)),
    interpolateBackward: (dy, g) => backward(dy, interpolatePlan(g, dy.dtype)),
    blurPool2d: (x, g) => forward(x, blurPoolPlan(g)),
    blurPool2dBackward: (dy, g) => backward(dy, blurPoolPlan(g)),
  };
}

function resample(gpu: Gpu, x: Dense, plan: ResamplePlan): DataId {
  const n = plan.planes * plan.axes.reduce((p, a) => p * a.outSize, 1);
  const out = gpu.alloc(n, x.dtype);
  const weighted = plan.axes.some((a) => a.weight !== null);
  const at = offsets(plan.axes.map((a) => a.index.length));
  const tables = [gpu.write(concat(plan.axes.map((a) => a.index)), 'int32')];
  if (weighted) tables.push(gpu.write(weightsOf(plan), 'float32'));
  const uniforms = [n, ...plan.axes.flatMap((a, i) => [a.inSize, a.outSize, a.taps, at[i]!])];
  gpu.run(resampleProgram(scalarOf(x.dtype), plan.axes.length, weighted), [x.id, ...tables], [out], uniforms, linearGrid(n));
  for (const t of tables) gpu.dispose(t);
  return out;
}

function resampleBackward(gpu: Gpu, dy: Dense, plan: ResamplePlan): GpuData {
  const n = plan.planes * plan.axes.reduce((p, a) => p * a.inSize, 1);
  const dx = gpu.alloc(n, dy.dtype);
  const weighted = plan.axes.some((a) => a.weight !== null);
  // Per axis: the starts (inSize + 1) then the entries of its inverted table.
  const inverted = plan.axes.map((a) => {
    const { start, entries } = invertAxis(a);
    return concat([start, entries]);
  });
  const inv = offsets(inverted.map((t) => t.length));
  const at = offsets(plan.axes.map((a) => a.index.length));
  const tables = [gpu.write(concat(inverted), 'int32')];
  if (weighted) tables.push(gpu.write(weightsOf(plan), 'float32'));
  const uniforms = [n, ...plan.axes.flatMap((a, i) => [a.inSize, a.outSize, a.taps, at[i]!, inv[i]!])];
  gpu.run(resampleBackwardProgram(plan.axes.length, weighted), [dy.id, ...tables], [dx], uniforms, linearGrid(n));
  for (const t of tables) gpu.dispose(t);
  return dx;
}

/** Every axis's weights in one float32 table (1 where an axis has none), laid out as its entries. */
function weightsOf(plan: ResamplePlan): Float32Array {
  return Float32Array.from(plan.axes.flatMap((a) => (a.weight ? [...a.weight] : Array.from(a.index, () => 1))));
}

function offsets(lengths: readonly number[]): number[] {
  const at: number[] = [];
  let sum = 0;
  for (const l of lengths) {
    at.push(sum);
    sum += l;
  }
  return at;
}

function concat(parts: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
