import { Tensor } from '@stride/core-tensor';

/** The options every optimizer has: the learning rate schedulers change. */
export interface Hyperparameters {
  lr: number;
}

/**
 * A param group as the optimizer holds it: its parameters and its full set of hyperparameters
 * (the defaults with the group's overrides). `lr` is the live rate; `initialLr` is set by the
 * first scheduler attached, as PyTorch's `initial_lr`.
 */
export type ParamGroup<H extends Hyperparameters> = H & { params: Tensor[]; initialLr?: number };

/** A param group as the user passes it: parameters and any hyperparameters to override. */
export type ParamGroupOptions<H extends Hyperparameters> = Partial<H> & { params: readonly Tensor[] };

/** What an optimizer's constructor takes: parameters, or param groups. */
export type Params<H extends Hyperparameters> = readonly Tensor[] | readonly ParamGroupOptions<H>[];

/** Splits the constructor's `params` into param groups, as torch.optim.Optimizer does. */
export function toGroupOptions<H extends Hyperparameters>(op: string, params: Params<H>): ParamGroupOptions<H>[] {
  if (!Array.isArray(params)) {
    throw new Error(`${op}: params is ${typeof params} (expected an array of tensors or of param groups)`);
  }
  if (params.length === 0) throw new Error(`${op}: params is empty (expected at least one tensor to optimize)`);
  const items: readonly (Tensor | ParamGroupOptions<H>)[] = params;
  if (items.every((p) => p instanceof Tensor)) return [{ params: items } as ParamGroupOptions<H>];
  if (items.some((p) => p instanceof Tensor)) {
    throw new Error(`${op}: params mixes tensors and param groups (expected all tensors or all { params, ... } groups)`);
  }
  return items as ParamGroupOptions<H>[];
}

/**
 * Builds one param group: the defaults, then the group's overrides (undefined ones ignored), with
 * array hyperparameters (Adam's betas) copied so that groups never share one.
 */
export function makeGroup<H extends Hyperparameters>(defaults: H, options: ParamGroupOptions<H>): ParamGroup<H> {
  const { params, ...overrides } = options;
  const set = Object.entries(overrides).filter(([, v]) => v !== undefined);
  return { ...copyHyperparameters(defaults), ...copyHyperparameters(Object.fromEntries(set)), params: [...params] } as ParamGroup<H>;
}

/** A copy of a group's hyperparameters without its params, arrays copied too. */
export function copyHyperparameters<T extends object>(group: T): Omit<T, 'params'> {
  const entries = Object.entries(group)
    .filter(([k]) => k !== 'params')
    .map(([k, v]: [string, unknown]) => [k, Array.isArray(v) ? [...(v as unknown[])] : v]);
  return Object.fromEntries(entries) as Omit<T, 'params'>;
}

/**
 * Checks that a group's parameters can be optimized: live tensors, all on the optimizer's one
 * backend, none already in another group. A parameter that does not require grad (frozen, as when
 * fine-tuning) is accepted, as torch.optim accepts it: step() skips it while its grad is null.
 */
export function checkGroupParams(
  op: string,
  groupIndex: number,
  params: readonly Tensor[],
  seen: ReadonlySet<Tensor>,
  first: Tensor,
): void {
  params.forEach((p, i) => {
    const where = `${op}: paramGroups[${groupIndex}].params[${i}]`;
    if (!(p instanceof Tensor)) throw new Error(`${where} is ${typeof p} (expected a Tensor)`);
    if (p.isDisposed) throw new Error(`${where} was disposed (expected a live parameter)`);
    if (p.backend !== first.backend) {
      const same = p.backend.name === first.backend.name ? ' (two different instances)' : '';
      throw new Error(
        `${where} is on backend '${p.backend.name}' but the first parameter is on '${first.backend.name}'${same} (expected one backend for all parameters)`,
      );
    }
    if (seen.has(p) || params.indexOf(p) !== i) {
      throw new Error(`${where} appears more than once across param groups (expected each parameter in one group, once)`);
    }
  });
}
