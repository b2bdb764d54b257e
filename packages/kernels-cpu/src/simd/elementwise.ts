import { contiguousStrides, sizeOf, type Dense, type Kernels, type View } from '@stride/core-tensor/backend';
import type { KernelCall, Task } from '../threads/kernel-call.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { MAX_TASKS } from '../threads/task-runner.js';
import { store, valuesOf } from '../storage.js';
import { operandAt, outputOf } from './operands.js';
import { simdSized, TASK_ELEMENTS, unitTasks } from './jobs.js';
import { rows } from '../loops/strided.js';
import { STREAM_OPS, type StreamOp } from '../wasm/elementwise.js';
import type { WasmRuntime } from '../wasm/runtime.js';

type StreamKernels = Pick<Kernels, 'copy' | 'unary' | 'binary' | 'reluBackward' | 'sgdUpdate' | 'adamUpdate'>;

/** Shorter rows would spend the kernel's time on their scalar ends. */
const MIN_ROW = 16;

/**
 * The float32 elementwise kernels of a training step (relu and its gradient, add/sub/mul/div
 * of equal shapes or with a per-channel operand, SGD, Adam and AdamW, making a transposed
 * matrix dense) on WebAssembly SIMD over every thread, for dense tensors big enough to pay for
 * splitting a job. Operands that live in wasm memory are used in place; others are copied in
 * and out, a block move several times faster per element than a JavaScript loop. Other
 * dtypes, ops, layouts and sizes go to `fallback`; results are bit-identical either way.
 */
export function simdElementwiseKernels(rt: WasmRuntime, pool: ThreadPool, fallback: StreamKernels): StreamKernels {
  return {
    copy(x) {
      const [rows, cols] = x.shape as [number, number];
      const transposed =
        x.dtype === 'float32' && x.shape.length === 2 && x.strides[0] === 1 && x.strides[1] === rows && simdSized(rows * cols);
      return transposed ? store(transposedCopy(rt, pool, x, rows, cols)) : fallback.copy(x);
    },
    unary(op, x) {
      if (op !== 'relu' || !streams(x)) return fallback.unary(op, x);
      return store(stream(rt, pool, { x }, ['out'], (at, n) => ({ kernel: 'relu', args: { ...at, n } })).out);
    },
    binary(op, a, b, outDtype) {
      if (!isStreamOp(op) || outDtype !== 'float32' || !streams(a) || b.dtype !== 'float32') return fallback.binary(op, a, b, outDtype);
      if (streams(b)) return store(stream(rt, pool, { x: a, y: b }, ['out'], (at, n) => ({ kernel: op, args: { ...at, n } })).out);
      const perRow = rowValues(a, b);
      return perRow ? store(binaryRows(rt, pool, op, a, perRow.values, perRow.length)) : fallback.binary(op, a, b, outDtype);
    },
    reluBackward(x, dy) {
      if (!streams(x) || !streams(dy)) return fallback.reluBackward(x, dy);
      return store(stream(rt, pool, { x, dy }, ['out'], (at, n) => ({ kernel: 'relu_backward', args: { ...at, n } })).out);
    },
    sgdUpdate(param, grad, momentumBuffer, h) {
      if (h.momentum === 0 && h.weightDecay === 0 && streams(param) && streams(grad)) {
        const scalars = f32Bits({ lr: h.lr });
        const out = stream(rt, pool, { param, grad }, ['outParam'], (at, n) => ({ kernel: 'sgd', args: { ...at, n, ...scalars } }));
        return { param: store(out.outParam), momentumBuffer: null };
      }
      // With momentum, the common step; the first (no buffer yet), weight decay and Nesterov take the loop.
      const plain = momentumBuffer && h.momentum !== 0 && h.weightDecay === 0 && !h.nesterov;
      if (!plain || !streams(param) || !streams(grad) || !streams(momentumBuffer))
        return fallback.sgdUpdate(param, grad, momentumBuffer, h);
      const scalars = f32Bits({ momentum: h.momentum, oneMinusDampening: 1 - h.dampening, lr: h.lr });
      const out = stream(rt, pool, { param, grad, momentumBuffer }, ['outParam', 'outMomentumBuffer'], (at, n) => ({
        kernel: 'sgd_momentum',
        args: { ...at, n, ...scalars },
      }));
      return { param: store(out.outParam), momentumBuffer: store(out.outMomentumBuffer) };
    },
    adamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, h) {
      // Adam and AdamW; amsgrad and Adam's coupled weight decay take the loop.
      const coupled = h.weightDecay !== 0 && !h.decoupledWeightDecay;
      if (maxExpAvgSq || coupled || ![param, grad, expAvg, expAvgSq].every(streams))
        return fallback.adamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, h);
      const scalars = f32Bits({
        shrink: h.weightDecay !== 0 ? 1 - h.lr * h.weightDecay : 1,
        beta1: h.beta1,
        oneMinusBeta1: 1 - h.beta1,
        beta2: h.beta2,
        oneMinusBeta2: 1 - h.beta2,
        sqrtBiasCorrection2: Math.sqrt(1 - h.beta2 ** h.step),
        eps: h.eps,
        stepSize: h.lr / (1 - h.beta1 ** h.step),
      });
      const outputs = ['outParam', 'outExpAvg', 'outExpAvgSq'] as const;
      const out = stream(rt, pool, { param, grad, expAvg, expAvgSq }, outputs, (at, n) => ({
        kernel: 'adam',
        args: { ...at, n, ...scalars },
      }));
      return { param: store(out.outParam), expAvg: store(out.outExpAvg), expAvgSq: store(out.outExpAvgSq), maxExpAvgSq: null };
    },
  };
}

/**
 * Where `b` is one value per row of dense `a` (a bias [1, C, 1, 1] against [N, C, H, W]), those
 * values and the row length; else null.
 */
function rowValues(a: View, b: View): { values: Float32Array; length: number } | null {
  const walk = rows(a.shape, [a, b]);
  if (walk.steps[0] !== 1 || walk.steps[1] !== 0 || walk.length < MIN_ROW) return null;
  const y = valuesOf(b.id) as Float32Array;
  const values = new Float32Array(sizeOf(a.shape) / walk.length);
  let r = 0;
  walk.forEach((_, [, at]) => void (values[r++] = y[at!]!));
  return { values, length: walk.length };
}

const isStreamOp = (op: string): op is StreamOp => (STREAM_OPS as readonly string[]).includes(op);

/** a op values[r] along each row r of `length` elements, rows split over the threads. */
function binaryRows(rt: WasmRuntime, pool: ThreadPool, op: StreamOp, a: View, values: Float32Array, length: number): Float32Array {
  const n = sizeOf(a.shape);
  return rt.scoped(() => {
    const x = operandAt(rt, valuesOf(a.id), a.offset, n);
    const v = operandAt(rt, values, 0, values.length);
    const out = outputOf<Float32Array>(rt, 'float32', n);
    pool.run(
      unitTasks(values.length, length, (r, count) => ({
        kernel: `${op}_rows`,
        args: { x: x + r * length * 4, values: v + r * 4, out: out.at + r * length * 4, length, rows: count },
      })),
    );
    return out.finish();
  });
}

/**
 * A [rows, cols] view with strides [1, rows] (a transposed matrix, as a linear layer's weight
 * gradient arrives) made dense, through 4×4 register transposes: a JavaScript loop reads it a
 * column apart per element, a cache line each.
 */
function transposedCopy(rt: WasmRuntime, pool: ThreadPool, x: View, rows: number, cols: number): Float32Array {
  const n = rows * cols;
  return rt.scoped(() => {
    const src = operandAt(rt, valuesOf(x.id), x.offset, n);
    const dst = outputOf<Float32Array>(rt, 'float32', n);
    // The source is the dense cols×rows matrix behind the view; split the result's rows.
    const slice = Math.max(4, Math.ceil(TASK_ELEMENTS / cols / 4) * 4, Math.ceil(rows / MAX_TASKS / 4) * 4);
    const tasks: Task[] = [];
    for (let r = 0; r < rows; r += slice) {
      const args = { src, rows: cols, cols: rows, dst: dst.at, row0: r, row1: Math.min(rows, r + slice) };
      tasks.push({ calls: [{ kernel: 'transpose', args }] });
    }
    pool.run(tasks);
    return dst.finish();
  });
}

/** A dense float32 tensor (a view of one, in row-major order) big enough for the wasm path. */
function streams(t: Dense | View): boolean {
  const n = sizeOf(t.shape);
  if (t.dtype !== 'float32' || !simdSized(n)) return false;
  if (!('strides' in t)) return true;
  const dense = contiguousStrides(t.shape);
  return t.shape.every((d, i) => d === 1 || t.strides[i] === dense[i]);
}

/**
 * Runs a streaming kernel on slices of its operands over the pool's threads, reading `inputs`
 * and writing `outputs` in wasm memory (in place where they live there), and returns the
 * outputs as new arrays. `call(at, n)` is a slice's call: each operand's address of the slice
 * by parameter name, and its length.
 */
function stream<In extends string, Out extends string>(
  rt: WasmRuntime,
  pool: ThreadPool,
  inputs: Readonly<Record<In, Dense | View>>,
  outputs: readonly Out[],
  call: (at: Readonly<Record<In | Out, number>>, n: number) => KernelCall,
): Record<Out, Float32Array> {
  const operands = Object.entries<Dense | View>(inputs);
  const n = sizeOf(operands[0]![1].shape);
  return rt.scoped(() => {
    // The kernels run to the next multiple of four elements: operands keep 16 bytes past their end.
    const at = operands.map(([name, t]) => [name, operandAt(rt, valuesOf(t.id), 'offset' in t ? t.offset : 0, n)] as const);
    const results = outputs.map((name) => [name, outputOf<Float32Array>(rt, 'float32', n)] as const);
    at.push(...results.map(([name, r]) => [name, r.at] as const));
    const slice = Math.max(TASK_ELEMENTS, Math.ceil(n / MAX_TASKS / 4) * 4);
    const tasks: Task[] = [];
    for (let start = 0; start < n; start += slice) {
      const sliceAt = Object.fromEntries(at.map(([name, a]) => [name, a + start * 4])) as Record<In | Out, number>;
      tasks.push({ calls: [call(sliceAt, Math.min(slice, n - start))] });
    }
    pool.run(tasks);
    return Object.fromEntries(results.map(([name, r]) => [name, r.finish()])) as Record<Out, Float32Array>;
  });
}

const bits = new Int32Array(1);
const asFloat = new Float32Array(bits.buffer);

/** Hyperparameters rounded to float32, as the bits the wasm kernels take for them. */
function f32Bits<K extends string>(values: Readonly<Record<K, number>>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const name in values) {
    asFloat[0] = values[name];
    out[name] = bits[0]!;
  }
  return out;
}
