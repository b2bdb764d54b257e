/**
 * A drawing made MNIST-like, as LeCun et al. made MNIST's digits: the ink's bounding box scaled
 * (keeping its aspect ratio) to fit a 20×20 box, with area averaging, then placed in a 28×28
 * image so that the ink's centre of mass sits where MNIST's do: in the middle of pixel (14, 14)
 * (coordinates 14.5, 14.5; the mean over the test set is 14.49, 14.51).
 *
 * `ink` holds one value per pixel of a `width`×`height` drawing, 0 (paper) to 1 (ink); the result
 * is 784 values in [0, 1], row by row, ink bright as in MNIST. An empty drawing gives zeros.
 */
const CENTRE = 14.5;

export function mnistFromDrawing(ink: Float32Array, width: number, height: number): Float32Array {
  if (ink.length !== width * height) throw new Error(`mnistFromDrawing: ink has ${ink.length} values, expected ${width}×${height}`);
  const box = inkBox(ink, width, height);
  const out = new Float32Array(28 * 28);
  if (!box) return out;
  const scale = 20 / Math.max(box.w, box.h);
  const w = Math.max(1, Math.round(box.w * scale));
  const h = Math.max(1, Math.round(box.h * scale));
  const small = areaResample(ink, width, box, w, h);
  const [cy, cx] = centreOfMass(small, w, h);
  const top = clamp(Math.round(CENTRE - cy), 0, 28 - h);
  const left = clamp(Math.round(CENTRE - cx), 0, 28 - w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[(top + y) * 28 + left + x] = small[y * w + x]!;
  return out;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The smallest rectangle holding every pixel with ink, or null when there is none. */
function inkBox(ink: Float32Array, width: number, height: number): Box | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! <= 0.02) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/**
 * The box of `ink` resampled to w×h: each output pixel is the mean of the input area it covers,
 * partial pixels at its edges weighted by the fraction covered (anti-aliased like MNIST's digits).
 */
function areaResample(ink: Float32Array, width: number, box: Box, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  const sx = box.w / w;
  const sy = box.h / h;
  for (let oy = 0; oy < h; oy++) {
    const ya = box.y + oy * sy;
    const yb = ya + sy;
    for (let ox = 0; ox < w; ox++) {
      const xa = box.x + ox * sx;
      const xb = xa + sx;
      let sum = 0;
      for (let y = Math.floor(ya), yEnd = Math.min(Math.ceil(yb), box.y + box.h); y < yEnd; y++) {
        const wy = Math.min(yb, y + 1) - Math.max(ya, y);
        for (let x = Math.floor(xa), xEnd = Math.min(Math.ceil(xb), box.x + box.w); x < xEnd; x++) {
          sum += wy * (Math.min(xb, x + 1) - Math.max(xa, x)) * ink[y * width + x]!;
        }
      }
      out[oy * w + ox] = Math.min(1, sum / (sx * sy));
    }
  }
  return out;
}

/** [row, column] of the centre of mass, in pixel-centre coordinates (the middle of pixel 0 is 0.5). */
export function centreOfMass(image: Float32Array, w: number, h: number): [number, number] {
  let mass = 0;
  let my = 0;
  let mx = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = image[y * w + x]!;
      mass += v;
      my += v * (y + 0.5);
      mx += v * (x + 0.5);
    }
  }
  return mass > 0 ? [my / mass, mx / mass] : [h / 2, w / 2];
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
