import type { Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { checkModule, resolveIndex } from './containers.js';
import { ReLU } from './activations.js';
import { ConvNd } from './conv.js';
import { foldsIntoConv } from './fold-into-conv.js';
import { Identity } from './identity.js';

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

  /**
   * Fuses its children, then each run of convolution, batch norm (folded, where it can be) and
   * ReLU (run in the convolution's bias pass) into one convolution, the others' slots becoming
   * Identity so indices and the remaining state-dict keys are unchanged; the replaced convolution
   * and norm are disposed. A module that occurs in more than one slot is left as it is: changing
   * it would change its other uses.
   */
  override fuse(): this {
    super.fuse();
    const modules = this.#modules();
    const once = (m: Module | undefined) => m !== undefined && modules.indexOf(m) === modules.lastIndexOf(m);
    for (let i = 0; i < modules.length; i++) {
      const first = modules[i];
      if (!(first instanceof ConvNd) || !once(first)) continue;
      let conv = first;
      let next = i + 1;
      const norm = modules[next];
      const folded = foldsIntoConv(norm) && once(norm) ? norm.foldInto(conv) : null;
      if (folded) {
        conv = folded;
        this[next++] = new Identity().eval();
        first.dispose();
        norm!.dispose();
      }
      if (modules[next] instanceof ReLU && once(modules[next])) {
        conv.fusedRelu = true;
        this[next++] = new Identity().eval();
      }
      this[i] = conv;
      i = next - 1;
    }
    return this;
  }

  #modules(): Module[] {
    return this.childEntries().map(([, m]) => m);
  }
}
