import { broadcastView } from '../backend/views.js';
import { broadcastShapes, formatShape } from '../shape.js';
import { record } from '../autograd/record.js';
import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { assertSameBackend } from './checks.js';
import { fromKernel } from './create-tensor.js';
import { transpose, unsqueeze, squeeze, cast } from './shape-ops.js';
import { sumTo } from './reduce.js';
import { promoteTypes } from '../dtype.js';

/** torch.matmul: 1-D operands are promoted to matrices and squeezed back; batch dims broadcast. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  assertSameBackend('matmul', [
    ['input', a],
    ['other', b],
  ]);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new Error(`matmul: both arguments must be at least 1-D but got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  if (a.ndim >= 2 && b.ndim >= 2) return batchedMatmul(a, b);
  return composite(() => {
    const a2 = a.ndim === 1 ? unsqueeze(a, 0) : a;
    const b2 = b.ndim === 1 ? unsqueeze(b, 1) : b;
    let out = batchedMatmul(a2, b2);
    if (b.ndim === 1) out = squeeze(out, -1);
    if (a.ndim === 1) out = squeeze(out, out.ndim === 1 && b.ndim === 1 ? 0 : -2);
    return out;
  });
}

function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const [k2, n] = b.shape.slice(-2) as [number, number];
  if (k !== k2) {
    throw new Error(
      `matmul: input ${formatShape(a.shape)} has ${k} columns but other ${formatShape(b.shape)} has ${k2} rows (expected equal)`,
    );
  }
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const dtype = promoteTypes(a.dtype, b.dtype);
  const ca = a.dtype === dtype ? a : cast(a, dtype);
  const cb = b.dtype === dtype ? b : cast(b, dtype);
  const id = a.backend.matmul(
    broadcastView(ca.asView('matmul', 'input'), [...batch, m, k]),
    broadcastView(cb.asView('matmul', 'other'), [...batch, k, n]),
  );
  if (ca !== a) ca.dispose();
  if (cb !== b) cb.dispose();
  const out = fromKernel(a.backend, id, [...batch, m, n], dtype);
  return record('matmul', [a, b], out, (dy) => [
    a.requiresGrad ? sumTo(batchedMatmul(dy, transpose(b, -1, -2)), a.shape) : null,
    b.requiresGrad ? sumTo(batchedMatmul(transpose(a, -1, -2), dy), b.shape) : null,
  ]);
}
