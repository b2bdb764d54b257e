import { F32, F64, V128, type Code, type ValueType } from './code.js';
import { wasmFunction } from './function.js';
import { pushRectified } from './elementwise.js';
import { paramIndices } from './kernel-params.js';
import type { WasmFunction } from './module.js';

/*
 * Training-mode batch norm over a dense float32 [N, C, S] tensor (S: every dim past C), one
 * channel at a time over channels [c0, c1), so threads split the channels and each writes only
 * its own. A channel's N·S elements are N runs of S, C·S apart; a run goes four at a time, then
 * one at a time: runs need not start on a vector, and a vector past a run's end would belong to
 * another channel. A channel's runs stay in cache between its passes.
 *
 * Sums are in double, so statistics match PyTorch's at any batch size: every f32 term is
 * promoted and added to one of four lane sums (two f64x2) or, off the vectors, to a fifth;
 * the total is ((s0 + s2) + (s1 + s3)) + tail. Elementwise work is f32, one rounding per
 * operation. The typed-array loop (loops/batch-norm.ts) follows the same order, so both give
 * the same bits.
 */

/**
 * `batch_norm_forward(x, out, weight, bias, eps, mean, variance, invStd, batch, channels, plane, c0, c1)`:
 * weight, bias, mean, variance and invStd are [C] f32 (weight ones and bias zeros where the op
 * has none), eps the address of an f64. Per channel: mean = Σx/n, variance = Σ(x − mean)²/n
 * (biased), invStd = 1/√(variance + eps), then out = (x − mean)·(weight·invStd) + bias.
 */
export function batchNormForwardFunction(relu: boolean): WasmFunction {
  const name = relu ? 'batch_norm_relu_forward' : 'batch_norm_forward';
  const params = paramIndices(name);
  return wasmFunction(name, (c, local) => {
    const { x, out, weight, bias, eps, mean: meanOut, variance: varOut, invStd: invStdOut, c0, c1 } = params;
    const w = walkLocals(c, local, params);
    const sums = sumLocals(local);
    const [d, vm, vs, vb] = [local(V128), local(V128), local(V128), local(V128)];
    const [variance, count] = [local(F64), local(F64)];
    const [m, inv, s, b, ds] = [local(F32), local(F32), local(F32), local(F32), local(F32)];
    const [vy, y] = [local(V128), local(F32)];
    c.get(w.batch).get(w.plane).i32Mul().f64ConvertI32S().set(count);
    eachChannel(c, w, c0, c1, (ch, at, channelAt) => {
      // mean
      sumChannel(ch, w, x, sums);
      pushTotal(ch, sums).get(count).f64Div().f32DemoteF64().set(m);
      channelAt(ch, meanOut).get(m).f32Store();
      ch.get(m).f32x4Splat().set(vm);
      // biased variance, about the rounded mean
      zeroSums(ch, sums);
      eachRun(
        ch,
        w,
        (v) => addVector(at(v, x).v128Load().get(vm).f32x4Sub().tee(d).get(d).f32x4Mul(), sums),
        (one) => addSingle(at(one, x).f32Load().get(m).f32Sub().tee(ds).get(ds).f32Mul(), sums),
      );
      pushTotal(ch, sums).get(count).f64Div().set(variance);
      channelAt(ch, varOut).get(variance).f32DemoteF64().f32Store();
      ch.f64Const(1).get(variance).get(eps).f64Load().f64Add().f64Sqrt().f64Div().f32DemoteF64().set(inv);
      channelAt(ch, invStdOut).get(inv).f32Store();
      // out = (x − mean)·scale + bias
      channelAt(ch, weight).f32Load().get(inv).f32Mul().tee(s).f32x4Splat().set(vs);
      channelAt(ch, bias).f32Load().tee(b).f32x4Splat().set(vb);
      eachRun(
        ch,
        w,
        (v) => {
          at(at(v, out), x).v128Load().get(vm).f32x4Sub().get(vs).f32x4Mul().get(vb).f32x4Add();
          if (relu) pushRectified(v.set(vy), vy, true);
          v.v128Store();
        },
        (one) => {
          at(at(one, out), x).f32Load().get(m).f32Sub().get(s).f32Mul().get(b).f32Add();
          if (relu) pushRectified(one.set(y), y, false);
          one.f32Store();
        },
      );
    });
  });
}

/**
 * `batch_norm_backward(x, dy, dx, mean, invStd, weight, dweight, dbias, batch, channels, plane, c0, c1)`,
 * all f32, [C] for the per-channel ones. Per channel, as PyTorch's CPU kernel: dbias = Σdy,
 * dot = Σdy·(x − mean), dweight = dot·invStd, and with k = dot·invStd²/n,
 * dx = ((dy − dbias/n) − (x − mean)·k)·(weight·invStd).
 */
export function batchNormBackwardFunction(relu: boolean): WasmFunction {
  const name = relu ? 'batch_norm_relu_backward' : 'batch_norm_backward';
  const params = paramIndices(name);
  const out = relu ? paramIndices('batch_norm_relu_backward').out : -1;
  return wasmFunction(name, (c, local) => {
    const { x, dy, dx, mean: meanIn, invStd: invStdIn, weight, dweight: dweightOut, dbias: dbiasOut, c0, c1 } = params;
    // dy, or with relu dy where the forward output is positive and 0 elsewhere (ReLU's gradient).
    const loadDy = (b: Code, at: Address, vector: boolean): Code => {
      if (vector) return relu ? at(at(b, dy).v128Load(), out).v128Load().v128Zero().f32x4Gt().v128And() : at(b, dy).v128Load();
      return relu ? at(at(b, dy).f32Load().f32Zero(), out).f32Load().f32Zero().f32Gt().select() : at(b, dy).f32Load();
    };
    const w = walkLocals(c, local, params);
    const [dySums, dotSums] = [sumLocals(local), sumLocals(local)];
    const [vdy, vm, vg, vk, vs] = [local(V128), local(V128), local(V128), local(V128), local(V128)];
    const [count, sdy, dot, inv64] = [local(F64), local(F64), local(F64), local(F64)];
    const [m, inv, g, k, s, dys] = [local(F32), local(F32), local(F32), local(F32), local(F32), local(F32)];
    c.get(w.batch).get(w.plane).i32Mul().f64ConvertI32S().set(count);
    eachChannel(c, w, c0, c1, (ch, at, channelAt) => {
      channelAt(ch, meanIn).f32Load().tee(m).f32x4Splat().set(vm);
      channelAt(ch, invStdIn).f32Load().tee(inv).f64PromoteF32().set(inv64);
      // Σdy and Σdy·(x − mean)
      zeroSums(ch, dySums);
      zeroSums(ch, dotSums);
      eachRun(
        ch,
        w,
        (v) => {
          addVector(loadDy(v, at, true).tee(vdy), dySums);
          addVector(v.get(vdy).get(w.i).get(x).i32Add().v128Load().get(vm).f32x4Sub().f32x4Mul(), dotSums);
        },
        (one) => {
          addSingle(loadDy(one, at, false).tee(dys), dySums);
          addSingle(one.get(dys).get(w.i).get(x).i32Add().f32Load().get(m).f32Sub().f32Mul(), dotSums);
        },
      );
      pushTotal(ch, dySums).set(sdy);
      pushTotal(ch, dotSums).set(dot);
      channelAt(ch, dbiasOut).get(sdy).f32DemoteF64().f32Store();
      channelAt(ch, dweightOut).get(dot).get(inv64).f64Mul().f32DemoteF64().f32Store();
      ch.get(sdy).get(count).f64Div().f32DemoteF64().tee(g).f32x4Splat().set(vg);
      ch.get(dot).get(inv64).f64Mul().get(inv64).f64Mul().get(count).f64Div().f32DemoteF64().tee(k).f32x4Splat().set(vk);
      channelAt(ch, weight).f32Load().get(inv).f32Mul().tee(s).f32x4Splat().set(vs);
      eachRun(
        ch,
        w,
        (v) => {
          loadDy(at(v, dx), at, true).get(vg).f32x4Sub();
          at(v, x).v128Load().get(vm).f32x4Sub().get(vk).f32x4Mul();
          v.f32x4Sub().get(vs).f32x4Mul().v128Store();
        },
        (one) => {
          loadDy(at(one, dx), at, false).get(g).f32Sub();
          at(one, x).f32Load().get(m).f32Sub().get(k).f32Mul();
          one.f32Sub().get(s).f32Mul().f32Store();
        },
      );
    });
  });
}

interface Walk {
  readonly batch: number;
  readonly channels: number;
  readonly plane: number;
  /** The channel, and the byte offset of the current element from the tensor's start. */
  readonly ch: number;
  readonly i: number;
  readonly n: number;
  readonly run: number;
  readonly vectorEnd: number;
  readonly runEnd: number;
  readonly runBytes: number;
  readonly vectorBytes: number;
  readonly runStride: number;
}

/** The walk's locals, with the bytes of a run, of its whole vectors and between runs set. */
function walkLocals(
  c: Code,
  local: (type?: ValueType) => number,
  { batch, channels, plane }: { batch: number; channels: number; plane: number },
): Walk {
  const w: Walk = {
    batch,
    channels,
    plane,
    ch: local(),
    i: local(),
    n: local(),
    run: local(),
    vectorEnd: local(),
    runEnd: local(),
    runBytes: local(),
    vectorBytes: local(),
    runStride: local(),
  };
  c.get(w.plane).i32(2).i32Shl().tee(w.runBytes).i32(-16).i32And().set(w.vectorBytes);
  c.get(w.channels).get(w.runBytes).i32Mul().set(w.runStride);
  return w;
}

/** Emits the byte address of `base` plus an offset (the current element, or the channel's entry of a [C] array). */
type Address = (c: Code, base: number) => Code;

/**
 * Runs `body` for each channel in [c0, c1), with `at` (base + the current element's byte offset
 * `i`) and `channelAt` (base + the channel's entry in a [C] f32 array).
 */
function eachChannel(c: Code, w: Walk, c0: number, c1: number, body: (ch: Code, at: Address, channelAt: Address) => void): void {
  c.forRange(
    w.ch,
    (st) => st.get(c0),
    (e) => e.get(c1),
    1,
    (ch) =>
      body(
        ch,
        (b, base) => b.get(base).get(w.i).i32Add(),
        (b, base) => b.get(base).get(w.ch).i32(2).i32Shl().i32Add(),
      ),
  );
}

/** Sets `sums` to Σx over the channel, in the order `pushTotal` documents. */
function sumChannel(c: Code, w: Walk, x: number, sums: Sums): void {
  const at = (b: Code) => b.get(x).get(w.i).i32Add();
  zeroSums(c, sums);
  eachRun(
    c,
    w,
    (v) => addVector(at(v).v128Load(), sums),
    (one) => addSingle(at(one).f32Load(), sums),
  );
}

/** Runs `vector` for each four elements of channel `ch` and `single` for each one left, with `i` their byte offset. */
function eachRun(c: Code, w: Walk, vector: (c: Code) => void, single: (c: Code) => void): void {
  c.get(w.ch).get(w.runBytes).i32Mul().set(w.run);
  c.forRange(
    w.n,
    (s) => s.i32(0),
    (e) => e.get(w.batch),
    1,
    (r) => {
      r.get(w.run).get(w.vectorBytes).i32Add().set(w.vectorEnd);
      r.get(w.run).get(w.runBytes).i32Add().set(w.runEnd);
      r.forRange(
        w.i,
        (s) => s.get(w.run),
        (e) => e.get(w.vectorEnd),
        16,
        vector,
      );
      r.forRange(
        w.i,
        (s) => s.get(w.i),
        (e) => e.get(w.runEnd),
        4,
        single,
      );
      r.get(w.run).get(w.runStride).i32Add().set(w.run);
    },
  );
}

interface Sums {
  /** Lane sums s0, s1 (lo) and s2, s3 (hi), the single floats' sum, and a spare vector. */
  readonly lo: number;
  readonly hi: number;
  readonly tail: number;
  readonly spare: number;
}

function sumLocals(local: (type?: ValueType) => number): Sums {
  return { lo: local(V128), hi: local(V128), tail: local(F64), spare: local(V128) };
}

function zeroSums(c: Code, s: Sums): void {
  c.v128Zero().set(s.lo).v128Zero().set(s.hi).f64Const(0).set(s.tail);
}

/** Adds the f32x4 on the stack to the lane sums. */
function addVector(c: Code, s: Sums): void {
  c.tee(s.spare).f64x2PromoteLowF32x4().get(s.lo).f64x2Add().set(s.lo);
  c.get(s.spare).get(s.spare).f32x4Shuffle([2, 3, 2, 3]).f64x2PromoteLowF32x4().get(s.hi).f64x2Add().set(s.hi);
}

/** Adds the f32 on the stack to the single floats' sum. */
function addSingle(c: Code, s: Sums): void {
  c.f64PromoteF32().get(s.tail).f64Add().set(s.tail);
}

/** Pushes ((s0 + s2) + (s1 + s3)) + tail as an f64. */
function pushTotal(c: Code, s: Sums): Code {
  return c.get(s.lo).get(s.hi).f64x2Add().tee(s.spare).f64x2ExtractLane(0).get(s.spare).f64x2ExtractLane(1).f64Add().get(s.tail).f64Add();
}

/**
 * `channel_sums(x, out, batch, channels, plane, c0, c1)`: out[c] = Σ x over every dim but the
 * channels, for channels [c0, c1) of a dense float32 [N, C, S] tensor: a convolution's bias
 * gradient. Summed in double in the order above, as batch norm's Σdy, then rounded once.
 */
export function channelSumsFunction(): WasmFunction {
  const params = paramIndices('channel_sums');
  return wasmFunction('channel_sums', (c, local) => {
    const { x, out, c0, c1 } = params;
    const w = walkLocals(c, local, params);
    const sums = sumLocals(local);
    eachChannel(c, w, c0, c1, (ch, _at, channelAt) => {
      sumChannel(ch, w, x, sums);
      channelAt(ch, out);
      pushTotal(ch, sums).f32DemoteF64().f32Store();
    });
  });
}
