import type { Tensor } from '@stride/core-tensor';
import { correctFan, type FanMode } from './fan.js';
import { checkFloat, normalWith, uniformIn, type SeedOptions } from './fill.js';
import { calculateGain, type Nonlinearity } from './gain.js';

export interface KaimingOptions extends SeedOptions {
  /** The negative slope of the rectifier after this layer (used with 'leaky_relu' only). Default 0. */
  a?: number;
  /** 'fan_in' (default) keeps the forward pass's variance, 'fan_out' the backward pass's. */
  mode?: FanMode;
  /** Default 'leaky_relu', as torch. */
  nonlinearity?: Nonlinearity;
}

/**
 * torch.nn.init.kaiming_uniform_ (He et al. 2015): U(−bound, bound) with
 * bound = gain·√(3 / fan), gain = calculateGain(nonlinearity, a).
 */
export function kaimingUniform(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const op = 'init.kaimingUniform';
  const std = kaimingStd(op, t, opts);
  if (std === null) return t;
  const bound = Math.sqrt(3) * std;
  return uniformIn(op, t, -bound, bound, opts);
}

/** torch.nn.init.kaiming_normal_: N(0, std²) with std = gain / √fan. */
export function kaimingNormal(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const op = 'init.kaimingNormal';
  const std = kaimingStd(op, t, opts);
  return std === null ? t : normalWith(op, t, 0, std, opts);
}

/** null for an empty tensor, which torch leaves as it is before looking at its fans. */
function kaimingStd(op: string, t: Tensor, opts: KaimingOptions): number | null {
  checkFloat(op, t);
  if (t.shape.includes(0)) return null;
  const fan = correctFan(op, t, opts.mode ?? 'fan_in');
  const gain = calculateGain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0);
  return gain / Math.sqrt(fan);
}
