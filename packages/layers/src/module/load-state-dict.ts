import { noGrad, tidy, type Tensor } from '@stride/core-tensor';
import { isTensor } from './parameter.js';

export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Checks `sd` against `own` (a module's stateDict) and copies each value into the module's
 * tensor with `assign`. Like PyTorch's load_state_dict, missing and unexpected keys are errors
 * only when strict, a shape mismatch always is, and one message lists every problem; unlike
 * PyTorch nothing is copied when there is an error, so a failed load leaves the module as it was.
 */
export function loadStateDictInto(
  moduleName: string,
  own: Record<string, Tensor>,
  sd: Record<string, Tensor>,
  strict: boolean,
): LoadStateDictResult {
  const missingKeys = Object.keys(own).filter((k) => !(k in sd));
  const unexpectedKeys = Object.keys(sd).filter((k) => !(k in own));
  const problems: string[] = [];
  if (strict && missingKeys.length) problems.push(`Missing key(s) in state dict: ${quoteAll(missingKeys)}.`);
  if (strict && unexpectedKeys.length) problems.push(`Unexpected key(s) in state dict: ${quoteAll(unexpectedKeys)}.`);
  for (const [key, target] of Object.entries(own)) {
    if (!(key in sd)) continue;
    const value = sd[key];
    if (!isTensor(value)) {
      problems.push(`value for ${key} is not a Tensor (got ${typeof value}).`);
    } else if (!sameShape(value.shape, target.shape)) {
      problems.push(
        `size mismatch for ${key}: copying a param with shape [${value.shape.join(', ')}] from checkpoint, the shape in current model is [${target.shape.join(', ')}].`,
      );
    }
  }
  if (problems.length) {
    throw new Error(`loadStateDict: error(s) in loading state dict for ${moduleName}:\n\t${problems.join('\n\t')}`);
  }
  noGrad(() => {
    for (const [key, target] of Object.entries(own)) {
      const value = sd[key];
      if (value) tidy(() => target.assign(copyFor(value, target)));
    }
  });
  return { missingKeys, unexpectedKeys };
}

/** A private copy of `value` on `target`'s backend and dtype (the checkpoint stays the caller's). */
function copyFor(value: Tensor, target: Tensor): Tensor {
  let v = value.backend === target.backend ? value : value.to(target.backend);
  if (v.dtype !== target.dtype) v = v.cast(target.dtype);
  return v === value ? v.clone() : v;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function quoteAll(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}
