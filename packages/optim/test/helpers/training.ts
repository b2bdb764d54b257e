import { functional as F, noGrad, randn, tensor, tidy, type Tensor } from '@stride/core-tensor';
import { Conv2d, Flatten, Linear, ReLU, Sequential } from '@stride/layers';

/** A small CNN: conv 1→3 (3×3), ReLU, flatten, linear 3·4·4 → 3 classes, on 6×6 inputs. `seed` fixes its weights. */
export function smallCnn(seed: number): Sequential {
  return new Sequential(new Conv2d(1, 3, 3, { seed }), new ReLU(), new Flatten(), new Linear(3 * 4 * 4, 3, { seed: seed + 1 }));
}

/** Four batches of 5 inputs [5, 1, 6, 6] with their labels, the same on every call. */
export function batches(): { x: Tensor; y: Tensor }[] {
  return [0, 1, 2, 3].map((b) => ({
    x: randn([5, 1, 6, 6], { seed: 100 + b }),
    y: tensor([0, 1, 2, (b + 1) % 3, b % 3], [5], { dtype: 'int32' }),
  }));
}

/** One training step of the canonical form; returns the loss read back as a number. */
export function trainStep(model: Sequential, opt: { zeroGrad(): void; step(): void }, batch: { x: Tensor; y: Tensor }): number {
  const loss = tidy(() => {
    opt.zeroGrad();
    const loss = F.crossEntropy(model.forward(batch.x), batch.y);
    loss.backward();
    opt.step();
    return loss;
  });
  const value = loss.dataSync()[0]!;
  loss.dispose();
  return value;
}

/** The model's parameters and buffers as plain arrays, for bit-exact comparison. */
export function snapshot(model: Sequential): Record<string, number[]> {
  return noGrad(() => Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, Array.from(t.dataSync())])));
}
