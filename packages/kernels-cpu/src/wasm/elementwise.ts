import type { Code } from './code.js';
import { F32, V128 } from './code.js';
import { wasmFunction } from './function.js';
import { KERNEL_PARAMS, paramIndices, type KernelName } from './kernel-params.js';
import type { WasmFunction } from './module.js';

/*
 * float32 loops over dense arrays at byte addresses, four lanes at a time. They run to the next
 * multiple of four elements: callers allocate whole vectors and never read the lanes past n,
 * so there is no scalar tail. Every lane gets the float32 operations the typed-array kernels
 * round to, one rounding each (wasm never contracts a·b + c), so results are bit-identical.
 */

/** `relu(x, out, n)`: x where its sign bit is clear or it is NaN (PyTorch keeps NaN), else +0. */
export function reluFunction(): WasmFunction {
  const p = paramIndices('relu');
  return streamFunction('relu', (c, at, _, x) => {
    at(c, p.x).v128Load().set(x);
    at(c, p.out);
    c.get(x).v128Zero().f32x4Gt().get(x).get(x).f32x4Ne().v128Or();
    c.get(x).v128And().v128Store();
  });
}

/** `relu_backward(x, dy, out, n)`: dy where x > 0, else +0. */
export function reluBackwardFunction(): WasmFunction {
  const p = paramIndices('relu_backward');
  return streamFunction('relu_backward', (c, at) => {
    at(c, p.out);
    at(c, p.x).v128Load().v128Zero().f32x4Gt();
    at(c, p.dy).v128Load().v128And().v128Store();
  });
}

/** The arithmetic ops with a wasm loop: each is one IEEE float32 operation per lane. */
export const STREAM_OPS = ['add', 'sub', 'mul', 'div'] as const;
export type StreamOp = (typeof STREAM_OPS)[number];

const vectorOp = (c: Code, op: StreamOp): Code =>
  op === 'add' ? c.f32x4Add() : op === 'sub' ? c.f32x4Sub() : op === 'mul' ? c.f32x4Mul() : c.f32x4Div();
const scalarOp = (c: Code, op: StreamOp): Code =>
  op === 'add' ? c.f32Add() : op === 'sub' ? c.f32Sub() : op === 'mul' ? c.f32Mul() : c.f32Div();

/** `add(x, y, out, n)` (likewise sub, mul, div): out = x op y. */
export function binaryFunction(op: StreamOp): WasmFunction {
  const p = paramIndices(op);
  return streamFunction(op, (c, at) => {
    at(c, p.out);
    at(c, p.x).v128Load();
    vectorOp(at(c, p.y).v128Load(), op).v128Store();
  });
}

/**
 * `add_rows(x, values, out, length, rows)` (likewise sub, mul, div): out = x op values[r] along
 * each row r of `length` elements (a bias, a batch-norm mean or scale broadcast over image
 * planes). Rows need not start on a vector, so each ends with single floats: a vector past its
 * end would write into a row another thread owns.
 */
export function binaryRowsFunction(op: StreamOp): WasmFunction {
  const { x, values, out, length, rows } = paramIndices(`${op}_rows`);
  return wasmFunction(`${op}_rows`, (c, local) => {
    const [r, i, value, rowAt, scalar] = [local(), local(), local(V128), local(), local()];
    const at = (b: Code, base: number) => b.get(base).get(rowAt).i32Add().get(i).i32(2).i32Shl().i32Add();
    c.forRange(
      r,
      (s) => s.i32(0),
      (e) => e.get(rows),
      1,
      (row) => {
        row.get(r).get(length).i32Mul().i32(2).i32Shl().set(rowAt);
        row.get(values).get(r).i32(2).i32Shl().i32Add().tee(scalar).v128Load32Splat().set(value);
        row.forRange(
          i,
          (s) => s.i32(0),
          (e) => e.get(length).i32(3).i32Sub(),
          4,
          (v) => vectorOp(at(at(v, out), x).v128Load().get(value), op).v128Store(),
        );
        row.forRange(
          i,
          (s) => s.get(i),
          (e) => e.get(length),
          1,
          (f) => scalarOp(at(at(f, out), x).f32Load().get(scalar).f32Load(), op).f32Store(),
        );
      },
    );
  });
}

/**
 * Pushes relu of local `value` (an f32x4 where `vector`, else an f32) by relu's rule: the value
 * where it is positive or NaN, else +0.
 */
export function pushRectified(c: Code, value: number, vector: boolean): Code {
  if (vector) return c.get(value).v128Zero().f32x4Gt().get(value).get(value).f32x4Ne().v128Or().get(value).v128And();
  return c.get(value).f32Zero().get(value).f32Zero().f32Gt().get(value).get(value).f32Ne().i32Or().select();
}

/**
 * `affine_rows(x, scale, shift, out, length, rows)`: out = x·scale[r] + shift[r] along each row r
 * of `length` elements (a channel of one sample: a conv's bias, eval-mode batch norm), one f32
 * rounding for the product and one for the sum, as the mul and add kernels. `affine_relu_rows`
 * then applies relu's rule (NaN kept, else +0 where not positive) before the store, so the
 * value never makes a second trip through memory. Rows end with single floats, as `add_rows`.
 */
export function affineRowsFunction(relu: boolean): WasmFunction {
  const name = relu ? 'affine_relu_rows' : 'affine_rows';
  const { x, scale, shift, out, length, rows } = paramIndices(name);
  return wasmFunction(name, (c, local) => {
    const [r, i, rowAt, vs, vb, y] = [local(), local(), local(), local(V128), local(V128), local(V128)];
    const [s, b, one] = [local(F32), local(F32), local(F32)];
    const at = (code: Code, base: number) => code.get(base).get(rowAt).i32Add().get(i).i32(2).i32Shl().i32Add();
    c.forRange(
      r,
      (st) => st.i32(0),
      (e) => e.get(rows),
      1,
      (row) => {
        row.get(r).get(length).i32Mul().i32(2).i32Shl().set(rowAt);
        row.get(scale).get(r).i32(2).i32Shl().i32Add().f32Load().tee(s).f32x4Splat().set(vs);
        row.get(shift).get(r).i32(2).i32Shl().i32Add().f32Load().tee(b).f32x4Splat().set(vb);
        row.forRange(
          i,
          (st) => st.i32(0),
          (e) => e.get(length).i32(3).i32Sub(),
          4,
          (v) => {
            at(v, out);
            at(v, x).v128Load().get(vs).f32x4Mul().get(vb).f32x4Add();
            if (relu) pushRectified(v.set(y), y, true);
            v.v128Store();
          },
        );
        row.forRange(
          i,
          (st) => st.get(i),
          (e) => e.get(length),
          1,
          (f) => {
            at(f, out);
            at(f, x).f32Load().get(s).f32Mul().get(b).f32Add();
            if (relu) pushRectified(f.set(one), one, false);
            f.f32Store();
          },
        );
      },
    );
  });
}

/**
 * `sgd_momentum(p, g, buf, outP, outBuf, n, momentum, 1 − dampening, lr)` (the three as f32
 * bits): b = buf·momentum + g·(1 − dampening); outBuf = b; outP = p − b·lr. torch.optim's
 * order for a step with a momentum buffer, no weight decay and no Nesterov.
 */
export function sgdMomentumFunction(): WasmFunction {
  const p = paramIndices('sgd_momentum');
  return streamFunction('sgd_momentum', (c, at, scalar) => {
    at(c, p.outMomentumBuffer);
    at(c, p.momentumBuffer).v128Load().get(scalar(p.momentum)).f32x4Mul();
    at(c, p.grad).v128Load().get(scalar(p.oneMinusDampening)).f32x4Mul().f32x4Add();
    c.v128Store();
    at(c, p.outParam);
    at(c, p.param).v128Load();
    at(c, p.outMomentumBuffer).v128Load().get(scalar(p.lr)).f32x4Mul().f32x4Sub().v128Store();
  });
}

/** `sgd(p, g, outP, n, lr)` (lr as f32 bits): plain SGD, p − g·lr, rounded as the typed-array loop rounds. */
export function sgdFunction(): WasmFunction {
  const p = paramIndices('sgd');
  return streamFunction('sgd', (c, at, scalar) => {
    at(c, p.outParam);
    at(c, p.param).v128Load();
    at(c, p.grad).v128Load().get(scalar(p.lr)).f32x4Mul().f32x4Sub().v128Store();
  });
}

/**
 * `adam(p, g, m, v, outP, outM, outV, n, shrink, β1, 1 − β1, β2, 1 − β2, √(1 − β2^t), eps, lr/(1 − β1^t))`
 * (the eight as f32 bits): torch.optim.Adam's single-tensor step without amsgrad, each
 * intermediate rounded to float32 in its order: p' = p·shrink (AdamW's decoupled decay; 1
 * without it, which changes no bits), m = m·β1 + g·(1 − β1), v = v·β2 + g²·(1 − β2),
 * p' − (m/(√v/√(1 − β2^t) + eps))·stepSize. The typed-array loop computes the same.
 */
export function adamFunction(): WasmFunction {
  const p = paramIndices('adam');
  return streamFunction('adam', (c, at, scalar, temp) => {
    // outM = m·β1 + g·(1 − β1); the result stays in temp for the step
    at(c, p.outExpAvg);
    at(c, p.expAvg).v128Load().get(scalar(p.beta1)).f32x4Mul();
    at(c, p.grad).v128Load().get(scalar(p.oneMinusBeta1)).f32x4Mul().f32x4Add().tee(temp).v128Store();
    // outV = v·β2 + (g·g)·(1 − β2)
    at(c, p.outExpAvgSq);
    at(c, p.expAvgSq).v128Load().get(scalar(p.beta2)).f32x4Mul();
    at(c, p.grad).v128Load();
    at(c, p.grad).v128Load().f32x4Mul().get(scalar(p.oneMinusBeta2)).f32x4Mul().f32x4Add().v128Store();
    // outP = p·shrink − (outM / (√outV / correction2 + eps))·stepSize
    at(c, p.outParam);
    at(c, p.param).v128Load().get(scalar(p.shrink)).f32x4Mul();
    c.get(temp);
    at(c, p.outExpAvgSq).v128Load().f32x4Sqrt().get(scalar(p.sqrtBiasCorrection2)).f32x4Div().get(scalar(p.eps)).f32x4Add();
    c.f32x4Div().get(scalar(p.stepSize)).f32x4Mul().f32x4Sub().v128Store();
  });
}

/**
 * Kernel `name`, whose parameters are byte addresses, then n, then f32-bits scalars: a body
 * `vector` run once per four elements; `at(c, param)` pushes that pointer's address of the
 * current vector, `scalar(param)` is a local holding that scalar in all four lanes and `temp`
 * a spare v128 local.
 */
function streamFunction(
  name: KernelName,
  vector: (c: Code, at: (c: Code, param: number) => Code, scalar: (param: number) => number, temp: number) => void,
): WasmFunction {
  const params: readonly string[] = KERNEL_PARAMS[name];
  const n = params.indexOf('n');
  return wasmFunction(name, (c, local) => {
    const [offset, end, temp] = [local(), local(), local(V128)];
    const splats = Array.from({ length: params.length - n - 1 }, (_, k) => {
      const v = local(V128);
      c.get(n + 1 + k)
        .f32ReinterpretI32()
        .f32x4Splat()
        .set(v);
      return v;
    });
    c.get(n).i32(2).i32Shl().set(end);
    c.forRange(
      offset,
      (s) => s.i32(0),
      (e) => e.get(end),
      16,
      (body) => {
        vector(
          body,
          (b, k) => b.get(k).get(offset).i32Add(),
          (param) => splats[param - n - 1]!,
          temp,
        );
      },
    );
  });
}
