import { describe, expect, it } from 'vitest';
import { loadSafetensors, memory, readSafetensorsMetadata, saveSafetensors, setBackend, tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { Linear, Sequential } from '@stride/layers';
import { Adam, CosineAnnealingLR, loadCheckpoint, ReduceLROnPlateau, saveCheckpoint, SGD, StepLR } from '../src/index.js';
import { crc32, crc32Hex } from '../src/checkpoint/crc32.js';
import { decodeJson, encodeJson } from '../src/checkpoint/json-codec.js';
import { expectNoLeaks } from './helpers/no-leaks.js';
import { batches, smallCnn, snapshot, trainStep } from './helpers/training.js';

setBackend(cpu());

let owned: { dispose(): void }[] = [];
expectNoLeaks(() => {
  for (const o of owned) o.dispose();
  owned = [];
});

/** A small CNN trained two steps with Adam and a StepLR, and its checkpoint. */
function trained() {
  const model = smallCnn(1);
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
  const data = batches();
  for (const b of data.slice(0, 2)) {
    trainStep(model, opt, b);
    sched.step();
  }
  owned.push(model, opt, ...data.flatMap(({ x, y }) => [x, y]));
  return { model, opt, sched, bytes: saveCheckpoint({ model, optimizer: opt, scheduler: sched, epoch: 2 }) };
}

/** The error `fn` throws, as a message. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('checkpoint layout', () => {
  it('is one safetensors file: model tensors and optimizer buffers as tensors, the rest as JSON metadata', () => {
    const { model, bytes } = trained();
    const tensors = loadSafetensors(bytes);
    expect(Object.keys(tensors).sort()).toEqual(
      [
        'model.0.bias',
        'model.0.weight',
        'model.3.bias',
        'model.3.weight',
        ...[0, 1, 2, 3].flatMap((i) => [`optimizer.state.${i}.expAvg`, `optimizer.state.${i}.expAvgSq`]),
      ].sort(),
    );
    expect(Array.from(tensors['model.0.weight']!.dataSync())).toEqual(snapshot(model)['0.weight']);
    for (const t of Object.values(tensors)) t.dispose();
    const metadata = readSafetensorsMetadata(bytes);
    expect(Object.keys(metadata).sort()).toEqual(['checkpoint', 'checksum', 'format', 'version']);
    expect(metadata.format).toBe('stride.checkpoint');
    expect(metadata.checksum).toMatch(/^crc32:[0-9a-f]{8}$/);
    expect(JSON.parse(metadata.checkpoint!)).toEqual({
      modelKeys: ['0.weight', '0.bias', '3.weight', '3.bias'],
      epoch: 2,
      scheduler: { name: 'StepLR', state: { lastEpoch: 2, baseLrs: [0.01], lastLr: [0.0025], stepSize: 1, gamma: 0.5 } },
      optimizer: {
        name: 'Adam',
        paramGroups: [
          { lr: 0.0025, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, initialLr: 0.01, params: [0, 1, 2, 3] },
        ],
        counters: { 0: { step: 2 }, 1: { step: 2 }, 2: { step: 2 }, 3: { step: 2 } },
      },
    });
  });

  it('the same state gives the same bytes', () => {
    const { model, opt, sched, bytes } = trained();
    expect(saveCheckpoint({ model, optimizer: opt, scheduler: sched, epoch: 2 })).toEqual(bytes);
  });

  it('a model-only checkpoint loads into a model, and carries epoch and meta (Infinity, NaN and -0 included)', () => {
    const source = smallCnn(1);
    const target = smallCnn(2);
    owned.push(source, target);
    const meta = { bestAccuracy: 0.91, history: [1, 0.5, Infinity, -Infinity, NaN, -0], nested: { note: 'é', ok: true, none: null } };
    const bytes = saveCheckpoint({ model: source, epoch: 12.5, meta });
    const info = loadCheckpoint(bytes, { model: target });
    expect(info).toEqual({ epoch: 12.5, meta });
    expect(Object.is((info.meta!.history as number[])[5], -0)).toBe(true);
    expect(snapshot(target)).toEqual(snapshot(source));
    expect(loadCheckpoint(saveCheckpoint({ model: source }), { model: target })).toEqual({});
  });

  it("keeps ReduceLROnPlateau's Infinity best through the JSON metadata", () => {
    const model = smallCnn(1);
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    owned.push(model, opt);
    const sched = new ReduceLROnPlateau(opt);
    const again = new ReduceLROnPlateau(opt);
    again.best = 3;
    loadCheckpoint(saveCheckpoint({ model, scheduler: sched }), { model, scheduler: again });
    expect(again.best).toBe(Infinity);
  });

  it("loads from a Node Buffer (readFile's), whose slice() shares memory, and from a view into a larger buffer", () => {
    const { model, bytes } = trained();
    const target = smallCnn(9);
    owned.push(target);
    const pooled = Buffer.concat([Buffer.alloc(100, 7), Buffer.from(bytes), Buffer.alloc(50, 3)]).subarray(100, 100 + bytes.length);
    loadCheckpoint(pooled, { model: target });
    expect(snapshot(target)).toEqual(snapshot(model));
    const inner = new Uint8Array(bytes.length + 16);
    inner.set(bytes, 16);
    const other = smallCnn(10);
    owned.push(other);
    loadCheckpoint(inner.subarray(16), { model: other });
    expect(snapshot(other)).toEqual(snapshot(model));
  });

  it('loading leaks no tensor and leaves the checkpoint bytes as they were', () => {
    const { model, opt, sched, bytes } = trained();
    const copy = bytes.slice();
    const before = memory().numTensors;
    loadCheckpoint(bytes, { model, optimizer: opt, scheduler: sched });
    expect(memory().numTensors).toBe(before);
    expect(bytes).toEqual(copy);
  });
});

describe('damaged and mismatched checkpoints are refused with clear errors, before anything is loaded', () => {
  it('a truncated file', () => {
    const { model, bytes } = trained();
    const target = smallCnn(5);
    owned.push(target);
    const weights = snapshot(target);
    expect(errorOf(() => loadCheckpoint(bytes.subarray(0, bytes.length - 9), { model: target }))).toMatch(
      /^loadCheckpoint: not a complete safetensors file \(truncated, or not a checkpoint\?\): readSafetensorsMetadata: .*file truncated\?/,
    );
    expect(errorOf(() => loadCheckpoint(bytes.subarray(0, 20), { model: target }))).toMatch(
      /^loadCheckpoint: not a complete safetensors file/,
    );
    expect(errorOf(() => loadCheckpoint(new Uint8Array(0), { model: target }))).toMatch(/shorter than the 8-byte header length/);
    expect(snapshot(target)).toEqual(weights);
    void model;
  });

  it('a file whose tail was never written (zeros)', () => {
    const { model, bytes } = trained();
    const zeros = bytes.slice();
    zeros.fill(0, bytes.length - 1000);
    expect(errorOf(() => loadCheckpoint(zeros, { model }))).toMatch(
      /^loadCheckpoint: checksum mismatch: the file's CRC-32 is crc32:[0-9a-f]{8} but its header records "crc32:[0-9a-f]{8}" \(the checkpoint was not completely written, or was damaged\)$/,
    );
  });

  it('a flipped bit in the data or in the metadata', () => {
    const { model, bytes } = trained();
    const data = bytes.slice();
    data[data.length - 3] = data[data.length - 3]! ^ 0x10;
    expect(errorOf(() => loadCheckpoint(data, { model }))).toMatch(/^loadCheckpoint: checksum mismatch/);
    const header = bytes.slice();
    const at = new TextDecoder().decode(header).indexOf('\\"epoch\\":2');
    header[at + 10] = '3'.charCodeAt(0);
    expect(readSafetensorsMetadata(header).checkpoint).toContain('"epoch":3');
    expect(errorOf(() => loadCheckpoint(header, { model }))).toMatch(/^loadCheckpoint: checksum mismatch/);
  });

  it('a plain safetensors file', () => {
    const model = new Sequential(new Linear(2, 2, { seed: 1 }));
    owned.push(model);
    const plain = saveSafetensors(model.stateDict());
    expect(errorOf(() => loadCheckpoint(plain, { model }))).toBe(
      'loadCheckpoint: the file is safetensors but not a Stride checkpoint (its metadata format is undefined, expected "stride.checkpoint"); load plain weights with model.loadStateDict(loadSafetensors(bytes))',
    );
  });

  it('a checkpoint of another model gives the model’s own loadStateDict error', () => {
    const { bytes } = trained();
    const other = new Sequential(new Linear(48, 3, { seed: 1 }));
    owned.push(other);
    const source = smallCnn(1);
    owned.push(source);
    const own = errorOf(() => other.loadStateDict(source.stateDict()));
    expect(own).toContain('loadStateDict: error(s) in loading state dict for Sequential');
    expect(errorOf(() => loadCheckpoint(bytes, { model: other }))).toBe(own);
    const narrow = new Sequential(new Linear(2, 2, { seed: 1 }), new Linear(2, 4, { seed: 2 }));
    const wider = new Sequential(new Linear(2, 2, { seed: 1 }), new Linear(2, 5, { seed: 2 }));
    owned.push(narrow, wider);
    expect(errorOf(() => loadCheckpoint(saveCheckpoint({ model: narrow }), { model: wider }))).toBe(
      'loadStateDict: error(s) in loading state dict for Sequential:\n\tsize mismatch for 1.weight: copying a param with shape [4, 2] from checkpoint, the shape in current model is [5, 2].\n\tsize mismatch for 1.bias: copying a param with shape [4] from checkpoint, the shape in current model is [5].',
    );
  });

  it('an optimizer or scheduler the checkpoint has no state for, or of another kind', () => {
    const { model, bytes } = trained();
    const sgd = new SGD(model.parameters(), { lr: 0.1 });
    const adam = new Adam(model.parameters());
    owned.push(sgd, adam);
    expect(errorOf(() => loadCheckpoint(bytes, { model, optimizer: sgd }))).toBe(
      'loadCheckpoint: the checkpoint holds Adam state but the optimizer is SGD (expected the optimizer the checkpoint was saved with)',
    );
    expect(errorOf(() => loadCheckpoint(bytes, { model, scheduler: new CosineAnnealingLR(adam, { tMax: 5 }) }))).toBe(
      "loadCheckpoint: the checkpoint holds a StepLR's state but the scheduler is a CosineAnnealingLR (expected the scheduler the checkpoint was saved with)",
    );
    const modelOnly = saveCheckpoint({ model });
    expect(errorOf(() => loadCheckpoint(modelOnly, { model, optimizer: adam }))).toBe(
      'loadCheckpoint: an optimizer (Adam) was given but the checkpoint holds no optimizer state (it was saved without one)',
    );
    expect(errorOf(() => loadCheckpoint(modelOnly, { model, scheduler: new StepLR(adam, { stepSize: 1 }) }))).toBe(
      'loadCheckpoint: a scheduler (StepLR) was given but the checkpoint holds no scheduler state (it was saved without one)',
    );
  });

  it('an optimizer over other parameters gives the optimizer’s own error', () => {
    const { bytes } = trained();
    const model = smallCnn(1);
    const fewer = new Adam(model.parameters().slice(0, 2));
    owned.push(model, fewer);
    expect(errorOf(() => loadCheckpoint(bytes, { model, optimizer: fewer }))).toBe(
      'Adam.loadStateDict: paramGroups[0] has 4 params in the state dict but 2 in the optimizer (expected equal)',
    );
  });
});

describe('saveCheckpoint refuses what it cannot store', () => {
  it('meta that is not JSON data, an epoch that is not a finite number, a missing model', () => {
    const model = new Sequential(new Linear(2, 2, { seed: 1 }));
    owned.push(model);
    expect(errorOf(() => saveCheckpoint({ model, meta: { callback: () => 1 } as never }))).toBe(
      'saveCheckpoint: state.meta.callback is function (expected JSON data: numbers, strings, booleans, null, arrays and plain objects)',
    );
    const weights = tensor([1], [1]);
    owned.push(weights);
    expect(errorOf(() => saveCheckpoint({ model, meta: { weights } as never }))).toBe(
      'saveCheckpoint: state.meta.weights is a Tensor (expected JSON data: numbers, strings, booleans, null, arrays and plain objects)',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(errorOf(() => saveCheckpoint({ model, meta: cyclic as never }))).toBe(
      'saveCheckpoint: state.meta.self refers back to an object that contains it (expected JSON data: numbers, strings, booleans, null, arrays and plain objects)',
    );
    expect(errorOf(() => saveCheckpoint({ model, epoch: NaN }))).toBe('saveCheckpoint: epoch is NaN (expected a finite number)');
    expect(errorOf(() => saveCheckpoint({} as never))).toBe(
      'saveCheckpoint: model is undefined (expected a Module, or an object with stateDict() and loadStateDict())',
    );
  });

  it('a failed save frees the optimizer state copies it made', () => {
    const model = new Sequential(new Linear(2, 2, { seed: 1 }));
    const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    owned.push(model, opt);
    for (const p of model.parameters()) p.grad = tensor(new Array<number>(p.shape.reduce((a, b) => a * b)).fill(1), [...p.shape]);
    opt.step();
    opt.zeroGrad();
    const before = memory().numTensors;
    expect(() => saveCheckpoint({ model, optimizer: opt, meta: { bad: Symbol('x') } as never })).toThrow('state.meta.bad is symbol');
    expect(memory().numTensors).toBe(before);
  });
});

describe('crc32 and the JSON codec', () => {
  it('crc32 is the IEEE CRC-32 (zlib, PNG, gzip) and continues a running checksum', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32Hex(crc32(bytes))).toBe('cbf43926');
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(crc32(bytes));
    expect(crc32Hex(crc32(new Uint8Array(0)))).toBe('00000000');
  });

  it('round-trips every double bit for bit, and nothing else changes', () => {
    const value = { a: [0.1, 1 / 3, 5e-324, 1.7976931348623157e308, -0, Infinity, -Infinity, NaN], s: 'x', b: false, n: null };
    const back = decodeJson(encodeJson('test', 'value', value)) as typeof value;
    expect(back).toEqual(value);
    expect(Object.is(back.a[4], -0)).toBe(true);
  });
});
