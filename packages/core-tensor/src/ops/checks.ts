import type { Tensor } from '../tensor.js';
import { formatShape, type Shape } from '../shape.js';
import type { DType } from '../dtype.js';

/** Ops never mix backends: a tensor must be moved with `.to(backend)` first. */
export function assertSameBackend(op: string, tensors: readonly (readonly [string, Tensor | null | undefined])[]): void {
  for (const [name, t] of tensors) t?.storage(op, name);
  const first = tensors.find(([, t]) => t);
  if (!first) return;
  const [firstName, firstTensor] = first as [string, Tensor];
  for (const [name, t] of tensors) {
    if (t && t.backend !== firstTensor.backend) {
      const same = t.backend.name === firstTensor.backend.name ? ' (two different instances)' : '';
      throw new Error(
        `${op}: ${name} is on backend '${t.backend.name}' but ${firstName} is on backend '${firstTensor.backend.name}'${same}; ` +
          `move one with .to(backend) (expected one backend for all inputs)`,
      );
    }
  }
}

export function assertRank(op: string, arg: string, t: Tensor, ranks: readonly number[], layout = ''): void {
  if (!ranks.includes(t.ndim)) {
    const expected = ranks.length === 1 ? `${ranks[0]}-D` : `${ranks.join('-D or ')}-D`;
    throw new Error(`${op}: ${arg} must be ${expected}${layout ? ` ${layout}` : ''} but got shape ${formatShape(t.shape)}`);
  }
}

export function assertDtype(op: string, arg: string, t: Tensor, dtypes: readonly DType[], hint = ''): void {
  if (!dtypes.includes(t.dtype)) {
    throw new Error(`${op}: ${arg} must have dtype ${dtypes.join(' or ')} but got ${t.dtype}${hint ? `; ${hint}` : ''}`);
  }
}

export function assertShape(op: string, arg: string, actual: Shape, expected: Shape): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new Error(`${op}: ${arg} has shape ${formatShape(actual)} but expected ${formatShape(expected)}`);
  }
}

export function assertPositiveInts(op: string, arg: string, values: readonly number[], allowZero = false): void {
  for (const v of values) {
    if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
      throw new Error(
        `${op}: ${arg} must be ${allowZero ? 'non-negative' : 'positive'} integers but got ${values.length === 1 ? v : `[${values.join(', ')}]`}`,
      );
    }
  }
}
