import type { Tensor } from '@stride/core-tensor';
import { calculateFanInAndFanOut } from './fan.js';
import { normalWith, uniformIn, type SeedOptions } from './fill.js';

export interface XavierOptions extends SeedOptions {
  gain?: number;
}

/**
 * torch.nn.init.xavier_uniform_ (Glorot & Bengio 2010): U(−a, a) with
 * a = gain·√(6 / (fanIn + fanOut)).
 */
export function xavierUniform(t: Tensor, opts: XavierOptions = {}): Tensor {
  const std = xavierStd('init.xavierUniform', t, opts.gain ?? 1);
  const a = Math.sqrt(3) * std;
  return uniformIn('init.xavierUniform', t, -a, a, opts);
}

/** torch.nn.init.xavier_normal_: N(0, std²) with std = gain·√(2 / (fanIn + fanOut)). */
export function xavierNormal(t: Tensor, opts: XavierOptions = {}): Tensor {
  return normalWith('init.xavierNormal', t, 0, xavierStd('init.xavierNormal', t, opts.gain ?? 1), opts);
}

function xavierStd(op: string, t: Tensor, gain: number): number {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t, op);
  // torch divides by zero here; an empty tensor has nothing to fill, so any finite std will do.
  return fanIn + fanOut === 0 ? 0 : gain * Math.sqrt(2 / (fanIn + fanOut));
}
