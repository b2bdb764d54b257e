import { sizeOf, type Dense, type OptionalKernels, type SortResult } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid, WORKGROUP } from '../gpu/program.js';
import { scalarOf } from '../programs/elementwise.wgsl.js';
import { SHARED_WIDTH, sortLinesProgram, sortLoadProgram, sortStageProgram, sortStoreProgram } from '../programs/sort.wgsl.js';

/**
 * sort and topk as bitonic networks: a line that fits a workgroup's memory (up to 1024) sorts
 * there in one dispatch; a longer one runs the same network in global memory, one dispatch per
 * stage (log₂ w · (log₂ w + 1) / 2 of them for lines padded to w). topk sorts the whole line and
 * keeps its first k.
 */
export function sortKernels(gpu: Gpu): Pick<OptionalKernels, 'sort' | 'topk'> {
  return {
    sort: (x, axis, descending) => sortedPrefix(gpu, x, axis, descending, x.shape[axis]!),
    topk: (x, k, axis, largest) => sortedPrefix(gpu, x, axis, largest, k),
  };
}

function sortedPrefix(gpu: Gpu, x: Dense, axis: number, descending: boolean, len: number): SortResult {
  const n = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const lines = sizeOf(x.shape.slice(0, axis)) * inner;
  const values = gpu.alloc(lines * len, x.dtype);
  const indices = gpu.alloc(lines * len, 'int32');
  if (lines * len === 0) return { values, indices };
  const width = 2 ** Math.ceil(Math.log2(n));
  const type = scalarOf(x.dtype);
  const uniforms = [n, inner, len, lines, width];
  if (width <= SHARED_WIDTH) {
    gpu.run(sortLinesProgram(type, descending), [x.id], [values, indices], uniforms, linearGrid(lines * WORKGROUP));
    return { values, indices };
  }
  const total = lines * width;
  const keys = gpu.alloc(total, x.dtype);
  const places = gpu.alloc(total, 'int32');
  gpu.run(sortLoadProgram(type), [x.id], [keys, places], [...uniforms, total], linearGrid(total));
  const pairs = total / 2;
  for (let k = 2; k <= width; k *= 2) {
    for (let j = k / 2; j >= 1; j /= 2) {
      gpu.run(sortStageProgram(type, descending), [], [keys, places], [...uniforms, pairs, k, j], linearGrid(pairs));
    }
  }
  gpu.run(sortStoreProgram(type), [keys, places], [values, indices], [...uniforms, lines * len], linearGrid(lines * len));
  gpu.dispose(keys);
  gpu.dispose(places);
  return { values, indices };
}
