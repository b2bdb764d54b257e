import { expect } from 'vitest';
import { Conv2d, Linear, type Module } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';

/** Sample mean and standard deviation of a tensor's values. */
export function moments(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < values.length; i++) [sum, sq] = [sum + values[i]!, sq + values[i]! ** 2];
  const mean = sum / values.length;
  return { mean, std: Math.sqrt(sq / values.length - mean * mean) };
}

/** A weight's values have mean 0 and standard deviation `std`, within what its sample size allows. */
export function expectDrawnWithStd(label: string, values: ArrayLike<number>, std: number): void {
  const m = moments(values);
  // The sample std of n normal draws is off by about std/√(2n); 6 of those, and 2% for uniform tails.
  const slack = 6 / Math.sqrt(2 * values.length) + 0.02;
  expect(Math.abs(m.mean) / std, `${label}: mean ${m.mean} in units of std ${std}`).toBeLessThan(6 / Math.sqrt(values.length) + 0.01);
  expect(Math.abs(m.std / std - 1), `${label}: sample std ${m.std}, expected ${std}`).toBeLessThan(slack);
}

const allEqual = (values: ArrayLike<number>, v: number) => Array.prototype.every.call(values, (x: number) => x === v);

/**
 * torchvision's init loop (VGG, MobileNetV2, ResNet): convs N(0, 2/fanOut) with zero bias,
 * BatchNorm weight 1 and bias 0, and Linears N(0, linearStd²) with zero bias where given.
 * Layers with fewer than 1,000 weights are left out: their sample std says too little.
 */
export function expectTorchvisionInit(model: Module, linearStd: number | null): void {
  for (const [name, m] of model.namedModules()) {
    if (m instanceof Conv2d) {
      const fanOut = m.weight.shape[0]! * m.kernelSize.reduce((a, b) => a * b, 1);
      if (m.weight.numel() >= 1000) expectDrawnWithStd(`${name}.weight`, m.weight.dataSync(), Math.sqrt(2 / fanOut));
      if (m.bias) expect(allEqual(m.bias.dataSync(), 0), `${name}.bias is zero`).toBe(true);
    } else if (m instanceof BatchNorm2d) {
      expect(allEqual(m.weight!.dataSync(), 1) && allEqual(m.bias!.dataSync(), 0), `${name} is weight 1, bias 0`).toBe(true);
    } else if (m instanceof Linear && linearStd !== null) {
      expectDrawnWithStd(`${name}.weight`, m.weight.dataSync(), linearStd);
      expect(allEqual(m.bias!.dataSync(), 0), `${name}.bias is zero`).toBe(true);
    }
  }
}

/**
 * PyTorch's default for Conv2d and Linear (kaiming_uniform_ with a = √5, and the bias alike):
 * every value in ±1/√fanIn, the weights spread as a uniform of that bound (std bound/√3).
 */
export function expectPyTorchDefaultInit(model: Module): void {
  for (const [name, m] of model.namedModules()) {
    if (!(m instanceof Conv2d || m instanceof Linear)) continue;
    // The bound as float32 holds it: the largest draw may round up to it.
    const bound = Math.fround(1 / Math.sqrt(m.weight.shape.slice(1).reduce((a, b) => a * b, 1)));
    const w = m.weight.dataSync();
    expect(maxAbs(w), `${name}.weight within ±${bound}`).toBeLessThanOrEqual(bound);
    expectDrawnWithStd(`${name}.weight`, w, bound / Math.sqrt(3));
    expect(maxAbs(m.bias!.dataSync()), `${name}.bias within ±${bound}`).toBeLessThanOrEqual(bound);
  }
}

function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  return max;
}
