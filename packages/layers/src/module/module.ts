import { keep, noGrad, type Backend, type Tensor } from '@stride/core-tensor';
import { clearGrads, isParameter, isTensor, parameter } from './parameter.js';
import { snakeCase } from './state-key.js';
import { loadStateDictInto, type LoadStateDictResult } from './load-state-dict.js';
import { summary } from './summary.js';
import { ForwardHooks, type ForwardHook, type ForwardPreHook, type RemovableHandle } from './hooks.js';
import type { ReceptiveWindow } from './receptive-field.js';

export interface RegisterOptions {
  /** The state-dict key, where the snake_case of the property name is not PyTorch's name. */
  key?: string;
}
export interface BufferOptions extends RegisterOptions {
  /** false: the buffer is moved and disposed with the module but left out of stateDict(), as PyTorch. */
  persistent?: boolean;
}

/** One tensor slot a module owns: the property holding it and its state-dict key. */
interface TensorSlot {
  prop: string;
  key: string;
  value: Tensor | null;
}

/**
 * The base of every layer and network, as PyTorch's `nn.Module`. A module's children and
 * parameters are its own properties, found in assignment order: a property holding a Module
 * (or an array of Modules, named `prop.0`, `prop.1`, … like an `nn.ModuleList`) is a child; a
 * tensor made with `parameter()` (or registered with `registerParameter`) is a parameter; a
 * property registered with `registerBuffer` is a buffer. State-dict keys are the snake_case of
 * property names, PyTorch's spelling, unless a `key` option says otherwise.
 */
export abstract class Module {
  // ES private fields are not own enumerable properties, so discovery never sees them.
  #training = true;
  #buffers = new Map<string, boolean>();
  #registeredParams = new Set<string>();
  #keys = new Map<string, string>();
  #hooks: ForwardHooks<Module> | null = null;

  abstract forward(x: Tensor, ...rest: unknown[]): Tensor;

  /** true after construction and `train()`, false after `eval()`; set through those two only. */
  get training(): boolean {
    return this.#training;
  }

  /**
   * Declares a parameter slot, as PyTorch's `register_parameter`: `null` keeps the slot empty
   * (Linear without bias) and leaves it out of parameters() and stateDict().
   */
  registerParameter(name: string, value: Tensor | null, opts: RegisterOptions = {}): void {
    this.#registeredParams.add(name);
    if (opts.key !== undefined) this.#keys.set(name, opts.key);
    this.#props()[name] = value === null || isParameter(value) ? value : parameter(value);
  }

  /**
   * Declares a buffer, as PyTorch's `register_buffer`: state that is not trained (BatchNorm's
   * running statistics) but is saved in stateDict(), moved by `to()` and freed by `dispose()`.
   * The tensor is kept out of any enclosing tidy. Update it with `assign` to keep its identity,
   * or set the property to a new tensor (disposing the old one). `null` means "not tracked".
   */
  registerBuffer(name: string, value: Tensor | null, opts: BufferOptions = {}): void {
    this.#buffers.set(name, opts.persistent ?? true);
    if (opts.key !== undefined) this.#keys.set(name, opts.key);
    this.#props()[name] = value === null ? null : keep(value);
  }

  // ---- discovery ----

  /**
   * Direct children with their names, in assignment order; a module held under two names is
   * listed once, under its first, as torch's named_children.
   */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    return this.childEntries().filter(([, m]) => !seen.has(m) && seen.add(m));
  }
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * Every child slot, duplicates included (torch's `_modules`): what stateDict() and Sequential
   * walk. Containers whose children are not properties (ModuleDict) override it.
   */
  protected childEntries(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [prop, value] of Object.entries(this)) {
      if (value instanceof Module) out.push([this.#key(prop), value]);
      else if (isModuleArray(value)) value.forEach((m, i) => out.push([`${this.#key(prop)}.${i}`, m]));
    }
    return out;
  }

  /** This module (named '') and every descendant, depth first, each once, as PyTorch. */
  namedModules(prefix = ''): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    const visit = (m: Module, name: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [key, child] of m.namedChildren()) visit(child, name ? `${name}.${key}` : key);
    };
    visit(this, prefix);
    return out;
  }
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Parameters with their dotted names; a tensor shared by two modules appears once. */
  namedParameters(opts: { recurse?: boolean } = {}): [string, Tensor][] {
    return this.#collect((m) => m.#paramSlots(), opts.recurse ?? true);
  }
  parameters(opts: { recurse?: boolean } = {}): Tensor[] {
    return this.namedParameters(opts).map(([, t]) => t);
  }

  /** Buffers with their dotted names (persistent or not; `null` slots left out). */
  buffers(opts: { recurse?: boolean } = {}): [string, Tensor][] {
    return this.#collect((m) => m.#bufferSlots(), opts.recurse ?? true);
  }
  namedBuffers(opts: { recurse?: boolean } = {}): [string, Tensor][] {
    return this.buffers(opts);
  }

  // ---- state ----

  /**
   * The module's own tensors by PyTorch key: per module its parameters, then its persistent
   * buffers, then its children's entries. These are the live tensors, not copies: do not
   * dispose them; clone() what must outlive later training.
   */
  stateDict(prefix = ''): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const slot of [...this.#paramSlots(), ...this.#bufferSlots().filter((s) => this.#buffers.get(s.prop))]) {
      if (slot.value) out[prefix + slot.key] = slot.value;
    }
    for (const [key, child] of this.childEntries()) Object.assign(out, child.stateDict(`${prefix}${key}.`));
    return out;
  }

  /**
   * Copies `sd`'s values into this module's tensors with `assign`, so tensors held elsewhere
   * (by an optimizer) keep their identity. Values are moved to the tensor's backend and dtype.
   * Missing and unexpected keys throw when `strict` (the default); shape mismatches always
   * throw. Every problem is listed in one error, and nothing is copied unless all is well.
   */
  loadStateDict(sd: Record<string, Tensor>, opts: { strict?: boolean } = {}): LoadStateDictResult {
    return loadStateDictInto(this.constructor.name, this.stateDict(), sd, opts.strict ?? true);
  }

  // ---- visiting, freezing, hooks ----

  /**
   * Whether a forward hook or pre-hook is registered: a fused path that would skip this module's
   * forward (a batch norm and the ReLU after it in one kernel) must not skip its hooks.
   */
  get hasForwardHooks(): boolean {
    // While any hook is registered, ForwardHooks installs the runner as this object's own `forward`.
    return Object.hasOwn(this, 'forward');
  }

  /** Calls `fn` on every child's subtree (children first), then on this module, as torch's apply. */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Sets requiresGrad on every parameter (torch's requires_grad_): false freezes the module. */
  requiresGrad(flag = true): this {
    for (const p of this.parameters()) p.requiresGrad = flag;
    return this;
  }

  /**
   * Registers `hook(module, input, output)` to run after each `forward` of this module (input is
   * the argument list); a returned value replaces the output. See README "Hooks".
   */
  registerForwardHook(hook: ForwardHook<this>): RemovableHandle {
    this.#hooks ??= new ForwardHooks<Module>(this);
    return this.#hooks.addPost(hook as ForwardHook<Module>);
  }

  /** Registers `hook(module, input)` to run before each `forward`; a returned value replaces the input. */
  registerForwardPreHook(hook: ForwardPreHook<this>): RemovableHandle {
    this.#hooks ??= new ForwardHooks<Module>(this);
    return this.#hooks.addPre(hook as ForwardPreHook<Module>);
  }

  // ---- modes, placement, lifetime ----

  /** Sets training mode on this module and every descendant (Dropout and BatchNorm read it). */
  train(on = true): this {
    for (const m of this.modules()) m.#training = on;
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  /**
   * Prepares an eval-mode model for inference by fusing layers, in place: each eval-mode batch
   * norm is folded into the convolution before it and a ReLU after either runs in the
   * convolution's bias pass (torch.ao.quantization's fuse_modules, done for every module that
   * knows its order: Sequential, the zoo's networks). Outputs stay equal up to float32 rounding;
   * the state dict loses the folded batch norms, as torch's fused modules do. Recurses into
   * children; a module that can fuse its own children overrides this and calls super.fuse().
   */
  fuse(): this {
    if (this.training) {
      throw new Error(
        `${this.constructor.name}.fuse: the module is in training mode, but fusing folds batch norm's running statistics, which only eval mode uses; call eval() first`,
      );
    }
    for (const child of this.children()) child.fuse();
    return this;
  }

  /**
   * Moves every parameter and buffer to backend `b`. Tensors cannot keep their identity across
   * backends, so the module's properties are replaced by new tensors (gradients are dropped)
   * and the old ones disposed: build optimizers after `to()`.
   */
  to(b: Backend): this {
    const moved = new Map<Tensor, Tensor>();
    const move = (t: Tensor): Tensor => {
      let next = moved.get(t);
      if (!next) {
        next = keep(noGrad(() => t.to(b)));
        moved.set(t, next);
      }
      return next;
    };
    for (const m of this.modules()) {
      for (const slot of m.#paramSlots()) {
        if (slot.value && slot.value.backend !== b)
          m.#props()[slot.prop] = parameter(move(slot.value), { requiresGrad: slot.value.requiresGrad });
      }
      for (const slot of m.#bufferSlots()) if (slot.value && slot.value.backend !== b) m.#props()[slot.prop] = move(slot.value);
    }
    for (const old of moved.keys()) old.dispose();
    return this;
  }

  /** Frees every parameter (with its gradient) and buffer of this module and its descendants. */
  dispose(): void {
    for (const m of this.modules()) for (const slot of [...m.#paramSlots(), ...m.#bufferSlots()]) slot.value?.dispose();
  }
  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * Frees every parameter's gradient and sets it to null (torch's default, set_to_none=True);
   * `{ setToNone: false }` zeroes each gradient in place instead.
   */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    clearGrads(this.parameters(), opts.setToNone ?? true);
  }

  /** Multiply-accumulates of one forward call, for summary(); layers that multiply override it. */
  macs(_inputShape: readonly number[], _outputShape: readonly number[]): number {
    return 0;
  }

  /**
   * For summary()'s receptive field: the window this layer slides over each spatial dim of an
   * input of `inputShape` ([N, C, ...spatial]), or null when each output element sees only its
   * own input position (activations, norms, dropout). Layers of other packages override it.
   */
  receptiveWindow(_inputShape: readonly number[]): ReceptiveWindow | null {
    return null;
  }

  /**
   * A table of the layers a forward pass on zeros of `inputShape` (batch 1 prepended) runs
   * through: output size, weight size, parameters and multiply-accumulates, with totals.
   */
  summary(inputShape: readonly number[]): string {
    return summary(this, inputShape);
  }

  // ---- internals ----

  #props(): Record<string, unknown> {
    return this as unknown as Record<string, unknown>;
  }
  #key(prop: string): string {
    return this.#keys.get(prop) ?? snakeCase(prop);
  }
  #paramSlots(): TensorSlot[] {
    return Object.entries(this)
      .filter(([prop, v]) => !this.#buffers.has(prop) && (isParameter(v) || this.#registeredParams.has(prop)))
      .map(([prop, v]) => ({ prop, key: this.#key(prop), value: isTensor(v) ? v : null }));
  }
  #bufferSlots(): TensorSlot[] {
    return Object.entries(this)
      .filter(([prop]) => this.#buffers.has(prop))
      .map(([prop, v]) => ({ prop, key: this.#key(prop), value: isTensor(v) ? v : null }));
  }
  #collect(slots: (m: Module) => TensorSlot[], recurse: boolean): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of recurse ? this.namedModules() : [['', this] as [string, Module]]) {
      for (const { key, value } of slots(m)) {
        if (!value || seen.has(value)) continue;
        seen.add(value);
        out.push([prefix ? `${prefix}.${key}` : key, value]);
      }
    }
    return out;
  }
}

function isModuleArray(value: unknown): value is Module[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Module);
}
