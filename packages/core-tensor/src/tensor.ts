import type { Backend, View } from './backend/backend.js';
import type { DType, TypedArray } from './dtype.js';
import { contiguousStrides, isContiguous, sizeOf, type Shape } from './shape.js';
import { countTensor, type Storage } from './memory/storage.js';
import { track, untrack } from './memory/scope.js';
import type { GradNode } from './autograd/node.js';
import { backward, type BackwardOptions } from './autograd/backward.js';
import * as ops from './ops/tensor-methods.js';

type Dims = number | readonly number[];

/**
 * An n-dimensional array on one backend. Views (reshape, permute, transpose, slice, expand)
 * share their base's storage; every other op writes a new buffer.
 */
export class Tensor {
  readonly isTensor = true;
  readonly shape: Shape;
  readonly dtype: DType;
  readonly backend: Backend;
  requiresGrad: boolean;
  grad: Tensor | null = null;
  /** @internal how this tensor was computed, while the graph is recorded */
  node: GradNode | null = null;
  /** @internal changes only through assign() */ strides: readonly number[];
  /** @internal changes only through assign() */ offset: number;
  private storageRef: Storage | null;

  /** @internal use the creation functions (`tensor`, `zeros`, …) instead. */
  constructor(storage: Storage, shape: Shape, strides?: readonly number[], offset = 0) {
    this.storageRef = storage;
    this.backend = storage.backend;
    this.dtype = storage.dtype;
    this.shape = Object.freeze([...shape]);
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    this.requiresGrad = false;
    countTensor(1);
    track(this);
  }

  get ndim(): number {
    return this.shape.length;
  }
  get isDisposed(): boolean {
    return this.storageRef === null;
  }
  numel(): number {
    return sizeOf(this.shape);
  }
  size(dim?: number): number | readonly number[] {
    return dim === undefined ? this.shape : this.shape[dim < 0 ? dim + this.ndim : dim]!;
  }
  /** @internal the buffer, or a clear error naming the op and argument if it was disposed. */
  storage(op = 'tensor', arg = 'input'): Storage {
    if (!this.storageRef) {
      throw new Error(
        `${op}: ${arg} was disposed (shape [${this.shape.join(', ')}], ${this.dtype}); a tensor cannot be used after dispose()`,
      );
    }
    return this.storageRef;
  }
  /** @internal the strided window kernels read. */
  asView(op = 'tensor', arg = 'input'): View {
    const s = this.storage(op, arg);
    return { id: s.id, shape: this.shape, dtype: this.dtype, strides: this.strides, offset: this.offset };
  }
  /** @internal */
  get isContiguous(): boolean {
    return this.offset === 0 && isContiguous(this.shape, this.strides) && this.storageRef?.size === this.numel();
  }

  // ---- data ----
  async data(): Promise<TypedArray> {
    this.storage('data');
    const t = this.isContiguous ? this : ops.contiguous(this);
    try {
      return await this.backend.read(t.storage('data').id);
    } finally {
      if (t !== this) t.dispose();
    }
  }
  dataSync(): TypedArray {
    if (!this.backend.readSync) {
      throw new Error(`dataSync: backend '${this.backend.name}' cannot read synchronously; use await tensor.data()`);
    }
    this.storage('dataSync');
    const t = this.isContiguous ? this : ops.contiguous(this);
    try {
      return this.backend.readSync(t.storage('dataSync').id);
    } finally {
      if (t !== this) t.dispose();
    }
  }
  /** The single value of a one-element tensor. */
  async item(): Promise<number> {
    if (this.numel() !== 1)
      throw new Error(`item: tensor has ${this.numel()} elements (shape [${this.shape.join(', ')}]); expected exactly 1`);
    return (await this.data())[0]!;
  }
  /** Nested arrays, like PyTorch's tolist(). */
  async array(): Promise<unknown> {
    return ops.nest(await this.data(), this.shape);
  }

  // ---- lifetime ----
  dispose(): void {
    if (!this.storageRef) return;
    this.storageRef.release();
    this.storageRef = null;
    countTensor(-1);
    for (const t of this.node?.owned ?? []) t.dispose();
    if (this.node) this.node.owned = undefined;
    untrack(this);
    this.grad?.dispose();
    this.grad = null;
  }
  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * Makes this tensor hold `value`'s elements from now on, keeping its identity (like tfjs's
   * Variable.assign, or PyTorch's `p.data = value`): how optimizers update parameters and
   * batch norm updates running statistics. Shares `value`'s buffer; no graph is recorded.
   */
  assign(value: Tensor): void {
    const mine = this.storage('assign', 'self');
    const theirs = value.storage('assign', 'value');
    if (value.backend !== this.backend) {
      throw new Error(
        `assign: value is on backend '${value.backend.name}' but self is on '${this.backend.name}' (expected the same backend)`,
      );
    }
    if (value.dtype !== this.dtype || value.shape.length !== this.shape.length || value.shape.some((d, i) => d !== this.shape[i])) {
      throw new Error(
        `assign: value is ${value.dtype} [${value.shape.join(', ')}] but self is ${this.dtype} [${this.shape.join(', ')}] (expected equal)`,
      );
    }
    const dense = value.isContiguous ? value : ops.contiguous(value);
    const next = dense === value ? theirs.retain() : dense.storage('assign', 'value').retain();
    if (dense !== value) dense.dispose();
    mine.release();
    this.storageRef = next;
    this.strides = contiguousStrides(this.shape);
    this.offset = 0;
  }

  // ---- autograd ----
  /**
   * Gradients of this tensor into `.grad` of the leaves it depends on: `backward()`,
   * `backward(grad)`, `backward(grad, { retainGraph })` or `backward({ createGraph: true })`.
   */
  backward(gradOrOptions?: Tensor | BackwardOptions, opts?: BackwardOptions): void {
    if (gradOrOptions instanceof Tensor || gradOrOptions === undefined) backward(this, gradOrOptions, opts);
    else backward(this, undefined, gradOrOptions);
  }
  detach(): Tensor {
    return ops.detach(this);
  }
  to(b: Backend): Tensor {
    return ops.toBackend(this, b);
  }

  // ---- shape ----
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return ops.reshape(this, shapeArg(shape));
  }
  /** Like reshape, but never copies: fails where the strides cannot express the new shape. */
  view(...shape: number[] | [readonly number[]]): Tensor {
    return ops.view(this, shapeArg(shape));
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return ops.flatten(this, startDim, endDim);
  }
  squeeze(dim?: number): Tensor {
    return ops.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return ops.unsqueeze(this, dim);
  }
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return ops.permute(this, shapeArg(dims));
  }
  transpose(dim0: number, dim1: number): Tensor {
    return ops.transpose(this, dim0, dim1);
  }
  /** The matrix transpose of a 2-D tensor. */
  t(): Tensor {
    return ops.transpose(this, 0, 1);
  }
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return ops.expand(this, shapeArg(shape));
  }
  slice(dim: number, start?: number, end?: number, step = 1): Tensor {
    return ops.slice(this, dim, start, end, step);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return ops.slice(this, dim, start, start + length);
  }
  contiguous(): Tensor {
    return ops.contiguous(this);
  }
  clone(): Tensor {
    return ops.clone(this);
  }
  cast(dtype: DType): Tensor {
    return ops.cast(this, dtype);
  }
  float(): Tensor {
    return ops.cast(this, 'float32');
  }
  int(): Tensor {
    return ops.cast(this, 'int32');
  }

  // ---- elementwise math (broadcasting as PyTorch) ----
  add(other: Tensor | number): Tensor {
    return ops.add(this, other);
  }
  sub(other: Tensor | number): Tensor {
    return ops.sub(this, other);
  }
  mul(other: Tensor | number): Tensor {
    return ops.mul(this, other);
  }
  div(other: Tensor | number): Tensor {
    return ops.div(this, other);
  }
  pow(exponent: Tensor | number): Tensor {
    return ops.pow(this, exponent);
  }
  maximum(other: Tensor | number): Tensor {
    return ops.maximum(this, other);
  }
  minimum(other: Tensor | number): Tensor {
    return ops.minimum(this, other);
  }
  eq(other: Tensor | number): Tensor {
    return ops.compare('eq', this, other);
  }
  ne(other: Tensor | number): Tensor {
    return ops.compare('ne', this, other);
  }
  lt(other: Tensor | number): Tensor {
    return ops.compare('lt', this, other);
  }
  le(other: Tensor | number): Tensor {
    return ops.compare('le', this, other);
  }
  gt(other: Tensor | number): Tensor {
    return ops.compare('gt', this, other);
  }
  ge(other: Tensor | number): Tensor {
    return ops.compare('ge', this, other);
  }
  neg(): Tensor {
    return ops.neg(this);
  }
  abs(): Tensor {
    return ops.abs(this);
  }
  sign(): Tensor {
    return ops.sign(this);
  }
  exp(): Tensor {
    return ops.exp(this);
  }
  log(): Tensor {
    return ops.log(this);
  }
  sqrt(): Tensor {
    return ops.sqrt(this);
  }
  rsqrt(): Tensor {
    return ops.reciprocal(ops.sqrt(this));
  }
  reciprocal(): Tensor {
    return ops.reciprocal(this);
  }
  square(): Tensor {
    return ops.square(this);
  }
  sin(): Tensor {
    return ops.sin(this);
  }
  cos(): Tensor {
    return ops.cos(this);
  }
  floor(): Tensor {
    return ops.rounding('floor', this);
  }
  ceil(): Tensor {
    return ops.rounding('ceil', this);
  }
  round(): Tensor {
    return ops.rounding('round', this);
  }
  /** clamp(min, max) or clamp({ min, max }), as torch's positional or keyword arguments. */
  clamp(min?: number | { min?: number; max?: number }, max?: number): Tensor {
    return typeof min === 'object' ? ops.clamp(this, min.min, min.max) : ops.clamp(this, min, max);
  }
  relu(): Tensor {
    return ops.relu(this);
  }
  sigmoid(): Tensor {
    return ops.sigmoid(this);
  }
  tanh(): Tensor {
    return ops.tanh(this);
  }
  matmul(other: Tensor): Tensor {
    return ops.matmul(this, other);
  }
  softmax(dim: number): Tensor {
    return ops.softmax(this, dim);
  }
  logSoftmax(dim: number): Tensor {
    return ops.logSoftmax(this, dim);
  }

  // ---- reductions ----
  sum(dim?: Dims, keepdim = false): Tensor {
    return ops.sum(this, dim, keepdim);
  }
  mean(dim?: Dims, keepdim = false): Tensor {
    return ops.mean(this, dim, keepdim);
  }
  /** Maximum over all elements, or the values along `dim` (use `argmax` for the indices). */
  max(dim?: number, keepdim = false): Tensor {
    return ops.extreme('max', this, dim, keepdim);
  }
  min(dim?: number, keepdim = false): Tensor {
    return ops.extreme('min', this, dim, keepdim);
  }
  argmax(dim?: number, keepdim = false): Tensor {
    return ops.argReduce('argmax', this, dim, keepdim);
  }
  argmin(dim?: number, keepdim = false): Tensor {
    return ops.argReduce('argmin', this, dim, keepdim);
  }
  /** Variance with Bessel's correction by default, as torch.var. */
  var(dim?: Dims, opts: { correction?: number; keepdim?: boolean } = {}): Tensor {
    return ops.variance(this, dim, opts);
  }
  std(dim?: Dims, opts: { correction?: number; keepdim?: boolean } = {}): Tensor {
    return ops.sqrt(ops.variance(this, dim, opts));
  }

  // ---- tensor ops (API.md 0.2; the functions of the same names document them) ----
  chunk(chunks: number, dim = 0): Tensor[] {
    return ops.chunk(this, chunks, dim);
  }
  split(sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
    return ops.split(this, sizeOrSections, dim);
  }
  gather(dim: number, index: Tensor): Tensor {
    return ops.gather(this, dim, index);
  }
  scatter(dim: number, index: Tensor, src: Tensor | number): Tensor {
    return ops.scatter(this, dim, index, src);
  }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return ops.scatterAdd(this, dim, index, src);
  }
  indexSelect(dim: number, index: Tensor): Tensor {
    return ops.indexSelect(this, dim, index);
  }
  indexAdd(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor {
    return ops.indexAdd(this, dim, index, source, opts);
  }
  maskedFill(mask: Tensor, value: Tensor | number): Tensor {
    return ops.maskedFill(this, mask, value);
  }
  /** torch.Tensor.where: this where condition is set, other elsewhere. */
  where(condition: Tensor, other: Tensor | number): Tensor {
    return ops.where(condition, this, other);
  }
  flip(...dims: number[] | [readonly number[]]): Tensor {
    return ops.flip(this, shapeArg(dims));
  }
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
    return ops.roll(this, shifts, dims);
  }
  repeat(...sizes: number[] | [readonly number[]]): Tensor {
    return ops.repeat(this, shapeArg(sizes));
  }
  topk(k: number, opts?: ops.TopkOptions): ops.ValuesAndIndices {
    return ops.topk(this, k, opts);
  }
  sort(opts?: ops.SortOptions): ops.ValuesAndIndices {
    return ops.sort(this, opts);
  }
  argsort(opts?: Omit<ops.SortOptions, 'stable'>): Tensor {
    return ops.argsort(this, opts);
  }
  cumsum(dim: number): Tensor {
    return ops.cumsum(this, dim);
  }
  logsumexp(dim: Dims, keepdim = false): Tensor {
    return ops.logsumexp(this, dim, keepdim);
  }
  norm(opts?: ops.NormOptions): Tensor {
    return ops.norm(this, opts);
  }
  all(dim?: Dims, keepdim = false): Tensor {
    return ops.all(this, dim, keepdim);
  }
  any(dim?: Dims, keepdim = false): Tensor {
    return ops.any(this, dim, keepdim);
  }

  toString(): string {
    return `Tensor(shape=[${this.shape.join(', ')}], dtype=${this.dtype}, backend=${this.backend.name}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}

function shapeArg(args: number[] | [readonly number[]]): number[] {
  return Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]);
}
