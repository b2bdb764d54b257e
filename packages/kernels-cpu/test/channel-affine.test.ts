import { describe, expect, it } from 'vitest';
import { defaultKernels, normalAt, type DataId, type Dense, type OptionalKernels } from '@stride/core-tensor/backend';
import type { DType, Shape } from '@stride/core-tensor';
import { cpu } from '../src/index.js';
import { channelAffineKernels } from '../src/loops/channel-affine.js';
import { simdChannelAffineKernels } from '../src/simd/channel-affine.js';
import { threadPool } from '../src/threads/thread-pool.js';
import { wasmRuntime } from '../src/wasm/runtime.js';

// channelAffine (x·scale + shift per channel, then ReLU): the wasm kernel on one and two threads
// against the typed-array loop, and that against core's mul, add and relu kernels in turn, all to
// the bit, on sizes the wasm kernel takes (planes with a scalar tail included).
type Kernel = Pick<OptionalKernels, 'channelAffine'>;

const b = cpu({ simd: false });
const loop = channelAffineKernels();
const composed = defaultKernels(cpu({ optionalKernels: false }));
const rt = wasmRuntime()!;
const wasmOn = (threads: number): Kernel =>
  simdChannelAffineKernels(rt, threadPool(rt, threads), {
    channelAffine: () => {
      throw new Error('the wasm kernel handed this case to its fallback');
    },
  });

function put(values: ArrayLike<number>, shape: Shape, dtype: DType = 'float32'): Dense {
  return { id: b.write(dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values)), shape, dtype };
}
/** Normal noise with exact zeros, −0, NaN and ±∞ sprinkled in, so relu's rules are exercised. */
function input(shape: Shape, seed: number, dtype: DType = 'float32'): Dense {
  const n = shape.reduce((p, d) => p * d, 1);
  const specials = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  return put(
    Array.from({ length: n }, (_, i) => (i % 97 === 5 ? specials[((i / 97) % specials.length) | 0]! : 3 * normalAt(seed, i))),
    shape,
    dtype,
  );
}
const perChannel = (channels: number, seed: number, dtype: DType = 'float32') =>
  put(
    Array.from({ length: channels }, (_, i) => (i === 1 ? -0 : normalAt(seed, i))),
    [channels],
    dtype,
  );
const bits = (id: DataId) => new Int32Array(Float32Array.from(b.readSync!(id)).buffer);
function expectSameBits(label: string, got: DataId, want: DataId): void {
  const [g, w] = [bits(got), bits(want)];
  const at = g.length === w.length ? g.findIndex((v, i) => v !== w[i]) : 0;
  expect(
    at,
    `${label}: first differing element ${at} is ${new Float32Array(g.buffer)[at]}, expected ${new Float32Array(w.buffer)[at]}`,
  ).toBe(-1);
}

describe('channelAffine on the cpu backend', () => {
  // [N, C, plane]: planes of 1024 (whole vectors), 35 (a scalar tail) and 17·19 (odd, 5-D).
  const shapes: Shape[] = [
    [4, 16, 32, 32],
    [8, 64, 35],
    [5, 7, 17, 19, 2],
  ];
  for (const shape of shapes) {
    for (const relu of [false, true]) {
      for (const [which, hasScale, hasShift] of [
        ['scale and shift', true, true],
        ['shift only (a bias)', false, true],
        ['scale only', true, false],
        ['neither', false, false],
      ] as const) {
        it(`${which}${relu ? ' then ReLU' : ''} on [${shape.join(', ')}]: wasm on 1 and 2 threads = loop = mul, add, relu`, () => {
          const x = input(shape, 3);
          const scale = hasScale ? perChannel(shape[1]!, 5) : null;
          const shift = hasShift ? perChannel(shape[1]!, 7) : null;
          const want = composed.channelAffine(x, scale, shift, relu);
          expectSameBits('loop', loop.channelAffine(x, scale, shift, relu), want);
          expectSameBits('wasm, 1 thread', wasmOn(1).channelAffine(x, scale, shift, relu), want);
          expectSameBits('wasm, 2 threads', wasmOn(2).channelAffine(x, scale, shift, relu), want);
        });
      }
    }
  }
  it('float64 on the loop equals mul, add, relu', () => {
    const x = input([2, 3, 5, 4], 9, 'float64');
    const [scale, shift] = [perChannel(3, 1, 'float64'), perChannel(3, 2, 'float64')];
    expect(Array.from(b.readSync!(loop.channelAffine(x, scale, shift, true)))).toEqual(
      Array.from(b.readSync!(composed.channelAffine(x, scale, shift, true))),
    );
  });
  it('the backend takes the wasm path for a big float32 tensor and the loop for a short plane, with one result each', () => {
    const fast = cpu({ threads: 2 });
    for (const shape of [
      [4, 16, 32, 32],
      [64, 300, 1],
    ] as Shape[]) {
      const x = input(shape, 4);
      const values = Float32Array.from(b.readSync!(x.id));
      const onFast = { id: fast.write(values), shape, dtype: 'float32' as const };
      const shift = perChannel(shape[1]!, 6);
      const fastShift = { ...shift, id: fast.write(Float32Array.from(b.readSync!(shift.id))) };
      const got = new Int32Array(Float32Array.from(fast.readSync!(fast.channelAffine(onFast, null, fastShift, true))).buffer);
      expect(Array.from(got)).toEqual(Array.from(bits(composed.channelAffine(x, null, shift, true))));
    }
  });
});
