import { linearMain, WORKGROUP, type Program } from '../gpu/program.js';

/*
 * Training-mode batch norm over x [N, C, plane…] in two dispatches each way instead of the ten or
 * so core's composition takes. The statistics and the gradient sums run one workgroup per
 * channel: each thread sums a strided share of the channel's N·plane elements, then a tree in
 * workgroup memory adds the shares (pairwise, which keeps float32 sums accurate). The
 * elementwise passes run one thread per element. With `relu`, the forward rectifies its output
 * and the backward reads that output to pass dy only where it is positive.
 */

const channelUniforms = [
  ['channels', 'u32'],
  ['batch', 'u32'],
  ['plane', 'u32'],
] as const;

/** A channel's elements: `j` counts N·plane, `o` is the channel. */
const ELEMENT = 'let at = ((j / u.plane) * u.channels + o) * u.plane + j % u.plane;';

/** Sums `term` (an expression of `at`) over channel `o` into `total` (every thread gets it). */
function channelSum(total: string, term: string): string {
  return `{
    var acc = 0.0;
    for (var j = lid; j < count; j += ${WORKGROUP}u) {
      ${ELEMENT}
      acc += ${term};
    }
    part[lid] = acc;
    workgroupBarrier();
    for (var s = ${WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
      if (lid < s) { part[lid] = part[lid] + part[lid + s]; }
      workgroupBarrier();
    }
    ${total} = part[0];
    workgroupBarrier();
  }`;
}

const channelHead = `var<workgroup> part: array<f32, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = wg.y * nwg.x + wg.x;
  if (o >= u.channels) { return; }
  let count = u.batch * u.plane;`;

/** mean, biased variance and 1/√(variance + eps) per channel: outputs [C] each. */
export function batchNormStatsProgram(): Program {
  return {
    key: 'batchnorm-stats',
    inputs: ['f32'],
    outputs: ['f32', 'f32', 'f32'],
    uniforms: [...channelUniforms, ['eps', 'f32']],
    main: `${channelHead}
  var total = 0.0;
  ${channelSum('total', 'in0[at]')}
  let mean = total / f32(count);
  var squares = 0.0;
  ${channelSum('squares', '(in0[at] - mean) * (in0[at] - mean)')}
  let variance = squares / f32(count);
  if (lid == 0u) {
    out0[o] = mean;
    out1[o] = variance;
    out2[o] = 1.0 / sqrt(variance + u.eps);
  }
}`,
  };
}

/** out = (x − mean)·(weight·invStd) + bias (weight 1, bias 0 where absent), then ReLU where `relu`. */
export function batchNormApplyProgram(weight: boolean, bias: boolean, relu: boolean): Program {
  const w = weight ? ' * in3[c]' : '';
  const b = bias ? ` + in${weight ? 4 : 3}[c]` : '';
  return {
    key: `batchnorm-apply:${weight ? 'w' : ''}${bias ? 'b' : ''}${relu ? 'r' : ''}`,
    inputs: new Array<'f32'>(3 + Number(weight) + Number(bias)).fill('f32'),
    outputs: ['f32'],
    uniforms: [['n', 'u32'], ...channelUniforms],
    main: `${linearMain('u.n')}
  let c = (i / u.plane) % u.channels;
  var v = (in0[i] - in1[c]) * (in2[c]${w})${b};
  ${relu ? '// NaN passes through relu, as in PyTorch.\n  v = select(v, 0.0, v <= 0.0);' : ''}
  out0[i] = v;
}`,
  };
}

/** dy, or with `relu` dy where the forward's output (the last input) is positive. */
const gradAt = (relu: boolean, outInput: string) => (relu ? `select(0.0, in1[at], ${outInput}[at] > 0.0)` : 'in1[at]');

/**
 * Per channel dweight = Σdy·(x − mean)·invStd and dbias = Σdy, and for the dx pass `coef` [2C]:
 * dbias/n and dweight/n. Inputs x, dy, mean, invStd (and the forward's output with `relu`);
 * eight bindings at most, the default per-stage limit.
 */
export function batchNormGradSumsProgram(relu: boolean): Program {
  const dy = gradAt(relu, 'in4');
  return {
    key: `batchnorm-grad-sums:${relu ? 'r' : ''}`,
    inputs: new Array<'f32'>(relu ? 5 : 4).fill('f32'),
    outputs: ['f32', 'f32', 'f32'],
    uniforms: channelUniforms,
    main: `${channelHead}
  let mean = in2[o];
  var dbias = 0.0;
  ${channelSum('dbias', dy)}
  var dot = 0.0;
  ${channelSum('dot', `${dy} * (in0[at] - mean)`)}
  if (lid == 0u) {
    let dweight = dot * in3[o];
    out0[o] = dweight;
    out1[o] = dbias;
    out2[o] = dbias / f32(count);
    out2[u.channels + o] = dweight / f32(count);
  }
}`,
  };
}

/**
 * dx = ((dy − dbias/n) − x̂·dweight/n)·(weight·invStd), x̂ = (x − mean)·invStd. Inputs x, dy, mean,
 * invStd, the sums' coef, then weight where given, then the forward's output with `relu`.
 */
export function batchNormGradApplyProgram(weight: boolean, relu: boolean): Program {
  const dy = gradAt(relu, `in${weight ? 6 : 5}`).replaceAll('[at]', '[i]');
  return {
    key: `batchnorm-grad-apply:${weight ? 'w' : ''}${relu ? 'r' : ''}`,
    inputs: new Array<'f32'>(5 + Number(weight) + Number(relu)).fill('f32'),
    outputs: ['f32'],
    uniforms: [['n', 'u32'], ...channelUniforms],
    main: `${linearMain('u.n')}
  let c = (i / u.plane) % u.channels;
  let xhat = (in0[i] - in2[c]) * in3[c];
  let residual = (${dy} - in4[c]) - xhat * in4[u.channels + c];
  out0[i] = residual * (in3[c]${weight ? ' * in5[c]' : ''});
}`,
  };
}
