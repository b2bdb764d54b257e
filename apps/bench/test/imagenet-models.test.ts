import { describe, expect, it } from 'vitest';
import { setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { summaryTable, type Module } from '@stride/layers';
import { mobilenetV2, resnet18 } from '@stride/zoo';
import { benchCases } from '../src/cases/catalog.js';
import { IMAGENET_SIZE, mobilenetV2Macs, resnet18Macs } from '../src/cases/imagenet-shapes.js';
import { modelFlops } from '../src/cases/shapes.js';
import * as tfModels from '../src/engines/tfjs/imagenet-models.js';
import { loadTfjs } from '../src/engines/tfjs/load.js';
import { PROFILES } from '../src/profiles.js';

const MODELS = [
  ['resnet18', resnet18, resnet18Macs, tfModels.resnet18],
  ['mobilenetV2', mobilenetV2, mobilenetV2Macs, tfModels.mobilenetV2],
] as const;

const total = (xs: readonly { macs: number }[]) => xs.reduce((n, l) => n + l.macs, 0);
const paramCount = (m: Module) => m.parameters().reduce((n, p) => n + p.numel(), 0);

describe.each(MODELS)('the %s inference row', (name, build, macs, tfNet) => {
  it("counts the multiply-adds summary() counts for the zoo's model at 224²", () => {
    setBackend(cpu());
    const model = build();
    try {
      expect(total(macs(IMAGENET_SIZE))).toBe(summaryTable(model.eval(), [3, IMAGENET_SIZE, IMAGENET_SIZE]).totalMacs);
    } finally {
      model.dispose();
    }
  }, 60_000);

  it("runs the zoo's model against a tfjs network of the same layers: as many weights", async () => {
    setBackend(cpu());
    const model = build();
    const net = tfNet(await loadTfjs('cpu'));
    try {
      expect(net.vars.reduce((n, v) => n + v.size, 0)).toBe(paramCount(model));
    } finally {
      net.dispose();
      model.dispose();
    }
  });

  it('is in every profile but micro at batch 8, 3×224², inference only, after resnet20 (whose rate predicts it)', () => {
    for (const profile of [PROFILES.quick, PROFILES.full]) {
      const cases = benchCases(profile);
      const row = cases.find((c) => c.id === `${name}-infer`)!;
      expect([row.shape, row.images]).toEqual(['batch 8, 3×224²', 8]);
      expect(row.flops).toBe(modelFlops({ model: name, mode: 'infer', batch: 8 }));
      expect(row.cost).toEqual([{ family: 'conv-forward', flops: row.flops }]);
      expect(cases.findIndex((c) => c.id === 'resnet20-infer')).toBeLessThan(cases.indexOf(row));
      expect(cases.some((c) => c.id === `${name}-train`)).toBe(false);
    }
    expect(benchCases(PROFILES.micro).some((c) => c.id === `${name}-infer`)).toBe(false);
  });
});
