import type { Rank, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { convOutSize, type ConvCase, type NormCase } from '../../cases/shapes.js';
import { Unsupported, type ConvPass, type Engine, type GradPass, type Workload } from '../engine.js';
import { tfjsOp } from './op-workload.js';
import type { Tf, TfBackendName } from './load.js';
import { tfjsModel } from './models.js';

/**
 * A TensorFlow.js backend as a peer, with the same shapes in tfjs's own layout (NHWC inputs,
 * [kH, kW, in, out] filters), each op through the call a tfjs user makes. The conv weight
 * gradient has no public op, so it runs the Conv2DBackpropFilter kernel that tf.grad uses.
 */
export function tfjsEngine(tf: Tf, name: TfBackendName): Engine {
  const id = `tfjs-${name}`;
  const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
  return {
    id,
    label: id,
    backend: name === 'webgpu' ? 'webgpu' : 'cpu',
    library: 'tfjs',
    activate: async () => {
      if (tf.getBackend() !== name) await tf.setBackend(name);
    },
    liveBytes: () => tf.memory().numBytes,
    matmul: async (n) => {
      const [a, b] = [normal([n, n], 1), normal([n, n], 2)];
      return readEach(tf, () => tf.matMul(a, b), [a, b]);
    },
    conv: async (c, pass) => conv(tf, c, pass, normal),
    maxPool: async (c, pass) => {
      const x = normal([c.n, c.size, c.size, c.c], 3) as Tensor4D;
      const pool = (t: Tensor4D) => tf.maxPool(t, c.k, c.k, 'valid');
      if (pass === 'forward') return readEach(tf, () => pool(x), [x]);
      const dy = normal([c.n, c.size / c.k, c.size / c.k, c.c], 11);
      return readEach(tf, () => tf.grad((t: Tensor) => pool(t as Tensor4D))(x, dy), [x, dy]);
    },
    batchNorm: async (c, pass) => batchNorm(tf, c, pass, normal),
    model: async (c) => tfjsModel(tf, c),
    op: async (c) => tfjsOp(tf, c, id),
    augment: async () => {
      throw new Unsupported(`${id}: the augmentation is the data package's, on the CPU before any backend`);
    },
  };
}

type Normal = (shape: number[], seed: number) => Tensor;

function conv(tf: Tf, c: ConvCase, pass: ConvPass, normal: Normal): Workload {
  const out = convOutSize(c);
  const x = normal([c.n, c.size, c.size, c.cIn], 4) as Tensor4D;
  const filter = normal([c.k, c.k, c.cIn, c.cOut], 5) as Tensor4D;
  const dy = normal([c.n, out, out, c.cOut], 12) as Tensor4D;
  const stride: [number, number] = [c.stride, c.stride];
  const owned = [x, filter, dy];
  if (pass === 'forward') return readEach(tf, () => tf.conv2d(x, filter, stride, c.pad), owned);
  if (pass === 'backwardInput') {
    return readEach(tf, () => tf.conv2dTranspose(dy, filter, [c.n, c.size, c.size, c.cIn], stride, c.pad), owned);
  }
  const attrs = { strides: stride, pad: c.pad, dataFormat: 'NHWC', filterShape: [c.k, c.k, c.cIn, c.cOut] };
  return readEach(tf, () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as Tensor, owned);
}

function batchNorm(tf: Tf, c: NormCase, pass: GradPass, normal: Normal): Workload {
  const x = normal([c.n, c.size, c.size, c.c], 6) as Tensor4D;
  const scale = normal([c.c], 7);
  const offset = normal([c.c], 8);
  const bn = (t: Tensor4D, g: Tensor, b: Tensor) => {
    const { mean, variance } = tf.moments(t, [0, 1, 2]);
    return tf.batchNorm(t, mean, variance, b, g, 1e-5);
  };
  if (pass === 'forward') return readEach(tf, () => bn(x, scale, offset), [x, scale, offset]);
  const dy = normal([c.n, c.size, c.size, c.c], 11);
  const grads = tf.grads((t: Tensor, g: Tensor, b: Tensor) => bn(t as Tensor4D, g, b));
  return readEach(tf, () => grads([x, scale, offset], dy), [x, scale, offset, dy]);
}

/** Runs `fn` in a tidy once per run and reads its (first) result; memory is probed before tidy frees the intermediates. */
function readEach(tf: Tf, fn: () => Tensor<Rank> | Tensor<Rank>[], owned: Tensor[]): Workload {
  return {
    run: async (probe) => {
      const result = tf.tidy(() => {
        const result = fn();
        probe();
        return result;
      });
      const outputs = Array.isArray(result) ? result : [result];
      await outputs[0]?.data();
      tf.dispose(outputs);
    },
    dispose: () => tf.dispose(owned),
  };
}
