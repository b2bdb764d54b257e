import type { Tensor } from '@stride/core-tensor';

/** The positional arguments of one `forward` call, as torch hands hooks its `input` tuple. */
export type ForwardInput = [Tensor, ...unknown[]];

/**
 * Runs before `forward`. Returning nothing keeps the input; returning an array replaces the
 * arguments, and any other value replaces the single argument (torch wraps a non-tuple result).
 */
export type ForwardPreHook<M> = (module: M, input: ForwardInput) => unknown;

/** Runs after `forward` with the input it was given; returning a value replaces the output. */
export type ForwardHook<M> = (module: M, input: ForwardInput, output: Tensor) => unknown;

/** torch's RemovableHandle: `remove()` unregisters the hook (twice is harmless); also `using`-disposable. */
export interface RemovableHandle {
  readonly id: number;
  remove(): void;
  [Symbol.dispose](): void;
}

let nextId = 0;

/**
 * One module's forward hooks and the wrapper that runs them. The wrapper is installed as the
 * module's own (non-enumerable) `forward` while any hook is registered, so every call runs the
 * hooks, whether it comes from Sequential, a zoo model or a hand-written `this.conv1.forward(x)`;
 * Stride has no `__call__` that callers could be relied on to use instead.
 */
export class ForwardHooks<M extends { forward(...args: ForwardInput): Tensor }> {
  readonly #pre = new Map<number, ForwardPreHook<M>>();
  readonly #post = new Map<number, ForwardHook<M>>();
  #uninstall: (() => boolean) | null = null;

  constructor(private readonly module: M) {}

  addPre(hook: ForwardPreHook<M>): RemovableHandle {
    return this.#add('registerForwardPreHook', this.#pre, hook);
  }

  addPost(hook: ForwardHook<M>): RemovableHandle {
    return this.#add('registerForwardHook', this.#post, hook);
  }

  #add<H>(op: string, hooks: Map<number, H>, hook: H): RemovableHandle {
    if (typeof hook !== 'function') throw new Error(`${op}: hook must be a function but got ${typeof hook}`);
    const id = nextId++;
    hooks.set(id, hook);
    this.#uninstall ??= this.#install();
    const remove = (): void => {
      hooks.delete(id);
      if (this.#pre.size === 0 && this.#post.size === 0 && this.#uninstall?.()) this.#uninstall = null;
    };
    return { id, remove, [Symbol.dispose]: remove };
  }

  /**
   * Shadows `forward` with the hook runner. Returns the undo, which does nothing and answers false
   * while something else (summary()) shadows the wrapper in turn: then the wrapper stays, running
   * no hooks, and is reused by the next registration.
   */
  #install(): () => boolean {
    const m = this.module;
    const inner = m.forward;
    const before = Object.getOwnPropertyDescriptor(m, 'forward');
    const wrapper = (...args: ForwardInput): Tensor => this.#run(inner, args);
    // Not enumerable, so module discovery (which walks own enumerable properties) ignores it.
    Object.defineProperty(m, 'forward', { value: wrapper, configurable: true, writable: true, enumerable: false });
    return () => {
      if (m.forward !== wrapper) return false;
      if (before) Object.defineProperty(m, 'forward', before);
      else Reflect.deleteProperty(m, 'forward');
      return true;
    };
  }

  /** torch's _call_impl order: pre-hooks in registration order, forward, hooks in registration order. */
  #run(inner: (...args: ForwardInput) => Tensor, args: ForwardInput): Tensor {
    let input = args;
    for (const hook of [...this.#pre.values()]) {
      const result = hook(this.module, input);
      if (result !== undefined) input = (Array.isArray(result) ? result : [result]) as ForwardInput;
    }
    let output = inner.apply(this.module, input);
    for (const hook of [...this.#post.values()]) {
      const result = hook(this.module, input, output);
      if (result !== undefined) output = result as Tensor;
    }
    return output;
  }
}
