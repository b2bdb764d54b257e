import type { DefaultKernel } from './default-kernel.js';
import { broadcastView, denseView } from '../views.js';
import { gatherInPlanes, iota, matchMask, selectOrZero } from './plane-index.js';

/**
 * Unpooling from required kernels: for each output position, the last input (in scan order)
 * whose index names it is found as a max over masked input numbers, then its value is selected.
 * The last one wins because PyTorch's CPU kernel writes in scan order.
 */
export const maxUnpool2d: DefaultKernel<'maxUnpool2d'> = (b, x, indices, g) => {
  const planes = g.batch * g.channels;
  const count = g.inSize[0] * g.inSize[1];
  const size = g.outSize[0] * g.outSize[1];
  const shape = [planes, count, size];
  const mask = matchMask(b, indices.id, planes, planes, count, size);
  // Each input's number l where it names the position, −2 elsewhere; the max is the last writer (−1: none).
  const numbers = iota(b, count, 'float32');
  const never = b.fill(1, -2, 'float32');
  const claims = b.where(
    denseView(mask, shape, 'int32'),
    broadcastView(denseView(numbers, [1, count, 1], 'float32'), shape),
    broadcastView(denseView(never, [], 'float32'), shape),
  );
  b.disposeData(never);
  const last = b.reduce('max', denseView(claims, shape, 'float32'), [1]);
  const isLast = b.binary(
    'eq',
    denseView(claims, shape, 'float32'),
    broadcastView(denseView(last, [planes, 1, size], 'float32'), shape),
    'int32',
  );
  // Where nothing names a position, every claim equals the max (−2): the mask rules those out.
  const winners = selectOrZero(b, mask, denseView(isLast, shape, 'int32'), shape, 'int32');
  for (const id of [mask, numbers, claims, last, isLast]) b.disposeData(id);
  const picked = selectOrZero(b, winners, broadcastView(denseView(x.id, [planes, count, 1], x.dtype), shape), shape, x.dtype);
  b.disposeData(winners);
  const out = b.reduce('sum', denseView(picked, shape, x.dtype), [1]);
  b.disposeData(picked);
  return out;
};

/** dx[p, l] = dy[p, indices[p, l]]. */
export const maxUnpool2dBackward: DefaultKernel<'maxUnpool2dBackward'> = (b, dy, indices, g) => {
  const planes = g.batch * g.channels;
  return gatherInPlanes(b, dy.id, indices.id, planes, g.inSize[0] * g.inSize[1], g.outSize[0] * g.outSize[1], dy.dtype);
};
