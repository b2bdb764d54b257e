import { keep, Tensor, tidy } from '@stride/core-tensor';
import type { Hyperparameters } from './param-groups.js';

/**
 * One parameter's optimizer state: buffers (tensors the optimizer owns, such as `expAvg`) and
 * counters (`step`). Absent entries are buffers not created yet.
 */
export type ParamState = Record<string, Tensor | number | undefined>;

/**
 * PyTorch's optimizer state_dict in camelCase: `state` keyed by the parameter's index across all
 * groups in order, and each group's hyperparameters with `params` as index lists.
 */
export interface OptimizerStateDict<H extends Hyperparameters = Hyperparameters, S extends ParamState = ParamState> {
  state: Record<number, S>;
  paramGroups: (H & { params: number[]; initialLr?: number })[];
}

/** Applies `fn` to each buffer of a state, copying counters as they are. */
export function mapState<S extends ParamState>(state: S, fn: (t: Tensor, key: string) => Tensor): S {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v instanceof Tensor ? fn(v, k) : v])) as S;
}

/** Disposes every buffer of a state. */
export function disposeState(state: ParamState): void {
  for (const v of Object.values(state)) if (v instanceof Tensor) v.dispose();
}

/** Disposes the tensors of a state dict returned by `stateDict()`, whose caller owns them. */
export function disposeStateDict(stateDict: OptimizerStateDict<Hyperparameters, ParamState>): void {
  for (const s of Object.values(stateDict.state)) disposeState(s);
}

/**
 * A kept copy of a saved buffer for parameter `p`: on p's backend and dtype, as PyTorch's
 * load_state_dict casts state to the parameter's device and dtype.
 */
export function loadBuffer(op: string, saved: Tensor, key: string, index: number, p: Tensor): Tensor {
  if (saved.shape.length !== p.shape.length || saved.shape.some((d, i) => d !== p.shape[i])) {
    throw new Error(
      `${op}.loadStateDict: state[${index}].${key} has shape [${saved.shape.join(', ')}] but parameter ${index} has shape [${p.shape.join(', ')}] (expected equal)`,
    );
  }
  return keep(
    tidy(() => {
      const moved = saved.backend === p.backend ? saved : saved.to(p.backend);
      return moved.dtype === p.dtype ? moved.clone() : moved.cast(p.dtype);
    }),
  );
}
