import { sleb, uleb } from './encoding.js';

/** Value types of the functions we emit. */
export const I32 = 0x7f;
export const V128 = 0x7b;
export const F32 = 0x7d;
export const F64 = 0x7c;
export type ValueType = typeof I32 | typeof V128 | typeof F32 | typeof F64;

const SIMD = 0xfd;

/**
 * A function body written instruction by instruction. Only the instructions our kernels use are
 * here; each method appends its encoding, so kernel generators read like the wasm text format.
 */
export class Code {
  readonly bytes: number[] = [];

  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  private simd(opcode: number, ...immediates: number[]): this {
    return this.op(SIMD, ...uleb(opcode), ...immediates);
  }

  // control
  block(body: (c: this) => void): this {
    this.op(0x02, 0x40);
    body(this);
    return this.op(0x0b);
  }
  loop(body: (c: this) => void): this {
    this.op(0x03, 0x40);
    body(this);
    return this.op(0x0b);
  }
  /** `if` without a result; `otherwise` becomes the else arm. */
  if(then: (c: this) => void, otherwise?: (c: this) => void): this {
    this.op(0x04, 0x40);
    then(this);
    if (otherwise) {
      this.op(0x05);
      otherwise(this);
    }
    return this.op(0x0b);
  }
  /**
   * `for (i = start; i < end; i += step)` over signed i32 locals, entered only when start < end.
   * `start` and `end` are pushed by the callbacks, `end` is re-evaluated on every test.
   */
  forRange(i: number, start: (c: this) => void, end: (c: this) => void, step: number, body: (c: this) => void): this {
    start(this);
    this.set(i);
    return this.block((outer) => {
      outer.get(i);
      end(outer);
      outer
        .i32GeS()
        .brIf(0)
        .loop((l) => {
          body(l);
          l.get(i).i32(step).i32Add().tee(i);
          end(l);
          l.i32LtS().brIf(0);
        });
    });
  }
  call(index: number): this {
    return this.op(0x10, ...uleb(index));
  }
  /** Picks the first of two values when the i32 on top is nonzero. */
  select(): this {
    return this.op(0x1b);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }

  // locals and integers
  get(local: number): this {
    return this.op(0x20, ...uleb(local));
  }
  set(local: number): this {
    return this.op(0x21, ...uleb(local));
  }
  tee(local: number): this {
    return this.op(0x22, ...uleb(local));
  }
  i32(value: number): this {
    return this.op(0x41, ...sleb(value));
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  i32DivU(): this {
    return this.op(0x6e);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32Eq(): this {
    return this.op(0x46);
  }
  i32Ne(): this {
    return this.op(0x47);
  }
  i32Or(): this {
    return this.op(0x72);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32ShrS(): this {
    return this.op(0x75);
  }
  /** Pushes the smaller of two signed i32s, by way of two scratch locals. */
  i32MinS(x: number, y: number): this {
    return this.set(y).tee(x).get(y).get(x).get(y).i32LtS().select();
  }
  i32MaxS(x: number, y: number): this {
    return this.set(y).tee(x).get(y).get(x).get(y).i32GtS().select();
  }
  i32Eqz(): this {
    return this.op(0x45);
  }

  // memory; `offset` is a constant byte offset folded into the address
  f32Load(offset = 0): this {
    return this.op(0x2a, 2, ...uleb(offset));
  }
  f32Store(offset = 0): this {
    return this.op(0x38, 2, ...uleb(offset));
  }
  i32Load(offset = 0): this {
    return this.op(0x28, 2, ...uleb(offset));
  }
  f32Zero(): this {
    return this.op(0x43, 0, 0, 0, 0);
  }
  f32Gt(): this {
    return this.op(0x5e);
  }
  f32Eq(): this {
    return this.op(0x5b);
  }
  f32Ne(): this {
    return this.op(0x5c);
  }
  i32Store(offset = 0): this {
    return this.op(0x36, 2, ...uleb(offset));
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f32Sub(): this {
    return this.op(0x93);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  f32Div(): this {
    return this.op(0x95);
  }
  f64Load(offset = 0): this {
    return this.op(0x2b, 3, ...uleb(offset));
  }

  // f64 scalars: batch norm's statistics are accumulated and finished in double
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  f64Div(): this {
    return this.op(0xa3);
  }
  f64Sqrt(): this {
    return this.op(0x9f);
  }
  f64PromoteF32(): this {
    return this.op(0xbb);
  }
  f32DemoteF64(): this {
    return this.op(0xb6);
  }
  f64ConvertI32S(): this {
    return this.op(0xb7);
  }
  f64Const(value: number): this {
    return this.op(0x44, ...new Uint8Array(Float64Array.of(value).buffer));
  }
  v128Load(offset = 0): this {
    return this.simd(0x00, 4, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, 4, ...uleb(offset));
  }
  /** Loads one f32 and repeats it in all four lanes. */
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09, 2, ...uleb(offset));
  }

  // f32x4 arithmetic
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  /** Lane-wise square root, correctly rounded. */
  f32x4Sqrt(): this {
    return this.simd(0xe3);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  f32x4Gt(): this {
    return this.simd(0x44);
  }
  f32x4Ne(): this {
    return this.simd(0x42);
  }
  f32x4Eq(): this {
    return this.simd(0x41);
  }
  /** Lanes 0 and 1 of an f32x4 as an f64x2. */
  f64x2PromoteLowF32x4(): this {
    return this.simd(0x5f);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2ExtractLane(lane: 0 | 1): this {
    return this.simd(0x21, lane);
  }
  /** Bits of the first operand where the mask (on top) is set, else of the second. */
  v128Bitselect(): this {
    return this.simd(0x52);
  }
  i32x4Splat(): this {
    return this.simd(0x11);
  }
  i32x4Add(): this {
    return this.simd(0xae);
  }
  /** Lane-wise unsigned a < b, as all-ones or zero lanes. */
  i32x4LtU(): this {
    return this.simd(0x3a);
  }
  /** A constant of four i32 lanes. */
  i32x4Const(lanes: readonly [number, number, number, number]): this {
    return this.simd(0x0c, ...new Uint8Array(Int32Array.from(lanes).buffer));
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  /** The i32 on top as the bits of an f32 (how float parameters reach our all-i32 signatures). */
  f32ReinterpretI32(): this {
    return this.op(0xbe);
  }
  /** a·b + c in one rounding where the hardware fuses it (relaxed SIMD). */
  f32x4RelaxedMadd(): this {
    return this.simd(0x105);
  }
  /** memory.fill(dest, byte, length) of the bulk-memory proposal. */
  memoryFill(): this {
    return this.op(0xfc, ...uleb(11), 0x00);
  }
  /** memory.copy(dest, src, length). */
  memoryCopy(): this {
    return this.op(0xfc, ...uleb(10), 0x00, 0x00);
  }
  /** i8x16.shuffle picking 32-bit lanes: 0–3 from the first operand, 4–7 from the second. */
  f32x4Shuffle(lanes: readonly [number, number, number, number]): this {
    return this.simd(0x0d, ...lanes.flatMap((lane) => [4 * lane, 4 * lane + 1, 4 * lane + 2, 4 * lane + 3]));
  }
  /** A constant of four equal f32 lanes. */
  f32x4Const(value: number): this {
    return this.simd(0x0c, ...new Uint8Array(Float32Array.of(value, value, value, value).buffer));
  }
  /** Stores 32-bit lane `lane` of the vector on top at the address below it. */
  v128Store32Lane(lane: number, offset = 0): this {
    return this.simd(0x5a, 2, ...uleb(offset), lane);
  }
  /** Stores 64-bit lane `lane` (two f32 lanes) of the vector on top at the address below it. */
  v128Store64Lane(lane: number, offset = 0): this {
    return this.simd(0x5b, 3, ...uleb(offset), lane);
  }
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
}
