import type { Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { checkModule, resolveIndex } from './containers.js';

/**
 * Runs its modules in order, as PyTorch's nn.Sequential. The modules are the properties
 * `0`, `1`, …, so state-dict keys (`0.weight`, `3.bias`) match PyTorch's and load by name. A
 * module added twice runs twice (torch walks `_modules`, not the de-duplicated children()).
 */
export class Sequential extends Module {
  [index: number]: Module;

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m) => this.append(m));
  }

  get length(): number {
    return this.#modules().length;
  }

  /** The i-th module; negative i counts from the end. */
  at(i: number): Module {
    return this[resolveIndex('Sequential.at', i, this.length)]!;
  }

  append(m: Module): this {
    checkModule('Sequential', m);
    this[this.length] = m;
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.#modules()[Symbol.iterator]();
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this.#modules()) y = m.forward(y);
    return y;
  }

  #modules(): Module[] {
    return this.childEntries().map(([, m]) => m);
  }
}
