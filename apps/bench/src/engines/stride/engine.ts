import { functional as F, keep, memory, ones, randn, setBackend, tidy, zeros, type Backend, type Tensor } from '@stride/core-tensor';
import type { ConvGeometry } from '@stride/core-tensor/backend';
import { batchNorm } from '@stride/norm';
import { convOutSize, type ConvCase, type NormCase } from '../../cases/shapes.js';
import type { ConvPass, Engine, GradPass, Workload } from '../engine.js';
import { uniformData } from '../random-data.js';
import { strideModel } from './model-workload.js';
import { strideAugment, strideOp } from './op-workload.js';

/**
 * Stride on one backend. Ops go through the public functional API as a user calls them; the
 * two convolution backward passes call the backend's kernels directly (the ones autograd
 * calls), so each is timed alone, as tfjs's Conv2DBackpropInput/Filter kernels are.
 */
export function strideEngine(backend: Backend, id: string, label: string): Engine {
  const make = (shape: number[], seed: number, requiresGrad = false): Tensor => {
    const t = randn(shape, { seed, backend });
    t.requiresGrad = requiresGrad;
    return t;
  };
  return {
    id,
    label,
    backend: backend.name.startsWith('webgpu') ? 'webgpu' : 'cpu',
    library: 'stride',
    activate: async () => setBackend(backend),
    liveBytes: () => memory().numBytes,
    matmul: async (n) => {
      const [a, b] = [make([n, n], 1), make([n, n], 2)];
      return readEach(() => a.matmul(b), [a, b]);
    },
    conv: async (c, pass) => (pass === 'forward' ? convForward(c, make) : convKernel(backend, c, pass)),
    maxPool: async (c, pass) => {
      const x = make([c.n, c.c, c.size, c.size], 3, pass === 'backward');
      const pool = (t: Tensor) => F.maxPool2d(t, { kernelSize: c.k });
      return pass === 'forward' ? readEach(() => pool(x), [x]) : gradOf(x, pool, [x]);
    },
    batchNorm: async (c, pass) => batchNormWorkload(c, pass, make),
    model: async (c) => strideModel(c, backend),
    op: async (c) => strideOp(c, backend),
    augment: async (n) => strideAugment(n, backend),
  };
}

type Make = (shape: number[], seed: number, requiresGrad?: boolean) => Tensor;

function convForward(c: ConvCase, make: Make): Workload {
  const x = make([c.n, c.cIn, c.size, c.size], 4);
  const w = make([c.cOut, c.cIn, c.k, c.k], 5);
  return readEach(() => F.conv2d(x, w, null, { stride: c.stride, padding: c.pad }), [x, w]);
}

/** `@stride/norm`'s functional batch norm in training mode (batch statistics; running ones updated). */
function batchNormWorkload(c: NormCase, pass: GradPass, make: Make): Workload {
  const grad = pass === 'backward';
  const x = make([c.n, c.c, c.size, c.size], 6, grad);
  const [weight, bias] = [make([c.c], 7, grad), make([c.c], 8, grad)];
  const [runningMean, runningVar] = [zeros([c.c], { backend: x.backend }), ones([c.c], { backend: x.backend })];
  const all = [x, weight, bias, runningMean, runningVar];
  const bn = (t: Tensor) => batchNorm(t, runningMean, runningVar, weight, bias, { training: true });
  return grad ? gradOf(x, bn, all, [weight, bias]) : readEach(() => bn(x), all);
}

/** Runs `fn` once per run and reads its result; memory is probed before tidy frees the intermediates. */
function readEach(fn: () => Tensor, owned: Tensor[]): Workload {
  return {
    run: async (probe) => {
      const y = tidy(() => {
        const y = fn();
        probe();
        return y;
      });
      await y.data();
      y.dispose();
    },
    dispose: () => owned.forEach((t) => t.dispose()),
  };
}

/** Forward and backward of `fn` with a given upstream gradient, then reads x's gradient. */
function gradOf(x: Tensor, fn: (x: Tensor) => Tensor, owned: Tensor[], alsoGrads: Tensor[] = []): Workload {
  let dy: Tensor | null = null;
  return {
    run: async (probe) => {
      for (const t of [x, ...alsoGrads]) {
        t.grad?.dispose();
        t.grad = null;
      }
      tidy(() => {
        const y = fn(x);
        dy ??= keep(randn([...y.shape], { seed: 11, backend: x.backend }));
        y.backward(dy);
        probe();
      });
      await x.grad?.data();
    },
    dispose: () => [...owned, ...(dy ? [dy] : [])].forEach((t) => t.dispose()),
  };
}

/** One conv backward kernel on raw buffers, with the geometry F.conv2d would build. */
function convKernel(backend: Backend, c: ConvCase, pass: Exclude<ConvPass, 'forward'>): Workload {
  const out = convOutSize(c);
  const g: ConvGeometry = {
    batch: c.n,
    inChannels: c.cIn,
    outChannels: c.cOut,
    groups: 1,
    inSize: [1, c.size, c.size],
    kernel: [1, c.k, c.k],
    stride: [1, c.stride, c.stride],
    dilation: [1, 1, 1],
    padBefore: [0, c.pad, c.pad],
    outSize: [1, out, out],
  };
  const xShape = [c.n, c.cIn, c.size, c.size];
  const wShape = [c.cOut, c.cIn, c.k, c.k];
  const dyShape = [c.n, c.cOut, out, out];
  const dense = (shape: number[], seed: number) => ({
    id: backend.write(
      uniformData(
        shape.reduce((a, b) => a * b, 1),
        seed,
      ),
    ),
    shape,
    dtype: 'float32' as const,
  });
  const dy = dense(dyShape, 12);
  const other = pass === 'backwardInput' ? dense(wShape, 13) : dense(xShape, 14);
  const outBytes = 4 * (pass === 'backwardInput' ? xShape : wShape).reduce((a, b) => a * b, 1);
  const inBytes = 4 * (dy.shape.reduce((a, b) => a * b, 1) + other.shape.reduce((a, b) => a * b, 1));
  return {
    run: async (probe) => {
      const id = pass === 'backwardInput' ? backend.convBackwardInput(dy, other, g) : backend.convBackwardWeight(other, dy, g);
      probe(inBytes + outBytes);
      await backend.read(id);
      backend.disposeData(id);
    },
    dispose: () => [dy, other].forEach((d) => backend.disposeData(d.id)),
  };
}
