import type { ScatterMode } from '@stride/core-tensor/backend';
import { linearMain, type Program, type Scalar, type UniformField } from '../gpu/program.js';
import { walkCode, walkUniforms } from './strided.js';

/*
 * Indexing with one thread per output element. Every index is checked against the axis length
 * before it is used: an index out of range reads 0 (gather, index_select) or is skipped
 * (scatter, index_add), so no thread reads or writes outside a tensor. The ops check indices
 * only where they can read them synchronously, which WebGPU cannot.
 */

/**
 * gather: thread i of index's shape reads x at its line's start (walked with x's strides and the
 * axis stride 0, in `w`) plus index[i] steps along the axis.
 */
export function gatherProgram(type: Scalar, rank: number): Program {
  return {
    key: `gather:${type}:${rank}`,
    inputs: [type, 'i32'],
    outputs: [type],
    uniforms: [['n', 'u32'], ['len', 'u32'], ['step', 'u32'], ...walkUniforms('w', rank, 1)],
    main: `${linearMain('u.n')}
  ${walkCode('w', rank, 1, 'i')}
  let j = in1[i];
  var v = ${type}(0);
  if (j >= 0 && u32(j) < u.len) { v = in0[wp0 + u32(j) * u.step]; }
  out0[i] = v;
}`,
  };
}

/**
 * scatter / scatter_add: thread i of x's shape finds its coordinates; inside index's region it
 * scans the index entries of its line along the axis (index and src are dense, one shape) and
 * takes the last match (replace) or adds every match. O(x's size · index's length on the axis).
 */
export function scatterProgram(type: Scalar, rank: number, axis: number, mode: ScatterMode): Program {
  const uniforms: UniformField[] = [
    ['n', 'u32'],
    ['m', 'u32'],
    ['entryStep', 'u32'],
  ];
  const lines: string[] = [];
  for (let d = rank - 1; d >= 0; d--) {
    uniforms.push([`xd${d}`, 'u32'], [`id${d}`, 'u32'], [`is${d}`, 'u32']);
    lines.push(`{ let c = rem % u.xd${d}; rem = rem / u.xd${d};`);
    lines.push(d === axis ? '  place = i32(c); }' : `  inside = inside && c < u.id${d}; base += c * u.is${d}; }`);
  }
  const combine = mode === 'add' ? 'v = v + in2[p];' : 'v = in2[p];';
  return {
    key: `scatter:${type}:${rank}:${axis}:${mode}`,
    inputs: [type, 'i32', type],
    outputs: [type],
    uniforms,
    main: `${linearMain('u.n')}
  var rem = i;
  var base = 0u;
  var place = 0;
  var inside = true;
  ${lines.join('\n  ')}
  var v = in0[i];
  if (inside) {
    for (var k = 0u; k < u.m; k++) {
      let p = base + k * u.entryStep;
      if (in1[p] == place) { ${combine} }
    }
  }
  out0[i] = v;
}`,
  };
}

/** index_select's and index_add's: outputs (threads), x's length on the axis, index's length, the elements after the axis. */
const sliceUniforms: UniformField[] = [
  ['n', 'u32'],
  ['len', 'u32'],
  ['m', 'u32'],
  ['inner', 'u32'],
];

/** index_select: x and the output as [outer, len | m, inner]; thread i copies one element of its selected slice. */
export function indexSelectProgram(type: Scalar): Program {
  return {
    key: `index-select:${type}`,
    inputs: [type, 'i32'],
    outputs: [type],
    uniforms: sliceUniforms,
    main: `${linearMain('u.n')}
  let q = i % u.inner;
  let k = (i / u.inner) % u.m;
  let p = i / (u.inner * u.m);
  let j = in1[k];
  var v = ${type}(0);
  if (j >= 0 && u32(j) < u.len) { v = in0[(p * u.len + u32(j)) * u.inner + q]; }
  out0[i] = v;
}`,
  };
}

/** index_add: thread i of x ([outer, len, inner]) adds every slice of src whose index is its place j. O(x's size · m). */
export function indexAddProgram(type: Scalar): Program {
  return {
    key: `index-add:${type}`,
    inputs: [type, 'i32', type],
    outputs: [type],
    uniforms: sliceUniforms,
    main: `${linearMain('u.n')}
  let q = i % u.inner;
  let j = i32((i / u.inner) % u.len);
  let p = i / (u.inner * u.len);
  var v = in0[i];
  for (var k = 0u; k < u.m; k++) {
    if (in1[k] == j) { v = v + in2[(p * u.m + k) * u.inner + q]; }
  }
  out0[i] = v;
}`,
  };
}
