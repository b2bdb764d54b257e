import type { Tensor1D, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { mobilenetV2Blocks, resnet18Blocks } from '../../cases/imagenet-shapes.js';
import type { Tf } from './load.js';
import type { TfNet } from './models.js';

/** A convolution with the batch norm after it (torchvision's conv-bn pairs; the convs have no bias). */
interface ConvBn {
  w: Variable;
  stride: number;
  pad: number;
  /** A depthwise conv (groups = channels), whose filter is [k, k, C, 1] in tfjs. */
  depthwise: boolean;
  gamma: Variable;
  beta: Variable;
  mean: Tensor1D;
  variance: Tensor1D;
}

/** Builds the layers of one network: variables from U(±1/√fanIn), a fresh seed each (values do not change the time). */
function layerMaker(tf: Tf) {
  let seed = 1;
  const vars: Variable[] = [];
  const stats: Tensor1D[] = [];
  const uniform = (shape: number[], fanIn: number): Variable => {
    const bound = 1 / Math.sqrt(fanIn);
    const v = tf.tidy(() => tf.variable(tf.randomUniform(shape, -bound, bound, 'float32', seed++)));
    vars.push(v);
    return v;
  };
  const convBn = (cIn: number, cOut: number, k: number, stride: number, opts: { depthwise?: boolean } = {}): ConvBn => {
    const depthwise = opts.depthwise ?? false;
    const layer: ConvBn = {
      w: depthwise ? uniform([k, k, cIn, 1], k * k) : uniform([k, k, cIn, cOut], cIn * k * k),
      stride,
      pad: Math.floor((k - 1) / 2),
      depthwise,
      gamma: tf.tidy(() => tf.variable(tf.ones([cOut]))),
      beta: tf.tidy(() => tf.variable(tf.zeros([cOut]))),
      mean: tf.zeros([cOut]),
      variance: tf.ones([cOut]),
    };
    vars.push(layer.gamma, layer.beta);
    stats.push(layer.mean, layer.variance);
    return layer;
  };
  /** conv then batch norm: running statistics in eval mode, the batch's in training, as PyTorch. */
  const apply = (x: Tensor4D, l: ConvBn, training: boolean): Tensor4D => {
    const y = l.depthwise ? tf.depthwiseConv2d(x, l.w as Tensor4D, l.stride, l.pad) : tf.conv2d(x, l.w as Tensor4D, l.stride, l.pad);
    const s = training ? tf.moments(y, [0, 1, 2]) : { mean: l.mean, variance: l.variance };
    return tf.batchNorm(y, s.mean, s.variance, l.beta, l.gamma, 1e-5) as Tensor4D;
  };
  const linear = (cIn: number, cOut: number) => ({ w: uniform([cIn, cOut], cIn) as Tensor2D, b: uniform([cOut], cIn) });
  const dispose = () => tf.dispose([...vars, ...stats]);
  return { vars, convBn, apply, linear, dispose };
}

/** `@stride/zoo`'s resnet18() in NHWC tfjs ops (cases/imagenet-shapes.ts `resnet18Blocks`), 11,689,512 variables' worth. */
export function resnet18(tf: Tf): TfNet {
  const { vars, convBn, apply, linear, dispose } = layerMaker(tf);
  const stem = convBn(3, 64, 7, 2);
  const blocks = resnet18Blocks().map((b) => ({
    a: convBn(b.cIn, b.cOut, 3, b.stride),
    b: convBn(b.cOut, b.cOut, 3, 1),
    shortcut: b.projection ? convBn(b.cIn, b.cOut, 1, b.stride) : null,
  }));
  const fc = linear(512, 1000);
  return {
    vars,
    forward: (x, training) => {
      // torchvision's max-pool pads with −∞; tfjs's explicit padding of a max-pool ignores the pad too.
      let h = tf.maxPool(tf.relu(apply(x, stem, training)) as Tensor4D, 3, 2, 1);
      for (const b of blocks) {
        const out = apply(tf.relu(apply(h, b.a, training)) as Tensor4D, b.b, training);
        h = tf.relu(tf.add(out, b.shortcut ? apply(h, b.shortcut, training) : h)) as Tensor4D;
      }
      return tf.add(tf.matMul(tf.mean(h, [1, 2]) as Tensor2D, fc.w), fc.b) as Tensor2D;
    },
    dispose,
  };
}

/** `@stride/zoo`'s mobilenetV2() in NHWC tfjs ops (cases/imagenet-shapes.ts `mobilenetV2Blocks`): depthwise convs, ReLU6. */
export function mobilenetV2(tf: Tf): TfNet {
  const { vars, convBn, apply, linear, dispose } = layerMaker(tf);
  const stem = convBn(3, 32, 3, 2);
  const blocks = mobilenetV2Blocks().map((b) => ({
    ...b,
    expansion: b.expand ? convBn(b.cIn, b.hidden, 1, 1) : null,
    depthwise: convBn(b.hidden, b.hidden, 3, b.stride, { depthwise: true }),
    projection: convBn(b.hidden, b.cOut, 1, 1),
  }));
  const last = convBn(320, 1280, 1, 1);
  const fc = linear(1280, 1000);
  return {
    vars,
    forward: (x, training) => {
      const relu6 = (l: ConvBn, t: Tensor4D) => tf.relu6(apply(t, l, training)) as Tensor4D;
      let h = relu6(stem, x);
      for (const b of blocks) {
        const expanded = b.expansion ? relu6(b.expansion, h) : h;
        const out = apply(relu6(b.depthwise, expanded), b.projection, training);
        h = b.residual ? (tf.add(h, out) as Tensor4D) : out;
      }
      return tf.add(tf.matMul(tf.mean(relu6(last, h), [1, 2]) as Tensor2D, fc.w), fc.b) as Tensor2D;
    },
    dispose,
  };
}
