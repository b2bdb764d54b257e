import type { Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';

/**
 * Runs its modules in order, as PyTorch's nn.Sequential. The modules are the properties
 * `0`, `1`, …, so state-dict keys (`0.weight`, `3.bias`) match PyTorch's and load by name.
 */
export class Sequential extends Module {
  [index: number]: Module;

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m) => this.append(m));
  }

  get length(): number {
    return this.children().length;
  }

  /** The i-th module; negative i counts from the end. */
  at(i: number): Module {
    const n = this.length;
    const m = this[i < 0 ? i + n : i];
    if (!m) throw new Error(`Sequential.at: index ${i} is out of range for ${n} modules`);
    return m;
  }

  append(m: Module): this {
    if (!(m instanceof Module)) throw new Error(`Sequential: expected a Module but got ${String(m)}`);
    this[this.length] = m;
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this.children()) y = m.forward(y);
    return y;
  }
}
