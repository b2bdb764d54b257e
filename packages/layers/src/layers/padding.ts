import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';

type Padding2d = number | readonly [number, number, number, number];

/**
 * The 2-D padding layers' shared body: PyTorch's padding argument, an int for all four sides or
 * (left, right, top, bottom), passed to F.pad with the layer's mode. A negative pad crops.
 */
abstract class Pad2d extends Module {
  /** (left, right, top, bottom), as PyTorch keeps it. */
  readonly padding: [number, number, number, number];

  protected constructor(op: string, padding: Padding2d) {
    super();
    const values = typeof padding === 'number' ? [padding, padding, padding, padding] : Array.isArray(padding) ? [...padding] : null;
    if (values === null || values.length !== 4 || values.some((p) => !Number.isInteger(p))) {
      throw new Error(`${op}: padding must be an integer or 4 integers (left, right, top, bottom) but got ${JSON.stringify(padding)}`);
    }
    this.padding = values as [number, number, number, number];
  }
}

/** nn.ConstantPad2d(padding, value): pads the last two dims with `value`. */
export class ConstantPad2d extends Pad2d {
  constructor(
    padding: Padding2d,
    readonly value: number,
  ) {
    super('ConstantPad2d', padding);
    if (typeof value !== 'number') throw new Error(`ConstantPad2d: value must be a number but got ${String(value)}`);
  }

  forward(x: Tensor): Tensor {
    return F.pad(x, this.padding, { value: this.value });
  }
}

/** nn.ZeroPad2d(padding): pads the last two dims with zeros. */
export class ZeroPad2d extends Pad2d {
  constructor(padding: Padding2d) {
    super('ZeroPad2d', padding);
  }

  forward(x: Tensor): Tensor {
    return F.pad(x, this.padding);
  }
}

/** nn.ReflectionPad2d(padding): mirrors the last two dims about their edges (pads smaller than the dims). */
export class ReflectionPad2d extends Pad2d {
  constructor(padding: Padding2d) {
    super('ReflectionPad2d', padding);
  }

  forward(x: Tensor): Tensor {
    return F.pad(x, this.padding, { mode: 'reflect' });
  }
}

/** nn.ReplicationPad2d(padding): repeats the edge pixels of the last two dims. */
export class ReplicationPad2d extends Pad2d {
  constructor(padding: Padding2d) {
    super('ReplicationPad2d', padding);
  }

  forward(x: Tensor): Tensor {
    return F.pad(x, this.padding, { mode: 'replicate' });
  }
}
