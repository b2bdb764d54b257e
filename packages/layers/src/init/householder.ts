import { arange, eye, stack, tidy, type Tensor } from '@stride/core-tensor';

// A type alias (not an interface) so tidy() accepts it as a record of tensors.
type Reflector = {
  v: Tensor;
  beta: Tensor;
};

/**
 * The Q of a thin QR factorisation of `a` ([m, n], m ≥ n), with each column multiplied by the
 * sign of R's diagonal entry, as torch's orthogonal_ does (Mezzadri 2007): that fixes the
 * factorisation, so Q is Haar-distributed when `a` is Gaussian, and equals torch's `q * r.diag().sign()`
 * for the same `a`. Householder reflections written with tensor ops, so it runs on every backend
 * without reading values back: n reflections of O(m·n) work each, then n more to form Q.
 */
export function signFixedQ(a: Tensor): Tensor {
  const [m, n] = a.shape as [number, number];
  const rows = arange(m, { backend: a.backend });
  const reflectors: Reflector[] = [];
  const signs: Tensor[] = [];
  let r = a;
  for (let j = 0; j < n; j++) {
    const step = tidy(() => reflect(r, rows, j));
    if (r !== a) r.dispose();
    r = step.next;
    reflectors.push({ v: step.v, beta: step.beta });
    signs.push(step.sign);
  }
  if (r !== a) r.dispose();
  let q = eye(m, { backend: a.backend }).slice(1, 0, n);
  for (let j = n - 1; j >= 0; j--) {
    const { v, beta } = reflectors[j]!;
    const next = tidy(() => q.sub(v.mul(beta).matmul(v.t().matmul(q))));
    q.dispose();
    q = next;
  }
  return q.mul(stack(signs));
}

/**
 * The reflection H = I − β·v·vᵀ that zeroes column j of `r` below the diagonal. v = x + s·‖x‖·e_j
 * with s the sign of x_j (+1 at 0), which avoids cancellation and leaves R_jj = −s·‖x‖.
 */
function reflect(r: Tensor, rows: Tensor, j: number): Reflector & { next: Tensor; sign: Tensor } {
  const m = r.shape[0]!;
  const below = rows.ge(j).cast('float32').reshape([m, 1]);
  const unit = rows.eq(j).cast('float32').reshape([m, 1]);
  const x = r.slice(1, j, j + 1).mul(below);
  const s = r
    .slice(0, j, j + 1)
    .slice(1, j, j + 1)
    .reshape([])
    .ge(0)
    .cast('float32')
    .mul(2)
    .sub(1);
  const v = x.add(unit.mul(s.mul(x.square().sum().sqrt())));
  // v = 0 only when the column is already zero; then any finite β leaves r as it is.
  const beta = v.square().sum().maximum(1e-30).reciprocal().mul(2);
  const next = r.sub(v.mul(beta).matmul(v.t().matmul(r)));
  return { next, v, beta, sign: s.neg() };
}
