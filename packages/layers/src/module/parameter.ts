import { keep, noGrad, tidy, zerosLike, type Tensor } from '@stride/core-tensor';

/** Tensors marked as parameters; a WeakSet so a disposed, dropped tensor is not held. */
const marked = new WeakSet<Tensor>();

/**
 * Marks `t` as a parameter, like PyTorch's `nn.Parameter(t)`: a module finds it among its own
 * properties, it requires grad, and it survives any enclosing `tidy` (the module owns it and
 * frees it in `dispose()`). Returns `t` itself.
 */
export function parameter(t: Tensor, opts: { requiresGrad?: boolean } = {}): Tensor {
  if (t.dtype === 'int32') {
    throw new Error(`parameter: only floating point tensors can be parameters, but got ${t.dtype} [${t.shape.join(', ')}]`);
  }
  t.requiresGrad = opts.requiresGrad ?? true;
  marked.add(keep(t));
  return t;
}

export function isParameter(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && marked.has(value as Tensor);
}

export function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && (value as { isTensor?: unknown }).isTensor === true;
}

/** Frees each gradient and sets it to null, or (setToNone false) zeroes it in place, keeping the tensor. */
export function clearGrads(params: readonly Tensor[], setToNone: boolean): void {
  for (const p of params) {
    const grad = p.grad;
    if (!grad) continue;
    if (setToNone) {
      grad.dispose();
      p.grad = null;
    } else {
      noGrad(() => tidy(() => grad.assign(zerosLike(grad))));
    }
  }
}
