import type { ImageBatch } from './transform.js';

/**
 * Copies the in-image part of the outH×outW window whose top-left corner is (top, left) in
 * image n's coordinates (negative or past the edge where the window overhangs) into image n
 * of `out`; the overhang keeps what `out` held (zeros: the padding).
 */
export function copyWindow(batch: ImageBatch, n: number, top: number, left: number, out: Float32Array, outH: number, outW: number): void {
  const [, c, h, w] = batch.shape;
  const x0 = Math.max(0, -left);
  const x1 = Math.min(outW, w - left);
  if (x1 <= x0) return;
  for (let ch = 0; ch < c; ch++) {
    const src = (n * c + ch) * h * w;
    const dst = (n * c + ch) * outH * outW;
    for (let y = Math.max(0, -top); y < Math.min(outH, h - top); y++) {
      const from = src + (top + y) * w + left;
      out.set(batch.data.subarray(from + x0, from + x1), dst + y * outW + x0);
    }
  }
}
