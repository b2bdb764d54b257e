// onnxruntime-node and onnxruntime-web as inference peers: they run the models export_onnx.py
// writes with Debian's torch, and compute what PyTorch computes. Where torch is missing the
// registry must say so and leave their rows unavailable, never fail.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelName } from '../src/cases/shapes.js';
import { unsupportedReason } from '../src/engines/engine.js';
import { ONNX_MODELS, onnxCheckPath, onnxModel } from '../src/engines/onnx/export.js';
import { loadOrt, type OrtFlavour } from '../src/engines/onnx/load.js';
import { onnxSlot } from '../src/engines/registry.js';
import { findTorch } from '../src/pytorch/python.js';

const FLAVOURS: OrtFlavour[] = ['node', 'web'];

interface Check {
  input: { shape: number[]; data: number[] };
  logits: { shape: number[]; data: number[] };
}

describe('onnxruntime peers', () => {
  afterEach(() => {
    delete process.env.STRIDE_BENCH_PYTHON;
  });

  it('compute what PyTorch computes on every exported model, or are unavailable without torch', async () => {
    const torch = await findTorch();
    if ('reason' in torch) {
      // No torch here: nothing can be exported, and the columns say why.
      for (const flavour of FLAVOURS) expect((await onnxSlot(flavour, 1)).reason).toContain(torch.reason);
      return;
    }
    for (const model of ONNX_MODELS) {
      const path = await onnxModel(model);
      const check = JSON.parse(readFileSync(onnxCheckPath(model), 'utf8')) as Check;
      for (const flavour of FLAVOURS) {
        const ort = await loadOrt(flavour, 1);
        const session = await ort.InferenceSession.create(path);
        const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from(check.input.data), check.input.shape) });
        const logits = out.logits!;
        expect(logits.dims, `${model} on ${flavour}`).toEqual(check.logits.shape);
        const scale = Math.max(...check.logits.data.map(Math.abs));
        const worst = Math.max(...Array.from(logits.data as Float32Array, (v, i) => Math.abs(v - check.logits.data[i]!)));
        expect(worst / scale, `${model} on ${flavour}: worst error over the largest logit`).toBeLessThan(1e-4);
        await session.release();
      }
    }
  }, 300_000);

  it('time the inference rows through the engine and report every other row as unsupported', async () => {
    const torch = await findTorch();
    for (const flavour of FLAVOURS) {
      const slot = await onnxSlot(flavour, 1);
      if ('reason' in torch) {
        expect(slot.engine).toBeNull();
        continue;
      }
      const engine = slot.engine!;
      const cases: [ModelName, number | undefined][] = [
        ['lenet5', undefined],
        ['resnet20', undefined],
        ['resnet18', 32],
        ['mobilenetV2', 32],
      ];
      for (const [model, imageSize] of cases) {
        const w = await engine.model({ model, mode: 'infer', batch: 2, ...(imageSize ? { imageSize } : {}) });
        let probed = 0;
        await w.run((extra = 0) => (probed = Math.max(probed, extra)));
        w.dispose();
        expect(probed, `${engine.id} ${model}: the input batch's bytes`).toBeGreaterThan(0);
      }
      for (const make of [() => engine.model({ model: 'lenet5', mode: 'train', batch: 2 }), () => engine.matmul(8)]) {
        const error = await make().then(
          () => null,
          (e: unknown) => e,
        );
        expect(unsupportedReason(engine.id, error)).toBe(`${engine.id} runs exported models for inference: no op or training rows`);
      }
    }
  }, 300_000);

  it('are unavailable, naming the missing Python, where there is no torch to export the models', async () => {
    process.env.STRIDE_BENCH_PYTHON = '/nonexistent/python3';
    for (const flavour of FLAVOURS) {
      const slot = await onnxSlot(flavour, 1);
      expect(slot.engine).toBeNull();
      expect(slot.reason).toBe(
        "exporting the models to ONNX needs Debian's PyTorch: no /nonexistent/python3 (Debian's python3-torch is not installed)",
      );
    }
  });
});
