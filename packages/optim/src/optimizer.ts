import { full, keep, noGrad, tidy, type Tensor } from '@stride/core-tensor';
import {
  checkGroupParams,
  copyHyperparameters,
  makeGroup,
  toGroupOptions,
  type Hyperparameters,
  type ParamGroup,
  type ParamGroupOptions,
  type Params,
} from './param-groups.js';
import { disposeState, loadBuffer, mapState, type OptimizerStateDict, type ParamState } from './state-dict.js';

/**
 * The base of every optimizer, as torch.optim.Optimizer: param groups, per-parameter state,
 * `step()`, `zeroGrad()` and PyTorch-shaped state dicts. A subclass says how to check its
 * hyperparameters, how a parameter's state starts, and how one parameter is updated.
 *
 * Memory: state buffers are `keep()`-ed when created, so they survive the `tidy` around a
 * training step, and are updated with `assign` (they keep their identity); `dispose()` and
 * `loadStateDict()` free them. Everything an update computes is freed before `step()` returns.
 */
export abstract class Optimizer<H extends Hyperparameters, S extends ParamState> {
  readonly paramGroups: ParamGroup<H>[] = [];
  readonly defaults: Readonly<H>;
  protected readonly state: Map<Tensor, S> = new Map<Tensor, S>();

  protected constructor(
    readonly name: string,
    params: Params<H>,
    defaults: H,
  ) {
    this.checkHyperparameters(defaults, `${name}: `);
    this.defaults = defaults;
    for (const options of toGroupOptions(name, params)) this.addParamGroup(options);
  }

  /** Adds a param group (PyTorch's add_param_group): the defaults, overridden by `options`. */
  addParamGroup(options: ParamGroupOptions<H>): void {
    const index = this.paramGroups.length;
    if (!Array.isArray(options?.params)) {
      throw new Error(`${this.name}: paramGroups[${index}].params is ${typeof options?.params} (expected an array of tensors)`);
    }
    const group = makeGroup(this.defaults, options);
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    const first = this.paramGroups[0]?.params[0] ?? group.params[0];
    if (first) checkGroupParams(this.name, index, group.params, seen, first);
    this.checkHyperparameters(group, `${this.name}: paramGroups[${index}].`);
    this.paramGroups.push(group);
  }

  /**
   * Updates every parameter that has a gradient. Parameters whose grad is null are skipped and
   * their state left as it was, as torch.optim does: frozen ones (requiresGrad false), and any
   * the loss did not reach.
   */
  step(): void {
    noGrad(() => {
      this.paramGroups.forEach((group, g) => {
        group.params.forEach((p, i) => {
          const grad = p.grad;
          if (grad === null) return;
          this.checkGrad(p, grad, `paramGroups[${g}].params[${i}]`);
          tidy(() => this.update(p, grad, this.stateOf(p, group), group));
        });
      });
    });
  }

  /** Disposes and clears every parameter's gradient (PyTorch's default set_to_none=True). */
  zeroGrad(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        p.grad?.dispose();
        p.grad = null;
      }
    }
  }

  /**
   * PyTorch's state_dict: `state` keyed by parameter index, `paramGroups` with hyperparameters
   * and `params` index lists. Its buffers are copies the caller owns: dispose them (or call
   * `disposeStateDict`) when done, or create the dict inside a `tidy`.
   */
  stateDict(): OptimizerStateDict<H, S> {
    const index = new Map(this.paramGroups.flatMap((g) => g.params).map((p, i) => [p, i]));
    const state: Record<number, S> = {};
    for (const [p, s] of this.state) state[index.get(p)!] = mapState(s, (t) => t.clone());
    const paramGroups = this.paramGroups.map((g) => ({ ...copyHyperparameters(g), params: g.params.map((p) => index.get(p)!) }));
    return { state, paramGroups } as OptimizerStateDict<H, S>;
  }

  /**
   * Replaces this optimizer's state and hyperparameters with a saved state dict's, as PyTorch's
   * load_state_dict: the groups must match in number and size. Buffers are copied onto each
   * parameter's backend and dtype, so the caller keeps ownership of `stateDict`.
   */
  loadStateDict(stateDict: OptimizerStateDict<H, S>): void {
    const op = `${this.name}.loadStateDict`;
    const saved = stateDict.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new Error(
        `${op}: the state dict has ${saved.length} param groups but the optimizer has ${this.paramGroups.length} (expected equal)`,
      );
    }
    saved.forEach((g, i) => {
      const have = this.paramGroups[i]!.params.length;
      if (g.params.length !== have) {
        throw new Error(
          `${op}: paramGroups[${i}] has ${g.params.length} params in the state dict but ${have} in the optimizer (expected equal)`,
        );
      }
      this.checkHyperparameters({ ...this.paramGroups[i]!, ...copyHyperparameters(g) }, `${op}: paramGroups[${i}].`);
    });
    const params = this.paramGroups.flatMap((g) => g.params);
    const next = new Map<Tensor, S>();
    try {
      for (const [key, s] of Object.entries(stateDict.state)) {
        const i = Number(key);
        const p = params[i];
        if (p === undefined)
          throw new Error(
            `${op}: state has an entry for parameter ${key} but the optimizer has ${params.length} parameters (expected 0 to ${params.length - 1})`,
          );
        next.set(
          p,
          mapState(s, (t, k) => loadBuffer(this.name, t, k, i, p)),
        );
      }
    } catch (e) {
      for (const s of next.values()) disposeState(s);
      throw e;
    }
    this.dispose();
    for (const [p, s] of next) this.state.set(p, s);
    saved.forEach((g, i) => {
      const group = this.paramGroups[i]!;
      Object.assign(group, copyHyperparameters(g), { params: group.params });
    });
  }

  /** Frees the optimizer's state; parameters and their gradients are left alone. */
  dispose(): void {
    for (const s of this.state.values()) disposeState(s);
    this.state.clear();
  }

  /** Throws naming `where` (e.g. `SGD: ` or `SGD: paramGroups[1].`) if a hyperparameter is invalid. */
  protected abstract checkHyperparameters(h: H, where: string): void;
  /** The state a parameter starts with, before its first update. */
  protected abstract initialState(p: Tensor, group: H): S;
  /** Updates one parameter (inside noGrad and tidy): `p.assign(…)`, and state buffers likewise. */
  protected abstract update(p: Tensor, grad: Tensor, state: S, group: H): void;

  /** A kept buffer shaped like `p`, filled with `value`: optimizer state that outlives the step. */
  protected buffer(p: Tensor, value = 0): Tensor {
    return keep(full(p.shape, value, { dtype: p.dtype, backend: p.backend }));
  }

  /** The state of `p`, created on first use as PyTorch does lazily in step(). */
  protected stateOf(p: Tensor, group: H): S {
    let s = this.state.get(p);
    if (s === undefined) {
      s = this.initialState(p, group);
      this.state.set(p, s);
    }
    return s;
  }

  private checkGrad(p: Tensor, grad: Tensor, where: string): void {
    if (
      grad.backend !== p.backend ||
      grad.dtype !== p.dtype ||
      grad.shape.length !== p.shape.length ||
      grad.shape.some((d, i) => d !== p.shape[i])
    ) {
      throw new Error(
        `${this.name}.step: ${where}.grad is ${grad.dtype} [${grad.shape.join(', ')}] on '${grad.backend.name}' ` +
          `but the parameter is ${p.dtype} [${p.shape.join(', ')}] on '${p.backend.name}' (expected the same shape, dtype and backend)`,
      );
    }
  }
}
