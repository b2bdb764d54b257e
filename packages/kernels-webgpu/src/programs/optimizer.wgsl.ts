import type { AdamUpdate, SgdUpdate } from '@stride/core-tensor/backend';
import { linearMain, type Program } from '../gpu/program.js';

/*
 * One optimizer step on one parameter in one dispatch, in torch.optim's single-tensor order (as
 * core's composition of elementwise kernels runs it): each product and sum a float32 operation,
 * the hyperparameters float32 uniforms as the composition's filled scalars are.
 */

/** The SGD variant a step needs: which of weight decay, momentum (a first step or with a buffer) and Nesterov. */
export interface SgdShape {
  readonly decay: boolean;
  readonly momentum: 'none' | 'first' | 'buffer';
  readonly nesterov: boolean;
}

export const sgdShapeOf = (h: SgdUpdate, hasBuffer: boolean): SgdShape => ({
  decay: h.weightDecay !== 0,
  momentum: h.momentum === 0 ? 'none' : hasBuffer ? 'buffer' : 'first',
  nesterov: h.momentum !== 0 && h.nesterov,
});

/** Inputs param, grad (and the momentum buffer); outputs param (and the buffer, where momentum is on). */
export function sgdProgram(s: SgdShape): Program {
  const withMomentum = s.momentum !== 'none';
  const buffer = s.momentum === 'buffer' ? 'in2[i] * u.momentum + d * u.oneMinusDampening' : 'd';
  return {
    key: `sgd:${s.decay ? 'd' : ''}${s.momentum}${s.nesterov ? ':n' : ''}`,
    inputs: s.momentum === 'buffer' ? ['f32', 'f32', 'f32'] : ['f32', 'f32'],
    outputs: withMomentum ? ['f32', 'f32'] : ['f32'],
    uniforms: [
      ['n', 'u32'],
      ['lr', 'f32'],
      ['momentum', 'f32'],
      ['oneMinusDampening', 'f32'],
      ['weightDecay', 'f32'],
    ],
    main: `${linearMain('u.n')}
  let p = in0[i];
  var d = in1[i];
  ${s.decay ? 'd = d + p * u.weightDecay;' : ''}
  ${withMomentum ? `let b = ${buffer};\n  out1[i] = b;\n  d = ${s.nesterov ? 'd + b * u.momentum' : 'b'};` : ''}
  out0[i] = p - d * u.lr;
}`,
  };
}

export const sgdUniforms = (n: number, h: SgdUpdate): number[] => [n, h.lr, h.momentum, 1 - h.dampening, h.weightDecay];

/** Adam's variant: coupled (Adam) or decoupled (AdamW) weight decay, or none. */
export type AdamDecay = 'none' | 'coupled' | 'decoupled';

export const adamDecayOf = (h: AdamUpdate): AdamDecay => (h.weightDecay === 0 ? 'none' : h.decoupledWeightDecay ? 'decoupled' : 'coupled');

/** Inputs param, grad, expAvg, expAvgSq; outputs param, expAvg, expAvgSq (amsgrad stays with core). */
export function adamProgram(decay: AdamDecay): Program {
  return {
    key: `adam:${decay}`,
    inputs: ['f32', 'f32', 'f32', 'f32'],
    outputs: ['f32', 'f32', 'f32'],
    uniforms: [
      ['n', 'u32'],
      ['beta1', 'f32'],
      ['oneMinusBeta1', 'f32'],
      ['beta2', 'f32'],
      ['oneMinusBeta2', 'f32'],
      ['sqrtBiasCorrection2', 'f32'],
      ['eps', 'f32'],
      ['stepSize', 'f32'],
      ['weightDecay', 'f32'],
      ['shrink', 'f32'],
    ],
    main: `${linearMain('u.n')}
  var p = in0[i];
  var g = in1[i];
  ${decay === 'decoupled' ? 'p = p * u.shrink;' : ''}
  ${decay === 'coupled' ? 'g = g + p * u.weightDecay;' : ''}
  let m = in2[i] * u.beta1 + g * u.oneMinusBeta1;
  let v = in3[i] * u.beta2 + (g * g) * u.oneMinusBeta2;
  let denom = sqrt(v) / u.sqrtBiasCorrection2 + u.eps;
  out0[i] = p - (m / denom) * u.stepSize;
  out1[i] = m;
  out2[i] = v;
}`,
  };
}

export const adamUniforms = (n: number, h: AdamUpdate): number[] => [
  n,
  h.beta1,
  1 - h.beta1,
  h.beta2,
  1 - h.beta2,
  Math.sqrt(1 - h.beta2 ** h.step),
  h.eps,
  h.lr / (1 - h.beta1 ** h.step),
  h.weightDecay,
  1 - h.lr * h.weightDecay,
];

/** ReLU's gradient over dense x and dy of one shape: dy where x > 0, else 0 (NaN x passes none). */
export function reluBackwardProgram(): Program {
  return {
    key: 'relu-backward',
    inputs: ['f32', 'f32'],
    outputs: ['f32'],
    uniforms: [['n', 'u32']],
    main: `${linearMain('u.n')}
  out0[i] = select(0.0, in1[i], in0[i] > 0.0);
}`,
  };
}
