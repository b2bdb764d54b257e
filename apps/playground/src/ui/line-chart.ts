/** One line of a chart: points as [x, y], drawn in `color`. */
export interface Series {
  label: string;
  color: string;
  points: readonly (readonly [number, number])[];
  width?: number;
  /** Draw a dot at each point (for sparse series such as test accuracy). */
  dots?: boolean;
}

export interface ChartOptions {
  series: readonly Series[];
  /** Fixed y range; otherwise from 0 to the data's maximum. */
  yRange?: readonly [number, number];
  /** The y range while there is no data yet. */
  emptyYRange?: readonly [number, number];
  /** Shown in the middle while there is no data yet. */
  emptyText?: string;
  xLabel: string;
  formatY?: (v: number) => string;
}

const PAD = { left: 44, right: 12, top: 24, bottom: 30 };

/** A line chart on a canvas, sized to its CSS box at the device's pixel ratio. */
export function drawLineChart(canvas: HTMLCanvasElement, opts: ChartOptions): void {
  const ctx = sizedContext(canvas);
  const { width, height } = canvas.getBoundingClientRect();
  ctx.clearRect(0, 0, width, height);
  const all = opts.series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const [y0, y1] = opts.yRange ?? (all.length ? [0, Math.max(1e-6, ...all.map((p) => p[1])) * 1.05] : (opts.emptyYRange ?? [0, 1]));
  const plot = { x: PAD.left, y: PAD.top, w: width - PAD.left - PAD.right, h: height - PAD.top - PAD.bottom };
  const px = (x: number) => plot.x + (x / xMax) * plot.w;
  const py = (y: number) => plot.y + plot.h - ((Math.min(y1, Math.max(y0, y)) - y0) / (y1 - y0)) * plot.h;
  const format = opts.formatY ?? ((v: number) => v.toFixed(2));

  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = '#e3e6ec';
  ctx.fillStyle = '#6b7280';
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let i = 0; i <= 4; i++) {
    const v = y0 + ((y1 - y0) * i) / 4;
    const y = Math.round(py(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(plot.x, y);
    ctx.lineTo(plot.x + plot.w, y);
    ctx.stroke();
    ctx.fillText(format(v), plot.x - 6, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const x of niceTicks(xMax)) ctx.fillText(String(x), px(x), plot.y + plot.h + 6);
  ctx.fillText(opts.xLabel, plot.x + plot.w / 2, plot.y + plot.h + 18);

  for (const s of opts.series) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = s.width ?? 1.5;
    ctx.beginPath();
    s.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(px(x), py(y)) : ctx.lineTo(px(x), py(y))));
    ctx.stroke();
    if (s.dots) for (const [x, y] of s.points) ctx.fillRect(px(x) - 2, py(y) - 2, 4, 4);
  }
  drawLegend(ctx, opts.series, plot.x, 6);
  if (!all.length && opts.emptyText) {
    ctx.fillStyle = '#9ca3af';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = '13px system-ui, sans-serif';
    ctx.fillText(opts.emptyText, plot.x + plot.w / 2, plot.y + plot.h / 2);
  }
}

function drawLegend(ctx: CanvasRenderingContext2D, series: readonly Series[], x0: number, y: number): void {
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  let x = x0;
  for (const s of series) {
    ctx.fillStyle = s.color;
    ctx.fillRect(x, y + 4, 14, 3);
    ctx.fillStyle = '#374151';
    ctx.fillText(s.label, x + 18, y);
    x += 18 + ctx.measureText(s.label).width + 16;
  }
}

/** About five round numbers from 0 to max. */
function niceTicks(max: number): number[] {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let x = 0; x <= max + 1e-9; x += step) ticks.push(Math.round(x));
  return ticks;
}

/** The canvas's 2-D context, its bitmap matched to its CSS size × devicePixelRatio. */
export function sizedContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const { width, height } = canvas.getBoundingClientRect();
  const ratio = globalThis.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}
