import { describe, it, expect } from 'vitest';
import { cat, functional as F, getBackend, gradcheck, randn, stack, tensor, type Tensor } from '@stride/core-tensor';

/**
 * `gradcheck` passes for every functional op and tensor method on small random shapes. Shapes
 * and options come from a PRNG seeded by the test's name, so they are odd and non-square but
 * the same on every run. Finite differences are undefined at kinks and ties, so inputs of
 * relu-like ops keep away from their kinks and max-like ops get distinct values.
 */
export function gradcheckSuite(): void {
  describe('gradcheck passes on random shapes', () => {
    convolutionCases();
    poolingCases();
    layerCases();
    normalisationCases();
    lossCases();
    tensorMethodCases();
  });
}

function convolutionCases(): void {
  describe('convolutions', () => {
    gradIt('conv1d with stride, padding, dilation, groups and bias', (r, g) => {
      const groups = r.int(1, 2);
      const [c, o, k, d, p] = [groups * r.int(1, 2), groups * r.int(1, 2), r.int(1, 3), r.int(1, 2), r.int(0, 1)];
      const x = g.normal([r.int(1, 2), c, r.odd(d * (k - 1) + 1, d * (k - 1) + 5)]);
      const w = g.normal([o, c / groups, k]);
      const b = g.normal([o]);
      const opts = { stride: r.int(1, 2), padding: p, dilation: d, groups };
      return [(xs, ws, bs) => F.conv1d(xs, ws, bs, opts), [x, w, b]];
    });

    // An even kernel pads asymmetrically: PyTorch puts the extra pixel after.
    gradIt("conv1d with padding 'same', an even kernel and dilation", (r, g) => {
      const x = g.normal([1, 2, r.odd(5, 7)]);
      const w = g.normal([3, 2, 4]);
      return [(xs, ws) => F.conv1d(xs, ws, null, { padding: 'same', dilation: 3 }), [x, w]];
    });

    gradIt('conv2d with per-dim stride, padding and dilation, groups and bias', (r, g) => {
      const groups = r.int(1, 2);
      const [c, o] = [groups * r.int(1, 2), groups * r.int(1, 2)];
      const k = [r.int(1, 3), r.int(2, 3)];
      const d = [r.int(1, 2), 1];
      const x = g.normal([1, c, r.odd(d[0]! * (k[0]! - 1) + 1, 7), r.int(k[1]!, 6)]);
      const w = g.normal([o, c / groups, k[0]!, k[1]!]);
      const b = g.normal([o]);
      const opts = { stride: [r.int(1, 2), r.int(1, 3)], padding: [r.int(0, 1), 1], dilation: d, groups };
      return [(xs, ws, bs) => F.conv2d(xs, ws, bs, opts), [x, w, b]];
    });

    gradIt('conv2d depthwise (groups = channels, channel multiplier 2) with stride 2', (r, g) => {
      const c = r.int(2, 3);
      const x = g.normal([2, c, r.odd(3, 7), r.int(3, 6)]);
      const w = g.normal([2 * c, 1, 3, 3]);
      const b = g.normal([2 * c]);
      return [(xs, ws, bs) => F.conv2d(xs, ws, bs, { stride: 2, padding: 1, groups: c }), [x, w, b]];
    });

    gradIt("conv2d with padding 'same', an even kernel and dilation", (r, g) => {
      const x = g.normal([1, 2, r.odd(3, 7), r.int(4, 6)]);
      const w = g.normal([2, 2, 2, 3]);
      return [(xs, ws) => F.conv2d(xs, ws, null, { padding: 'same', dilation: [1, 2] }), [x, w]];
    });

    gradIt('conv3d with stride, padding, dilation and groups', (r, g) => {
      const groups = r.int(1, 2);
      const x = g.normal([1, 2 * groups, r.odd(3, 5), r.int(2, 4), 3]);
      const w = g.normal([groups, 2, 2, r.int(1, 2), 2]);
      const b = g.normal([groups]);
      const opts = { stride: [1, r.int(1, 2), 2], padding: [1, 0, r.int(0, 1)], dilation: [r.int(1, 2), 1, 1], groups };
      return [(xs, ws, bs) => F.conv3d(xs, ws, bs, opts), [x, w, b]];
    });

    gradIt('convTranspose2d with stride, padding, outputPadding, groups and dilation', (r, g) => {
      const groups = r.int(1, 2);
      const [cin, coutPerGroup] = [groups * r.int(1, 2), r.int(1, 2)];
      const stride = [r.int(1, 2), 2];
      const dilation = [r.int(1, 2), 1];
      const x = g.normal([r.int(1, 2), cin, r.odd(2, 4), r.int(2, 3)]);
      const w = g.normal([cin, coutPerGroup, r.int(2, 3), 3]);
      const b = g.normal([coutPerGroup * groups]);
      const opts = {
        stride,
        padding: [r.int(0, 1), 1],
        outputPadding: [r.int(0, Math.max(stride[0]!, dilation[0]!) - 1), 1],
        groups,
        dilation,
      };
      return [(xs, ws, bs) => F.convTranspose2d(xs, ws, bs, opts), [x, w, b]];
    });
  });
}

function poolingCases(): void {
  describe('pooling', () => {
    gradIt('maxPool2d with stride, padding and dilation (distinct values)', (r, g) => {
      const k = [r.int(2, 3), r.int(1, 3)];
      const d = [r.int(1, 2), 1];
      const x = g.distinct([r.int(1, 2), r.int(1, 2), r.odd(d[0]! * (k[0]! - 1) + 1, 7), r.int(k[1]!, 6)]);
      const opts = { kernelSize: k, stride: [r.int(1, 2), r.int(1, 3)], padding: [r.int(0, 1), Math.floor(k[1]! / 2)], dilation: d };
      return [(xs) => F.maxPool2d(xs, opts), [x]];
    });

    gradIt('maxPool2d with ceilMode (distinct values)', (r, g) => {
      const x = g.distinct([1, 2, r.odd(5, 7), r.int(4, 6)]);
      return [(xs) => F.maxPool2d(xs, { kernelSize: [3, 2], stride: 2, padding: [1, 0], ceilMode: true }), [x]];
    });

    gradIt('avgPool2d with stride and padding (padding counted)', (r, g) => {
      const x = g.normal([r.int(1, 2), 2, r.odd(3, 7), r.int(3, 6)]);
      const opts = { kernelSize: [3, 2], stride: [r.int(1, 2), 1], padding: 1 };
      return [(xs) => F.avgPool2d(xs, opts), [x]];
    });

    gradIt('avgPool2d with ceilMode and countIncludePad false', (r, g) => {
      const x = g.normal([1, 2, r.odd(5, 7), r.int(4, 6)]);
      return [(xs) => F.avgPool2d(xs, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [x]];
    });

    gradIt('avgPool2d with divisorOverride', (r, g) => {
      const x = g.normal([1, r.int(1, 3), r.odd(3, 5), r.int(4, 6)]);
      return [(xs) => F.avgPool2d(xs, { kernelSize: 2, stride: 1, divisorOverride: 3 }), [x]];
    });

    gradIt('adaptiveAvgPool2d to a size that does not divide the input', (r, g) => {
      const x = g.normal([r.int(1, 2), 2, r.odd(5, 7), r.int(4, 6)]);
      return [(xs) => F.adaptiveAvgPool2d(xs, [3, 2]), [x]];
    });

    gradIt('adaptiveAvgPool2d to 1 (global average)', (r, g) => {
      const x = g.normal([2, r.int(1, 3), r.odd(3, 5), r.int(2, 4)]);
      return [(xs) => F.adaptiveAvgPool2d(xs, 1), [x]];
    });
  });
}

function normalisationCases(): void {
  describe('batch normalisation', () => {
    gradIt('batchNormTraining with weight and bias on [N, C, H, W]', (r, g) => {
      const c = r.int(1, 3);
      const x = g.normal([r.int(2, 3), c, r.odd(1, 3), r.int(2, 3)]);
      return [(xs, ws, bs) => F.batchNormTraining(xs, ws, bs).out, [x, g.normal([c]), g.normal([c])]];
    });

    gradIt('batchNormTraining without weight and bias on [N, C]', (r, g) => {
      const x = g.normal([r.int(3, 5), r.int(1, 3)]);
      return [(xs) => F.batchNormTraining(xs, null, null, { eps: 0.01 }).out, [x]];
    });
  });
}

function layerCases(): void {
  describe('linear, activations, softmax and dropout', () => {
    gradIt('linear with leading dims and bias', (r, g) => {
      const [inF, outF] = [r.odd(3, 5), r.int(2, 4)];
      const x = g.normal([2, r.int(1, 3), inF]);
      const w = g.normal([outF, inF]);
      const b = g.normal([outF]);
      return [(xs, ws, bs) => F.linear(xs, ws, bs), [x, w, b]];
    });

    gradIt('linear without bias on a 1-D input', (r, g) => {
      const inF = r.odd(3, 7);
      return [(xs, ws) => F.linear(xs, ws), [g.normal([inF]), g.normal([r.int(2, 4), inF])]];
    });

    gradIt('relu (inputs away from 0)', (r, g) => [(xs) => F.relu(xs), [g.awayFrom(r.shape(3), [0])]]);
    gradIt('leakyRelu with slope 0.2 (inputs away from 0)', (r, g) => [(xs) => F.leakyRelu(xs, 0.2), [g.awayFrom(r.shape(3), [0])]]);
    gradIt('leakyRelu with the default slope (inputs away from 0)', (r, g) => [(xs) => F.leakyRelu(xs), [g.awayFrom(r.shape(2), [0])]]);
    gradIt('sigmoid', (r, g) => [(xs) => F.sigmoid(xs), [g.normal(r.shape(3))]]);
    gradIt('tanh', (r, g) => [(xs) => F.tanh(xs), [g.normal(r.shape(3))]]);
    gradIt("gelu with approximate 'none'", (r, g) => [(xs) => F.gelu(xs), [g.normal(r.shape(3))]]);
    gradIt("gelu with approximate 'tanh'", (r, g) => [(xs) => F.gelu(xs, { approximate: 'tanh' }), [g.normal(r.shape(3))]]);

    gradIt('softmax over a random dim', (r, g) => {
      const dim = r.int(-3, 2);
      return [(xs) => F.softmax(xs, dim), [g.normal(r.shape(3))]];
    });
    gradIt('logSoftmax over a random dim', (r, g) => {
      const dim = r.int(-3, 2);
      return [(xs) => F.logSoftmax(xs, dim), [g.normal(r.shape(3))]];
    });

    gradIt('dropout with training false', (r, g) => [(xs) => F.dropout(xs, { p: 0.4, training: false }), [g.normal(r.shape(3))]]);
    gradIt('dropout in training with a fixed seed', (r, g) => [(xs) => F.dropout(xs, { p: 0.3, seed: 7 }), [g.normal(r.shape(2))]]);
  });
}

function lossCases(): void {
  describe('losses', () => {
    gradIt('crossEntropy with labelSmoothing, ignoreIndex and class weights', (r, g) => {
      const [n, c] = [r.odd(3, 5), r.int(3, 5)];
      const target = g.targets([n], c, { ignoreIndex: -1 });
      const weight = g.uniform([c], 0.5, 2);
      const opts = { labelSmoothing: 0.15, ignoreIndex: -1, weight };
      return [(xs) => F.crossEntropy(xs, target, opts), [g.normal([n, c])]];
    });

    gradIt('crossEntropy over [N, C, H, W] with reduction sum and the default ignoreIndex', (r, g) => {
      const [n, c, h, w] = [r.int(1, 2), r.int(2, 4), r.odd(1, 3), r.int(2, 3)];
      const target = g.targets([n, h, w], c, { ignoreIndex: -100 });
      return [(xs) => F.crossEntropy(xs, target, { reduction: 'sum', labelSmoothing: 0.05 }), [g.normal([n, c, h, w])]];
    });

    gradIt('crossEntropy with reduction none and class weights', (r, g) => {
      const [n, c] = [r.odd(3, 5), r.int(2, 4)];
      const target = g.targets([n], c);
      const weight = g.uniform([c], 0.5, 2);
      return [(xs) => F.crossEntropy(xs, target, { reduction: 'none', weight }), [g.normal([n, c])]];
    });

    gradIt('nllLoss with ignoreIndex and class weights', (r, g) => {
      const [n, c] = [r.odd(3, 5), r.int(2, 5)];
      // An ignoreIndex inside the class range, as PyTorch allows.
      const target = g.targets([n], c, { ignoreIndex: 1 });
      const weight = g.uniform([c], 0.5, 2);
      return [(xs) => F.nllLoss(xs, target, { ignoreIndex: 1, weight }), [g.normal([n, c])]];
    });

    gradIt('nllLoss over [N, C, L] with reduction sum', (r, g) => {
      const [n, c, l] = [r.int(1, 2), r.int(2, 4), r.odd(3, 5)];
      const target = g.targets([n, l], c);
      return [(xs) => F.nllLoss(xs, target, { reduction: 'sum' }), [g.normal([n, c, l])]];
    });

    gradIt('mseLoss with reduction mean, in both arguments', (r, g) => {
      const shape = r.shape(3);
      return [(a, b) => F.mseLoss(a, b), [g.normal(shape), g.normal(shape)]];
    });

    gradIt('mseLoss with reduction sum', (r, g) => {
      const shape = r.shape(2);
      return [(a, b) => F.mseLoss(a, b, { reduction: 'sum' }), [g.normal(shape), g.normal(shape)]];
    });
  });
}

function tensorMethodCases(): void {
  describe('tensor methods', () => {
    gradIt('add with broadcasting', (r, g) => {
      const [m, n] = [r.odd(3, 5), r.int(2, 4)];
      return [(a, b) => a.add(b), [g.normal([r.int(2, 3), 1, n]), g.normal([m, n])]];
    });
    gradIt('sub with broadcasting', (r, g) => {
      const [m, n] = [r.odd(3, 5), r.int(2, 4)];
      return [(a, b) => a.sub(b), [g.normal([m, 1]), g.normal([2, m, n])]];
    });
    gradIt('mul with broadcasting', (r, g) => {
      const [m, n] = [r.odd(3, 5), r.int(2, 4)];
      return [(a, b) => a.mul(b), [g.normal([m, n]), g.normal([n])]];
    });
    gradIt('div with broadcasting (divisor away from 0)', (r, g) => {
      const [m, n] = [r.odd(3, 5), r.int(2, 4)];
      return [(a, b) => a.div(b), [g.normal([m, n]), g.awayFrom([m, 1], [0], 0.5)]];
    });
    gradIt('pow with a broadcast tensor exponent (positive base)', (r, g) => {
      const [m, n] = [r.odd(3, 5), r.int(2, 4)];
      return [(a, b) => a.pow(b), [g.uniform([m, n], 0.5, 2), g.uniform([n], -2, 2)]];
    });
    gradIt('pow with a number exponent', (r, g) => [(a) => a.pow(2.5), [g.uniform(r.shape(2), 0.5, 2)]]);
    gradIt('exp', (r, g) => [(a) => a.exp(), [g.normal(r.shape(3))]]);
    gradIt('log (positive inputs)', (r, g) => [(a) => a.log(), [g.uniform(r.shape(3), 0.5, 3)]]);
    gradIt('sqrt (positive inputs)', (r, g) => [(a) => a.sqrt(), [g.uniform(r.shape(3), 0.5, 3)]]);

    gradIt('matmul with broadcast batch dims', (r, g) => {
      const [m, k, n] = [r.odd(1, 3), r.int(2, 4), r.int(1, 3)];
      return [(a, b) => a.matmul(b), [g.normal([2, 1, m, k]), g.normal([r.int(2, 3), k, n])]];
    });
    gradIt('matmul of a vector and a batch of matrices', (r, g) => {
      const [k, n] = [r.odd(3, 5), r.int(2, 3)];
      return [(a, b) => a.matmul(b), [g.normal([k]), g.normal([2, k, n])]];
    });

    gradIt('sum over two dims', (r, g) => [(a) => a.sum([0, 2]), [g.normal(r.shape(3))]]);
    gradIt('sum over one dim with keepdim', (r, g) => [(a) => a.sum(-1, true), [g.normal(r.shape(3))]]);
    gradIt('sum over everything', (r, g) => [(a) => a.sum(), [g.normal(r.shape(2))]]);
    gradIt('mean over two dims with keepdim', (r, g) => [(a) => a.mean([1, 2], true), [g.normal(r.shape(3))]]);
    gradIt('mean over everything', (r, g) => [(a) => a.mean(), [g.normal(r.shape(2))]]);
    gradIt('max along a dim (distinct values)', (r, g) => {
      const dim = r.int(0, 2);
      return [(a) => a.max(dim), [g.distinct(r.shape(3))]];
    });
    gradIt('max along a dim with keepdim (distinct values)', (r, g) => [(a) => a.max(-1, true), [g.distinct(r.shape(2))]]);
    gradIt('max over everything (distinct values)', (r, g) => [(a) => a.max(), [g.distinct(r.shape(3))]]);

    gradIt('permute', (r, g) => [(a) => a.permute(2, 0, 1), [g.normal(r.shape(3))]]);
    gradIt('transpose', (r, g) => [(a) => a.transpose(0, -1), [g.normal(r.shape(3))]]);
    gradIt('slice with a step and a negative start', (r, g) => [(a) => a.slice(1, -4, undefined, 2), [g.normal([2, r.odd(5, 7), 3])]]);
    gradIt('slice then slice along another dim', (r, g) => [
      (a) => a.slice(0, 1, 3).slice(2, 0, 2),
      [g.normal([r.odd(3, 5), 2, r.int(3, 4)])],
    ]);
    gradIt('reshape of a non-contiguous view', (r, g) => [(a) => a.transpose(0, 1).reshape(-1, 2), [g.normal([r.odd(3, 5), 2, 2])]]);
    gradIt('reshape of a contiguous tensor', (r, g) => [(a) => a.reshape(3, -1), [g.normal([r.odd(3, 5), 3])]]);
    gradIt('expand', (r, g) => {
      const size = r.int(2, 4);
      return [(a) => a.expand(2, -1, size, -1), [g.normal([r.odd(3, 5), 1, 2])]];
    });
    gradIt('cat along dim 1', (r, g) => {
      const [m, n] = [r.odd(1, 3), r.int(2, 3)];
      return [(a, b, c) => cat([a, b, c], 1), [g.normal([m, 1, n]), g.normal([m, r.int(2, 3), n]), g.normal([m, 3, n])]];
    });
    gradIt('stack along the last dim', (r, g) => {
      const shape = r.shape(2);
      return [(a, b, c) => stack([a, b, c], -1), [g.normal(shape), g.normal(shape), g.normal(shape)]];
    });
    gradIt('clamp with min and max (inputs away from the bounds)', (r, g) => [
      (a) => a.clamp(-0.5, 0.8),
      [g.awayFrom(r.shape(3), [-0.5, 0.8])],
    ]);
    gradIt('clamp with only a min', (r, g) => [(a) => a.clamp(0.1), [g.awayFrom(r.shape(2), [0.1])]]);
  });
}

// ---- harness ----

type Fn = (...xs: Tensor[]) => Tensor;
/** The op under test and its inputs; `fn` runs many times, so it must draw nothing from the PRNG. */
type Case = [fn: Fn, inputs: Tensor[]];

/**
 * One gradcheck test. It needs float64 and synchronous reads, so a backend without them skips
 * it; the check runs in the test body because the backend is set only in `beforeAll`.
 */
function gradIt(name: string, build: (r: Rng, g: Inputs) => Case): void {
  it(`${name} passes gradcheck`, (ctx) => {
    const backend = getBackend();
    if (!backend.capabilities.dtypes.includes('float64') || !backend.capabilities.readSync) return ctx.skip();
    const r = rng(hash(name));
    const owned: Tensor[] = [];
    try {
      const [fn, inputs] = build(r, makeInputs(r, owned));
      expect(gradcheck(fn, inputs)).toBe(true);
    } finally {
      for (const t of owned) t.dispose();
    }
  });
}

interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** An odd integer in [lo, hi] (which must hold one). */
  odd(lo: number, hi: number): number;
  /** A shape of `rank` sizes in [1, 4], the first odd and at least 3. */
  shape(rank: number): number[];
}

/** mulberry32: a tiny seeded PRNG, so random shapes are the same on every run. */
function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const odd = (lo: number, hi: number) => {
    const first = lo % 2 === 1 ? lo : lo + 1;
    return first + 2 * int(0, Math.floor((hi - first) / 2));
  };
  return { next, int, odd, shape: (rank) => Array.from({ length: rank }, (_, i) => (i === 0 ? odd(3, 5) : int(1, 4))) };
}

/** FNV-1a of the test name: each test draws its own stream. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

interface Inputs {
  normal(shape: number[]): Tensor;
  uniform(shape: number[], lo: number, hi: number): Tensor;
  /** Uniform on [-2, 2] but at least `margin` from every kink, where finite differences break. */
  awayFrom(shape: number[], kinks: number[], margin?: number): Tensor;
  /** A shuffled ramp spaced 0.05 apart: no ties for max to break. */
  distinct(shape: number[]): Tensor;
  /** int32 class indices in [0, classes); with `ignoreIndex`, exactly one of them is it. */
  targets(shape: number[], classes: number, opts?: { ignoreIndex?: number }): Tensor;
}

/** float64 inputs drawn from `r`; every tensor made goes to `owned` for the test to dispose. */
function makeInputs(r: Rng, owned: Tensor[]): Inputs {
  const own = (t: Tensor) => {
    owned.push(t);
    return t;
  };
  const size = (shape: number[]) => shape.reduce((n, d) => n * d, 1);
  const fromValues = (shape: number[], f: (i: number) => number) =>
    own(
      tensor(
        Float64Array.from({ length: size(shape) }, (_, i) => f(i)),
        shape,
        { dtype: 'float64' },
      ),
    );
  return {
    normal: (shape) => own(randn(shape, { seed: r.int(1, 2 ** 30), dtype: 'float64' })),
    uniform: (shape, lo, hi) => fromValues(shape, () => lo + (hi - lo) * r.next()),
    awayFrom: (shape, kinks, margin = 0.05) =>
      fromValues(shape, () => {
        for (;;) {
          const v = -2 + 4 * r.next();
          if (kinks.every((k) => Math.abs(v - k) >= margin)) return v;
        }
      }),
    distinct: (shape) => {
      const n = size(shape);
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = r.int(0, i);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      return fromValues(shape, (i) => (order[i]! - n / 2) * 0.05);
    },
    targets: (shape, classes, opts = {}) => {
      const n = size(shape);
      const classOf = (): number => {
        for (;;) {
          const v = r.int(0, classes - 1);
          if (v !== opts.ignoreIndex) return v;
        }
      };
      const values = Int32Array.from({ length: n }, classOf);
      if (opts.ignoreIndex !== undefined && n > 1) values[r.int(0, n - 1)] = opts.ignoreIndex;
      return own(tensor(values, shape, { dtype: 'int32' }));
    },
  };
}
