import { linearMain, type Program, type Scalar, type UniformField } from '../gpu/program.js';

/** Constant padding of a dense tensor; negative pads crop. Per dim: out size, in size, pad before, in stride. */
export function padProgram(type: Scalar, rank: number): Program {
  const uniforms: UniformField[] = [
    ['n', 'u32'],
    ['value', type],
  ];
  for (let d = 0; d < rank; d++) uniforms.push([`od${d}`, 'u32'], [`id${d}`, 'i32'], [`pb${d}`, 'i32'], [`is${d}`, 'i32']);
  const lines: string[] = [];
  for (let d = rank - 1; d >= 0; d--) {
    lines.push(`{ let s = i32(rem % u.od${d}) - u.pb${d}; rem = rem / u.od${d};`);
    lines.push(`  inside = inside && s >= 0 && s < u.id${d}; src += s * u.is${d}; }`);
  }
  return {
    key: `pad:${type}:${rank}`,
    inputs: [type],
    outputs: [type],
    uniforms,
    main: `${linearMain('u.n')}
  var rem = i;
  var src = 0;
  var inside = true;
  ${lines.join('\n  ')}
  if (inside) { out0[i] = in0[u32(src)]; } else { out0[i] = u.value; }
}`,
  };
}

/** Copies one dense input into its slab of a concatenation: `chunk` elements per outer index. */
export function concatProgram(type: Scalar): Program {
  return {
    key: `concat:${type}`,
    inputs: [type],
    outputs: [type],
    uniforms: [
      ['n', 'u32'],
      ['chunk', 'u32'],
      ['outChunk', 'u32'],
      ['at', 'u32'],
    ],
    main: `${linearMain('u.n')}
  out0[(i / u.chunk) * u.outChunk + u.at + i % u.chunk] = in0[i];
}`,
  };
}
