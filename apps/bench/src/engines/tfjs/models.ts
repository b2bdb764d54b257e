import type { Tensor1D, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { modelImageShape, resnet20Blocks, type ModelCase } from '../../cases/shapes.js';
import type { Workload } from '../engine.js';
import { labelData } from '../random-data.js';
import { mobilenetV2, resnet18 } from './imagenet-models.js';
import type { Tf } from './load.js';

/** A zoo model written in tfjs ops (NHWC), as a tfjs user would. */
export interface TfNet {
  vars: Variable[];
  forward(x: Tensor4D, training: boolean): Tensor2D;
  dispose(): void;
}

/**
 * The same training step as Stride's (forward, softmax cross-entropy, gradients of every
 * variable, SGD update, read the loss) or inference pass, on a random batch.
 */
export function tfjsModel(tf: Tf, c: ModelCase): Workload {
  const net = { lenet5, resnet20, resnet18, mobilenetV2 }[c.model](tf);
  const [channels, height, width] = modelImageShape(c);
  const shape: [number, number, number, number] = [c.batch, height, width, channels];
  const x = tf.randomNormal(shape, 0, 1, 'float32', 21) as Tensor4D;
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(labelData(c.batch, 10), 'int32'), 10));
  const dispose = () => {
    net.dispose();
    tf.dispose([x, labels]);
  };
  if (c.mode === 'infer') {
    return {
      run: async (probe) => {
        const logits = tf.tidy(() => {
          const logits = net.forward(x, false);
          probe();
          return logits;
        });
        await logits.data();
        logits.dispose();
      },
      dispose,
    };
  }
  return {
    run: async (probe) => {
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, net.forward(x, true)), net.vars);
        probe();
        for (const v of net.vars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, 0.01)));
        return value;
      });
      await loss.data();
      loss.dispose();
    },
    dispose,
  };
}

function lenet5(tf: Tf): TfNet {
  const u = uniformVars(tf);
  const [w1, b1] = [u([5, 5, 1, 20], 25), u([20], 25)];
  const [w2, b2] = [u([5, 5, 20, 50], 500), u([50], 500)];
  const [w3, b3] = [u([2450, 500], 2450), u([500], 2450)];
  const [w4, b4] = [u([500, 10], 500), u([10], 500)];
  const vars = [w1, b1, w2, b2, w3, b3, w4, b4];
  const convRelu = (x: Tensor4D, w: Variable, b: Variable) => tf.relu(tf.add(tf.conv2d(x, w as Tensor4D, 1, 2), b)) as Tensor4D;
  return {
    vars,
    forward: (x) => {
      const h1 = tf.maxPool(convRelu(x, w1, b1), 2, 2, 'valid');
      const h2 = tf.maxPool(convRelu(h1, w2, b2), 2, 2, 'valid');
      const f = tf.relu(tf.add(tf.matMul(tf.reshape(h2, [x.shape[0], 2450]), w3 as Tensor2D), b3)) as Tensor2D;
      return tf.add(tf.matMul(f, w4 as Tensor2D), b4) as Tensor2D;
    },
    dispose: () => tf.dispose(vars),
  };
}

interface ConvBn {
  w: Variable;
  stride: number;
  gamma: Variable;
  beta: Variable;
  mean: Tensor1D;
  variance: Tensor1D;
}

/** The same network as the zoo's resnet20() (cases/shapes.ts `resnet20Blocks`), in NHWC. */
function resnet20(tf: Tf): TfNet {
  const u = uniformVars(tf);
  const convBn = (cIn: number, cOut: number, stride: number): ConvBn => ({
    w: u([3, 3, cIn, cOut], cIn * 9),
    stride,
    gamma: tf.tidy(() => tf.variable(tf.ones([cOut]))),
    beta: tf.tidy(() => tf.variable(tf.zeros([cOut]))),
    mean: tf.zeros([cOut]),
    variance: tf.ones([cOut]),
  });
  const stem = convBn(3, 16, 1);
  const blocks = resnet20Blocks().map((r) => ({ ...r, a: convBn(r.cIn, r.cOut, r.stride), b: convBn(r.cOut, r.cOut, 1) }));
  const [fcW, fcB] = [u([64, 10], 64), u([10], 64)];
  const layers = [stem, ...blocks.flatMap((b) => [b.a, b.b])];
  const vars = [...layers.flatMap((l) => [l.w, l.gamma, l.beta]), fcW, fcB];
  const apply = (x: Tensor4D, l: ConvBn, training: boolean): Tensor4D => {
    const y = tf.conv2d(x, l.w as Tensor4D, l.stride, 1);
    const stats = training ? tf.moments(y, [0, 1, 2]) : { mean: l.mean, variance: l.variance };
    return tf.batchNorm(y, stats.mean, stats.variance, l.beta, l.gamma, 1e-5) as Tensor4D;
  };
  return {
    vars,
    forward: (x, training) => {
      let h = tf.relu(apply(x, stem, training)) as Tensor4D;
      for (const b of blocks) {
        const out = apply(tf.relu(apply(h, b.a, training)) as Tensor4D, b.b, training);
        h = tf.relu(tf.add(out, b.reshapes ? optionAShortcut(tf, h, b.cOut) : h)) as Tensor4D;
      }
      return tf.add(tf.matMul(tf.mean(h, [1, 2]) as Tensor2D, fcW as Tensor2D), fcB) as Tensor2D;
    },
    dispose: () => tf.dispose([...vars, ...layers.flatMap((l) => [l.mean, l.variance])]),
  };
}

/** Variables drawn from U(±1/√fanIn), a fresh seed each (the values do not change the time). */
/** The CIFAR ResNet's option-A shortcut: every second row and column, new channels zero-padded half before, half after. */
export function optionAShortcut(tf: Tf, x: Tensor4D, cOut: number): Tensor4D {
  const c = x.shape[3];
  // A 1×1 average pool with stride 2 picks x[:, ::2, ::2, :] as stridedSlice would, and unlike
  // stridedSlice it has a gradient in tfjs ("gradient function not found for StridedSlice").
  const sub = tf.avgPool(x, 1, 2, 'valid') as Tensor4D;
  const before = Math.floor((cOut - c) / 2);
  return tf.pad(sub, [
    [0, 0],
    [0, 0],
    [0, 0],
    [before, cOut - c - before],
  ]);
}

function uniformVars(tf: Tf): (shape: number[], fanIn: number) => Variable {
  let seed = 1;
  return (shape, fanIn) => {
    const bound = 1 / Math.sqrt(fanIn);
    return tf.tidy(() => tf.variable(tf.randomUniform(shape, -bound, bound, 'float32', seed++)));
  };
}
