import { linearMain, type Program } from '../gpu/program.js';

/**
 * channelAffine over x [N, C, plane…], one thread per element: x·scale[c] + shift[c] with the
 * operands the key names (`s` scale, `b` shift), then ReLU (NaN kept) where `relu`. The conv's
 * bias + ReLU and eval-mode batch norm + ReLU in one dispatch instead of two or three.
 */
export function channelAffineProgram(scale: boolean, shift: boolean, relu: boolean): Program {
  const inputs = 1 + Number(scale) + Number(shift);
  const shiftIn = scale ? 'in2' : 'in1';
  return {
    key: `channelAffine:${scale ? 's' : ''}${shift ? 'b' : ''}${relu ? 'r' : ''}`,
    inputs: new Array<'f32'>(inputs).fill('f32'),
    outputs: ['f32'],
    uniforms: [
      ['n', 'u32'],
      ['plane', 'u32'],
      ['channels', 'u32'],
    ],
    main: `${linearMain('u.n')}
  let c = (i / u.plane) % u.channels;
  var v = in0[i];
  ${scale ? 'v = v * in1[c];' : ''}
  ${shift ? `v = v + ${shiftIn}[c];` : ''}
  ${relu ? '// NaN passes through relu, as in PyTorch.\n  v = select(v, 0.0, v <= 0.0);' : ''}
  out0[i] = v;
}`,
  };
}
