import { describe, expect, it } from 'vitest';
import { CostModel } from '../src/measure/predict.js';

describe('CostModel', () => {
  it('predicts a larger case from the time per FLOP of a smaller one of the same family', () => {
    const m = new CostModel();
    m.record('tfjs-cpu', [{ family: 'conv-backwardWeight', flops: 1e8 }], 2000);
    expect(m.predict('tfjs-cpu', [{ family: 'conv-backwardWeight', flops: 5e8 }])).toBe(10000);
  });
  it('adds the parts of a mixed case (a model step) it has rates for', () => {
    const m = new CostModel();
    m.record('e', [{ family: 'conv-forward', flops: 100 }], 1);
    m.record('e', [{ family: 'conv-backwardWeight', flops: 100 }], 10);
    expect(
      m.predict('e', [
        { family: 'conv-forward', flops: 200 },
        { family: 'conv-backwardWeight', flops: 300 },
        { family: 'conv-backwardInput', flops: 1e9 },
      ]),
    ).toBe(32);
  });
  it('knows nothing of other engines or families', () => {
    const m = new CostModel();
    m.record('a', [{ family: 'matmul', flops: 100 }], 1);
    expect(m.predict('b', [{ family: 'matmul', flops: 100 }])).toBeNull();
    expect(m.predict('a', [{ family: 'conv-forward', flops: 100 }])).toBeNull();
  });
});
