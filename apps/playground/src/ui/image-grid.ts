/** How values become colours: weights diverge around 0, activations and pixels start at 0. */
export type Colormap = 'diverging' | 'gray';

export interface GridOptions {
  /** Images in `data`, each `h`×`w`, one after another. */
  count: number;
  h: number;
  w: number;
  cols: number;
  colormap: Colormap;
  /** Gap between tiles, in CSS pixels. */
  gap?: number;
}

/**
 * Tiles `count` small images onto the canvas, each scaled to fill its cell without smoothing
 * and normalised on its own (a filter by its largest |weight|, a feature map by its maximum), so
 * each shows its own pattern whatever its scale.
 */
export function drawImageGrid(canvas: HTMLCanvasElement, data: Float32Array, opts: GridOptions): void {
  const { count, h, w, cols, colormap } = opts;
  const gap = opts.gap ?? 3;
  const rows = Math.ceil(count / cols);
  const tile = document.createElement('canvas');
  tile.width = w;
  tile.height = h;
  const tileCtx = tile.getContext('2d')!;
  const ctx = canvas.getContext('2d')!;
  const cell = Math.floor(Math.min((canvas.width - gap * (cols - 1)) / cols, (canvas.height - gap * (rows - 1)) / rows));
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  for (let i = 0; i < count; i++) {
    const values = data.subarray(i * h * w, (i + 1) * h * w);
    tileCtx.putImageData(toImageData(values, w, h, colormap), 0, 0);
    ctx.drawImage(tile, (i % cols) * (cell + gap), Math.floor(i / cols) * (cell + gap), cell, cell);
  }
}

function toImageData(values: Float32Array, w: number, h: number, colormap: Colormap): ImageData {
  const image = new ImageData(w, h);
  const scale = Math.max(1e-12, ...Array.from(values, Math.abs));
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = colormap === 'diverging' ? diverging(values[i]! / scale) : gray(values[i]! / scale);
    image.data.set([r, g, b, 255], i * 4);
  }
  return image;
}

/** -1 blue, 0 white, +1 red. */
function diverging(t: number): [number, number, number] {
  const a = Math.min(1, Math.abs(t));
  return t < 0
    ? [255 * (1 - a) + 33 * a, 255 * (1 - a) + 102 * a, 255 * (1 - a) + 172 * a]
    : [255 * (1 - a) + 178 * a, 255 * (1 - a) + 24 * a, 255 * (1 - a) + 43 * a];
}

/** 0 black, 1 white. */
function gray(t: number): [number, number, number] {
  const v = 255 * Math.min(1, Math.max(0, t));
  return [v, v, v];
}
