import { randn, type Tensor } from '@stride/core-tensor';
import { checkFloat, fillInPlace, type SeedOptions } from './fill.js';
import { signFixedQ } from './householder.js';

export interface OrthogonalOptions extends SeedOptions {
  gain?: number;
}

/**
 * torch.nn.init.orthogonal_ (Saxe et al. 2013): `t` viewed as [rows, cols] (trailing dims
 * flattened, so a conv weight [out, in, kH, kW] is [out, in·kH·kW]) becomes gain times a matrix
 * with orthonormal columns (rows ≥ cols) or orthonormal rows (rows < cols): the Q of the QR
 * factorisation of a Gaussian matrix, with torch's sign correction.
 */
export function orthogonal(t: Tensor, opts: OrthogonalOptions = {}): Tensor {
  const op = 'init.orthogonal';
  checkFloat(op, t);
  if (t.ndim < 2) throw new Error(`${op}: only tensors with 2 or more dimensions are supported (got shape [${t.shape.join(', ')}])`);
  const gain = opts.gain ?? 1;
  if (!Number.isFinite(gain)) throw new Error(`${op}: gain must be a finite number but got ${gain}`);
  if (t.numel() === 0) return t;
  const rows = t.shape[0]!;
  const cols = t.numel() / rows;
  return fillInPlace(op, t, () => orthogonalFrom(randn([rows, cols], { seed: opts.seed, backend: t.backend }), t.shape, gain));
}

/** orthogonal's recipe for a given Gaussian [rows, cols] matrix: QR of it (of its transpose when wide). */
export function orthogonalFrom(flattened: Tensor, shape: readonly number[], gain: number): Tensor {
  const [rows, cols] = flattened.shape as [number, number];
  const q = rows < cols ? signFixedQ(flattened.t().contiguous()).t() : signFixedQ(flattened);
  return q.mul(gain).reshape(shape);
}
