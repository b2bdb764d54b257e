import { beforeAll, describe, expect, it } from 'vitest';
import { memory } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import type { ConvCase, ModelCase, NormCase, PoolCase } from '../src/cases/shapes.js';
import type { OpCase } from '../src/cases/op-cases.js';
import { unsupportedReason, type Engine, type Workload } from '../src/engines/engine.js';
import { strideEngine } from '../src/engines/stride/engine.js';
import { tfjsEngine } from '../src/engines/tfjs/engine.js';
import { loadTfjs } from '../src/engines/tfjs/load.js';
import { optionAShortcut } from '../src/engines/tfjs/models.js';
import type { Tensor4D } from '@tensorflow/tfjs-core';

const conv: ConvCase = { name: 'tiny', n: 2, cIn: 3, cOut: 4, size: 8, k: 3, pad: 1, stride: 2 };
const pool: PoolCase = { n: 2, c: 3, size: 8, k: 2 };
const norm: NormCase = { n: 2, c: 3, size: 4 };
const lenetTrain: ModelCase = { model: 'lenet5', mode: 'train', batch: 2 };

/** Every workload of the bench on tiny shapes, as the table runs them. */
function workloads(e: Engine): [string, () => Promise<Workload>][] {
  return [
    ['matmul', () => e.matmul(8)],
    ...(['forward', 'backwardInput', 'backwardWeight'] as const).map((p): [string, () => Promise<Workload>] => [
      `conv ${p}`,
      () => e.conv(conv, p),
    ]),
    ['max-pool forward', () => e.maxPool(pool, 'forward')],
    ['max-pool backward', () => e.maxPool(pool, 'backward')],
    ['batch-norm forward', () => e.batchNorm(norm, 'forward')],
    ['batch-norm backward', () => e.batchNorm(norm, 'backward')],
    ['lenet5 train', () => e.model(lenetTrain)],
    ['lenet5 infer', () => e.model({ ...lenetTrain, mode: 'infer' })],
    ['resnet20 train', () => e.model({ model: 'resnet20', mode: 'train', batch: 2 })],
    ['resnet20 infer', () => e.model({ model: 'resnet20', mode: 'infer', batch: 2 })],
    ...imagenetInference(e),
    ...opRows(e),
    ['augment', () => e.augment(4)],
  ];
}

/** The 0.2 ops' rows on tiny shapes. */
function opRows(e: Engine): [string, () => Promise<Workload>][] {
  const cases: OpCase[] = [
    { op: 'interpolate', n: 2, c: 3, size: 5, scale: 2 },
    { op: 'padReflect', n: 2, c: 3, size: 5, pad: 1 },
    { op: 'indexSelect', rows: 10, width: 4, picks: 6 },
    { op: 'gather', rows: 6, width: 5 },
    { op: 'topk', rows: 4, width: 20, k: 3 },
    { op: 'blurPool', n: 2, c: 3, size: 8 },
  ];
  return cases.map((c) => [`op ${c.op}`, () => e.op(c)]);
}

/** The ImageNet models' inference rows on 32×32 images (the rows run 224²). */
function imagenetInference(e: Engine): [string, () => Promise<Workload>][] {
  return (['resnet18', 'mobilenetV2'] as const).map((model) => [
    `${model} infer`,
    () => e.model({ model, mode: 'infer', batch: 2, imageSize: 32 }),
  ]);
}

/** Prepares, runs twice and disposes; returns the bytes the probe saw at its peak. */
async function runTwice(e: Engine, make: () => Promise<Workload>): Promise<number> {
  await e.activate();
  const w = await make();
  let peak = 0;
  try {
    for (let i = 0; i < 2; i++) await w.run((extra = 0) => (peak = Math.max(peak, e.liveBytes() + extra)));
  } finally {
    w.dispose();
  }
  return peak;
}

describe('Stride engine workloads', () => {
  const stride = strideEngine(cpu(), 'stride-cpu', 'Stride cpu');
  for (const [name, make] of workloads(stride)) {
    it(`${name} runs, probes memory and leaves no tensor alive`, async () => {
      const before = memory().numTensors;
      expect(await runTwice(stride, make)).toBeGreaterThan(0);
      expect(memory().numTensors).toBe(before);
    });
  }
});

describe('tfjs peers', () => {
  let tfCpu: Engine;
  let tfWasm: Engine;
  beforeAll(async () => {
    tfCpu = tfjsEngine(await loadTfjs('cpu'), 'cpu');
    tfWasm = tfjsEngine(await loadTfjs('wasm'), 'wasm');
  });

  it('tfjs-cpu computes gradients (tfjs-core gradients are registered)', async () => {
    expect(await runTwice(tfCpu, () => tfCpu.maxPool(pool, 'backward'))).toBeGreaterThan(0);
    expect(await runTwice(tfCpu, () => tfCpu.batchNorm(norm, 'backward'))).toBeGreaterThan(0);
  });

  it("tfjs's resnet20 shortcut picks x[:, ::2, ::2], pads channels, and has a gradient (resnet20 training needs it)", async () => {
    const tf = await loadTfjs('cpu');
    const x = tf.reshape(tf.range(0, 2 * 4 * 4 * 2), [2, 4, 4, 2]) as Tensor4D;
    const y = optionAShortcut(tf, x, 4);
    const want = tf.pad(tf.stridedSlice(x, [0, 0, 0, 0], [2, 4, 4, 2], [1, 2, 2, 1]), [
      [0, 0],
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
    expect(y.shape).toEqual([2, 2, 2, 4]);
    expect(await y.data()).toEqual(await want.data());
    const dx = tf.grad((t) => tf.sum(optionAShortcut(tf, t as Tensor4D, 4)))(x);
    const picked = await dx.data();
    expect(Array.from(picked).filter((v) => v === 1)).toHaveLength(2 * 2 * 2 * 2);
    expect(picked[0]).toBe(1);
    expect(picked[2]).toBe(0); // x[0, 0, 1, 0]: an odd column, not picked
  });

  it('tfjs-wasm runs inference', async () => {
    expect(await runTwice(tfWasm, () => tfWasm.model({ ...lenetTrain, mode: 'infer' }))).toBeGreaterThan(0);
  });

  it('tfjs-cpu and tfjs-wasm run the ImageNet models (depthwise convs, ReLU6, padded max-pool)', async () => {
    for (const e of [tfCpu, tfWasm]) {
      for (const [name, make] of imagenetInference(e)) expect(await runTwice(e, make), `${e.id} ${name}`).toBeGreaterThan(0);
    }
  });

  it('tfjs-cpu and tfjs-wasm run the 0.2 op rows they have, and report torch.gather as unsupported', async () => {
    for (const e of [tfCpu, tfWasm]) {
      for (const [name, make] of opRows(e)) {
        if (name === 'op gather') {
          const error = await runTwice(e, make).then(
            () => null,
            (x: unknown) => x,
          );
          expect(unsupportedReason(e.id, error)).toBe(`${e.id} has no element-wise gather along a dimension (torch.gather)`);
        } else {
          expect(await runTwice(e, make), `${e.id} ${name}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('tfjs-wasm reports the conv weight gradient, and so training, as unsupported', async () => {
    for (const make of [() => tfWasm.conv(conv, 'backwardWeight'), () => tfWasm.model(lenetTrain)]) {
      const error = await runTwice(tfWasm, make).then(
        () => null,
        (e: unknown) => e,
      );
      expect(unsupportedReason('tfjs-wasm', error)).toBe('tfjs-wasm has no Conv2DBackpropFilter kernel');
    }
  });
});
