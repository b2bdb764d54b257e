import type { ArgReduceOp, ReduceOp } from '@stride/core-tensor/backend';
import { linearMain, WORKGROUP, type Program, type Scalar } from '../gpu/program.js';
import { MATH_WGSL } from './math.wgsl.js';
import { walkCode, walkUniforms } from './strided.js';

interface Fold {
  init: string;
  step: (acc: string, v: string) => string;
}

function fold(op: ReduceOp, type: Scalar): Fold {
  const float = type === 'f32';
  switch (op) {
    case 'sum':
      return { init: `${type}(0)`, step: (a, v) => `${a} + ${v}` };
    case 'prod':
      return { init: `${type}(1)`, step: (a, v) => `${a} * ${v}` };
    case 'max':
      return float
        ? { init: '-inf_f32()', step: (a, v) => `max_nan(${a}, ${v})` }
        : { init: 'bitcast<i32>(0x80000000u)', step: (a, v) => `max(${a}, ${v})` };
    case 'min':
      return float
        ? { init: 'inf_f32()', step: (a, v) => `min_nan(${a}, ${v})` }
        : { init: '0x7fffffff', step: (a, v) => `min(${a}, ${v})` };
  }
}

/** Uniforms shared by both reduction layouts: outputs, reduced count, then the two walks. */
const reduceUniforms = (keptRank: number, foldRank: number) =>
  [['n', 'u32'], ['inner', 'u32'], ...walkUniforms('k', keptRank, 1), ...walkUniforms('r', foldRank, 1)] as const;

/**
 * One thread per output, folding its `inner` elements in order: for many outputs, or few
 * elements each. The kept dims walk to the line's start `kp0`, the folded dims to `rp0`.
 */
export function reduceRowsProgram(op: ReduceOp, type: Scalar, keptRank: number, foldRank: number): Program {
  const f = fold(op, type);
  return {
    key: `reduce-rows:${op}:${type}:${keptRank}:${foldRank}`,
    inputs: [type],
    outputs: [type],
    uniforms: reduceUniforms(keptRank, foldRank),
    main: `${MATH_WGSL}
${linearMain('u.n')}
  ${walkCode('k', keptRank, 1, 'i')}
  var acc: ${type} = ${f.init};
  for (var j = 0u; j < u.inner; j++) {
    ${walkCode('r', foldRank, 1, 'j')}
    acc = ${f.step('acc', 'in0[kp0 + rp0]')};
  }
  out0[i] = acc;
}`,
  };
}

/**
 * One workgroup per output: each thread folds a strided share, then a tree in workgroup
 * memory folds the shares, which also keeps float sums accurate (pairwise, not serial).
 */
export function reduceTreeProgram(op: ReduceOp, type: Scalar, keptRank: number, foldRank: number): Program {
  const f = fold(op, type);
  return {
    key: `reduce-tree:${op}:${type}:${keptRank}:${foldRank}`,
    inputs: [type],
    outputs: [type],
    uniforms: reduceUniforms(keptRank, foldRank),
    main: `${MATH_WGSL}
var<workgroup> part: array<${type}, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = wg.y * nwg.x + wg.x;
  if (o >= u.n) { return; }
  ${walkCode('k', keptRank, 1, 'o')}
  var acc: ${type} = ${f.init};
  for (var j = lid; j < u.inner; j += ${WORKGROUP}u) {
    ${walkCode('r', foldRank, 1, 'j')}
    acc = ${f.step('acc', 'in0[kp0 + rp0]')};
  }
  part[lid] = acc;
  workgroupBarrier();
  for (var s = ${WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { part[lid] = ${f.step('part[lid]', 'part[lid + s]')}; }
    workgroupBarrier();
  }
  if (lid == 0u) { out0[o] = part[0]; }
}`,
  };
}

/** Index of the first extreme along one axis; for floats the first NaN wins, as in PyTorch. */
export function argReduceProgram(op: ArgReduceOp, type: Scalar, keptRank: number): Program {
  const better = op === 'argmax' ? '>' : '<';
  const nanCheck = type === 'f32';
  return {
    key: `argreduce:${op}:${type}:${keptRank}`,
    inputs: [type],
    outputs: ['i32'],
    uniforms: [['n', 'u32'], ['len', 'u32'], ['stride', 'i32'], ...walkUniforms('k', keptRank, 1)],
    main: `${MATH_WGSL}
${linearMain('u.n')}
  ${walkCode('k', keptRank, 1, 'i')}
  var index = 0u;
  if (u.len > 0u) {
    var best = in0[kp0];
    if (${nanCheck ? '!is_nan(best)' : 'true'}) {
      for (var j = 1u; j < u.len; j++) {
        let v = in0[u32(i32(kp0) + i32(j) * u.stride)];
        ${nanCheck ? 'if (is_nan(v)) { index = j; break; }' : ''}
        if (v ${better} best) { best = v; index = j; }
      }
    }
  }
  out0[i] = i32(index);
}`,
  };
}
