import type { Backend } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import { allocate, dtypeOfArray, type DType, type TypedArray } from '../dtype.js';
import { formatShape, sizeOf, type Shape } from '../shape.js';
import { checkAllocatable, checkNewTensor, checkShape, checkSize } from '../shape-checks.js';
import { nextSeed } from '../random/seed.js';
import type { Tensor } from '../tensor.js';
import { fromKernel } from './create-tensor.js';

export interface CreationOptions {
  dtype?: DType;
  backend?: Backend;
  requiresGrad?: boolean;
}
export type NestedArray = number | readonly NestedArray[];

function finish(t: Tensor, opts: CreationOptions | undefined): Tensor {
  if (opts?.requiresGrad) {
    if (t.dtype === 'int32') {
      t.dispose();
      throw new Error('tensor: only floating point tensors can require gradients, but dtype is int32');
    }
    t.requiresGrad = true;
  }
  return t;
}

function resolve(opts: CreationOptions | undefined, fallback: DType = 'float32') {
  const backend = opts?.backend ?? getBackend();
  const dtype = opts?.dtype ?? fallback;
  if (!backend.capabilities.dtypes.includes(dtype)) {
    throw new Error(
      `tensor: backend '${backend.name}' does not support dtype ${dtype} (it supports ${backend.capabilities.dtypes.join(', ')})`,
    );
  }
  return { backend, dtype };
}

/** A tensor from flat or nested numbers, or a typed array (float32 unless `dtype` says otherwise). */
export function tensor(data: ArrayLike<number> | TypedArray | NestedArray, shape?: readonly number[], opts?: CreationOptions): Tensor {
  const inferredDtype = ArrayBuffer.isView(data) && !(data instanceof Float64Array) ? dtypeOfArray(data as TypedArray) : 'float32';
  const { backend, dtype } = resolve(opts, inferredDtype);
  const { values, inferred } = flattenData(data);
  const s = shape === undefined ? inferred : checkShape('tensor', shape, 'shape');
  if (sizeOf(s) !== values.length) {
    throw new Error(`tensor: shape ${formatShape(s)} needs ${sizeOf(s)} values but data has ${values.length}`);
  }
  const buffer = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) buffer[i] = values[i]!;
  return finish(fromKernel(backend, backend.write(buffer), s, dtype), opts);
}

function flattenData(data: ArrayLike<number> | NestedArray): { values: ArrayLike<number>; inferred: number[] } {
  if (typeof data === 'number') return { values: [data], inferred: [] };
  if (ArrayBuffer.isView(data)) return { values: data as ArrayLike<number>, inferred: [(data as ArrayLike<number>).length] };
  const arr = data as readonly NestedArray[];
  if (arr.length === 0 || typeof arr[0] === 'number') return { values: arr as ArrayLike<number>, inferred: [arr.length] };
  const inferred: number[] = [];
  for (let probe: NestedArray = arr; typeof probe !== 'number'; probe = probe[0] ?? 0) inferred.push(probe.length);
  const values: number[] = [];
  const walk = (node: NestedArray, depth: number): void => {
    const ragged = typeof node === 'number' ? depth !== inferred.length : node.length !== inferred[depth];
    if (ragged) throw new Error(`tensor: nested data is ragged at depth ${depth} (expected shape ${formatShape(inferred)})`);
    if (typeof node === 'number') values.push(node);
    else for (const child of node) walk(child, depth + 1);
  };
  walk(arr, 0);
  return { values, inferred };
}

export function full(shape: readonly number[], value: number, opts?: CreationOptions): Tensor {
  return filled('full', shape, value, opts);
}
export const zeros = (shape: readonly number[], opts?: CreationOptions): Tensor => filled('zeros', shape, 0, opts);
export const ones = (shape: readonly number[], opts?: CreationOptions): Tensor => filled('ones', shape, 1, opts);
export const zerosLike = (t: Tensor, opts?: CreationOptions): Tensor =>
  filled('zerosLike', t.shape, 0, { dtype: t.dtype, backend: t.backend, ...opts });
export const onesLike = (t: Tensor, opts?: CreationOptions): Tensor =>
  filled('onesLike', t.shape, 1, { dtype: t.dtype, backend: t.backend, ...opts });

function filled(op: string, shape: readonly number[], value: number, opts: CreationOptions | undefined): Tensor {
  const { backend, dtype } = resolve(opts);
  const size = checkNewTensor(op, shape, dtype, backend);
  return finish(fromKernel(backend, backend.fill(size, value, dtype), shape, dtype), opts);
}

export interface RandomCreationOptions extends CreationOptions {
  seed?: number;
}

function random(op: string, shape: readonly number[], distribution: 'uniform' | 'normal', opts?: RandomCreationOptions): Tensor {
  const { backend, dtype } = resolve(opts);
  const size = checkNewTensor(op, shape, dtype, backend);
  const seed = opts?.seed ?? nextSeed();
  return finish(fromKernel(backend, backend.random(size, { distribution, seed }, dtype), shape, dtype), opts);
}
/** Uniform on [0, 1). The same seed gives the same numbers on every backend. */
export const rand = (shape: readonly number[], opts?: RandomCreationOptions): Tensor => random('rand', shape, 'uniform', opts);
/** Standard normal. The same seed gives the same numbers on every backend. */
export const randn = (shape: readonly number[], opts?: RandomCreationOptions): Tensor => random('randn', shape, 'normal', opts);

/** 0, 1, …, n-1, or start, start+step, … < end (float32 unless `dtype`; int32 when `dtype: 'int32'`). */
export function arange(n: number, opts?: CreationOptions & { start?: number; step?: number }): Tensor {
  const start = opts?.start ?? 0;
  const step = opts?.step ?? 1;
  for (const [arg, v] of [
    ['end', n],
    ['start', start],
    ['step', step],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`arange: ${arg} must be a finite number but got ${v}`);
  }
  if (step === 0) throw new Error('arange: step must be non-zero');
  const count = Math.max(0, Math.ceil((n - start) / step));
  const { backend, dtype } = resolve(opts);
  checkAllocatable('arange', [count], dtype, backend);
  const values = allocate(dtype, count);
  for (let i = 0; i < count; i++) values[i] = start + i * step;
  return finish(fromKernel(backend, backend.write(values), [count], dtype), opts);
}

export function linspace(start: number, end: number, steps: number, opts?: CreationOptions): Tensor {
  const { backend, dtype } = resolve(opts);
  checkNewTensor('linspace', [checkSize('linspace', 'steps', steps)], dtype, backend);
  const values = allocate(dtype, steps);
  for (let i = 0; i < steps; i++) values[i] = steps === 1 ? start : start + ((end - start) * i) / (steps - 1);
  return finish(fromKernel(backend, backend.write(values), [steps], dtype), opts);
}

export function eye(n: number, opts?: CreationOptions): Tensor {
  const { backend, dtype } = resolve(opts);
  checkNewTensor('eye', [checkSize('eye', 'n', n), n], dtype, backend);
  const values = allocate(dtype, n * n);
  for (let i = 0; i < n; i++) values[i * n + i] = 1;
  return finish(fromKernel(backend, backend.write(values), [n, n], dtype), opts);
}

/** Nested arrays from flat data (PyTorch's tolist). */
export function nest(values: TypedArray, shape: Shape): unknown {
  if (shape.length === 0) return values[0];
  const build = (dim: number, offset: number): unknown[] => {
    const n = shape[dim]!;
    const stride = sizeOf(shape.slice(dim + 1));
    return Array.from({ length: n }, (_, i) => (dim === shape.length - 1 ? values[offset + i] : build(dim + 1, offset + i * stride)));
  };
  return build(0, 0);
}
