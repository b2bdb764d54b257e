import { describe, expect, it } from 'vitest';
import { memory, setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { expectClose, makeOptimizer, makeParams, optimizerFixtures, setGrads } from './helpers/fixtures.js';

setBackend(cpu());

// Each case replays PyTorch's gradients and checks the parameters after every step against
// torch.optim in float64 (scripts/gen_fixtures.py); the case's note says what it pins down.
describe('optimizer trajectories match torch.optim step for step', () => {
  for (const c of optimizerFixtures.cases) {
    it(`${c.name}: ${c.note}`, () => {
      const before = memory().numTensors;
      const params = makeParams(c);
      const opt = makeOptimizer(c, params);
      c.grads.forEach((grads, step) => {
        setGrads(params, grads);
        opt.step();
        params.forEach((p, i) => expectClose(`${c.name} step ${step + 1} param ${i}`, p.dataSync(), c.trajectory[step]![i]!));
      });
      opt.dispose();
      for (const p of params) p.dispose();
      expect(memory().numTensors).toBe(before);
    });
  }
});
