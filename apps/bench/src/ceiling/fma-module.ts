// A WebAssembly module of one function, `fma(iterations) -> f32`: a loop of independent f32x4
// multiply-adds on locals only, the most float work a wasm SIMD core does per cycle. Encoded
// here byte by byte (kernels-cpu's encoder is internal to it; this needs a dozen opcodes).

const V128 = 0x7b;
const I32 = 0x7f;
const F32 = 0x7d;
const SIMD = 0xfd;

/** Multiply-adds per loop iteration of each accumulator: amortises the counter's decrement and branch. */
export const UNROLL = 4;

export interface FmaLoop {
  bytes: Uint8Array<ArrayBuffer>;
  accumulators: number;
  fused: boolean;
}

/** FLOPs of one `fma(iterations)` call: two per lane per multiply-add, four lanes. */
export function loopFlops(loop: Pick<FmaLoop, 'accumulators'>, iterations: number): number {
  return iterations * UNROLL * loop.accumulators * 4 * 2;
}

/**
 * `accumulators` independent chains acc = acc·m + a (m just below 1, so values stay normal and
 * finite), each step one f32x4.relaxed_madd when `fused`, else f32x4.mul then f32x4.add. Returns
 * the sum of the accumulators' first lanes so no engine can drop the loop.
 */
export function fmaLoop(accumulators: number, fused: boolean): FmaLoop {
  const [m, a] = [accumulators + 1, accumulators + 2];
  const code: number[] = [];
  const f32x4Splat = (value: number) => code.push(0x43, ...f32Bytes(value), SIMD, 0x13);
  f32x4Splat(0.999);
  code.push(0x21, ...uleb(m));
  f32x4Splat(0.001);
  code.push(0x21, ...uleb(a));
  for (let i = 1; i <= accumulators; i++) {
    f32x4Splat(i / accumulators);
    code.push(0x21, ...uleb(i));
  }
  code.push(0x03, 0x40); // loop
  for (let u = 0; u < UNROLL; u++) {
    for (let i = 1; i <= accumulators; i++) {
      code.push(0x20, ...uleb(i), 0x20, ...uleb(m));
      if (fused) code.push(0x20, ...uleb(a), SIMD, ...uleb(0x105));
      else code.push(SIMD, ...uleb(0xe6), 0x20, ...uleb(a), SIMD, ...uleb(0xe4));
      code.push(0x21, ...uleb(i));
    }
  }
  // iterations -= 1; continue while nonzero
  code.push(0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b);
  code.push(0x20, ...uleb(1), SIMD, 0x1f, 0);
  for (let i = 2; i <= accumulators; i++) code.push(0x20, ...uleb(i), SIMD, 0x1f, 0, 0x92);
  const body = [0x01, ...uleb(accumulators + 2), V128, ...code, 0x0b];
  const section = (id: number, payload: number[]) => [id, ...uleb(payload.length), ...payload];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 1, I32, 1, F32]),
    ...section(3, [1, 0]),
    ...section(7, [1, 3, ...new TextEncoder().encode('fma'), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ];
  return { bytes: new Uint8Array(bytes), accumulators, fused };
}

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

function f32Bytes(value: number): number[] {
  return [...new Uint8Array(Float32Array.of(value).buffer)];
}
