import { encodeGrayPng } from './png.js';

export interface FilterGrid {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * Lays out first-layer filters [count, 1, k, k] as a grid of tiles, each scaled to its own
 * min–max range (as the course's "what do filters learn" pictures do) and enlarged `scale`
 * times with nearest-neighbour pixels, separated by a white gutter.
 */
export function filterGrid(shape: readonly number[], data: readonly number[], opts: { columns?: number; scale?: number } = {}): FilterGrid {
  const [count = 0, channels = 1, kh = 0, kw = 0] = shape;
  if (shape.length !== 4 || channels !== 1 || data.length !== count * kh * kw) {
    throw new Error(`filterGrid: expected single-channel filters [count, 1, k, k] with matching data, got shape [${shape.join(', ')}] and ${data.length} values`);
  }
  const columns = opts.columns ?? 10;
  const scale = opts.scale ?? 8;
  const gutter = 3;
  const rows = Math.ceil(count / columns);
  const width = columns * (kw * scale + gutter) + gutter;
  const height = rows * (kh * scale + gutter) + gutter;
  const pixels = new Uint8Array(width * height).fill(255);
  for (let f = 0; f < count; f++) {
    const tile = data.slice(f * kh * kw, (f + 1) * kh * kw);
    const lo = Math.min(...tile);
    const span = Math.max(...tile) - lo || 1;
    const x0 = gutter + (f % columns) * (kw * scale + gutter);
    const y0 = gutter + Math.floor(f / columns) * (kh * scale + gutter);
    for (let y = 0; y < kh * scale; y++) {
      for (let x = 0; x < kw * scale; x++) {
        const v = tile[Math.floor(y / scale) * kw + Math.floor(x / scale)]!;
        pixels[(y0 + y) * width + x0 + x] = Math.round(((v - lo) / span) * 255);
      }
    }
  }
  return { width, height, pixels };
}

/** The grid as a PNG data URI for an <img>. */
export function filterPngDataUri(shape: readonly number[], data: readonly number[]): { uri: string; width: number; height: number } {
  const g = filterGrid(shape, data);
  const png = encodeGrayPng(g.width, g.height, g.pixels);
  return { uri: `data:image/png;base64,${base64(png)}`, width: g.width, height: g.height };
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
