// Inline SVG charts for the HTML report: no script, no CDN, readable in any browser.

export interface RatioBar {
  label: string;
  /** One bar per peer; null where there is no ratio (unsupported, unavailable). */
  values: { peer: string; ratio: number | null; note?: string }[];
}

const COLORS = ['#2b6cb0', '#dd6b20', '#38a169', '#805ad5', '#c53030', '#319795'];
const FONT = 'font-family="system-ui, sans-serif" font-size="11"';

/**
 * Grouped horizontal bars of Stride's speed over each peer, on a log scale centred on 1×
 * (bars to the right: Stride faster). Missing ratios show their note instead of a bar.
 */
export function ratioChart(bars: readonly RatioBar[], peers: readonly string[]): string {
  const labelWidth = 260;
  const plotWidth = 420;
  const barHeight = 9;
  const groupHeight = peers.length * (barHeight + 2) + 8;
  const height = bars.length * groupHeight + 40;
  const ratios = bars.flatMap((b) => b.values.map((v) => v.ratio)).filter((r): r is number => r !== null && r > 0);
  const span = Math.max(1, ...ratios.map((r) => Math.ceil(Math.abs(Math.log10(r)))));
  const x = (r: number) => labelWidth + ((Math.log10(r) + span) / (2 * span)) * plotWidth;
  const parts: string[] = [];
  for (let d = -span; d <= span; d++) {
    const px = x(10 ** d);
    parts.push(`<line x1="${px}" y1="20" x2="${px}" y2="${height - 20}" stroke="${d === 0 ? '#333' : '#ddd'}"/>`);
    parts.push(`<text x="${px}" y="14" text-anchor="middle" ${FONT}>${formatTick(10 ** d)}</text>`);
  }
  bars.forEach((b, i) => {
    const y0 = 24 + i * groupHeight;
    parts.push(`<text x="${labelWidth - 6}" y="${y0 + groupHeight / 2}" text-anchor="end" ${FONT}>${esc(b.label)}</text>`);
    b.values.forEach((v, j) => {
      const y = y0 + j * (barHeight + 2);
      const color = COLORS[peers.indexOf(v.peer) % COLORS.length];
      if (v.ratio === null || v.ratio <= 0) {
        parts.push(`<text x="${x(1) + 4}" y="${y + barHeight - 1}" fill="#999" ${FONT}>${esc(`${v.peer}: ${v.note ?? 'no result'}`)}</text>`);
        return;
      }
      const [a, c] = [x(1), x(v.ratio)];
      parts.push(`<rect class="bar" x="${Math.min(a, c)}" y="${y}" width="${Math.max(1, Math.abs(c - a))}" height="${barHeight}" fill="${color}"><title>${esc(`${b.label} vs ${v.peer}: ${v.ratio.toFixed(2)}×`)}</title></rect>`);
    });
  });
  // Legend entries side by side, each as wide as its label (about 6.5 px a character at 11 px).
  let legendX = labelWidth;
  const legend = peers.map((p, i) => {
    const x = legendX;
    legendX += 30 + Math.ceil(6.5 * `vs ${p}`.length);
    return `<rect x="${x}" y="${height - 14}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${x + 14}" y="${height - 5}" ${FONT}>vs ${esc(p)}</text>`;
  });
  return svg(Math.max(labelWidth + plotWidth + 20, legendX), height, [...parts, ...legend].join(''), 'ratio-chart');
}

/** A line of values per step (a training loss), with axes and tick labels. */
export function lineChart(values: readonly number[], opts: { xLabel: string; yLabel: string }): string {
  const [w, h, left, bottom, top, right] = [640, 260, 50, 36, 12, 16];
  const maxY = Math.max(...values, 1e-9);
  const n = Math.max(values.length - 1, 1);
  const px = (i: number) => left + (i / n) * (w - left - right);
  const py = (v: number) => top + (1 - v / maxY) * (h - top - bottom);
  const points = values.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
  const ticks: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (maxY * k) / 4;
    ticks.push(`<line x1="${left}" y1="${py(v)}" x2="${w - right}" y2="${py(v)}" stroke="#eee"/><text x="${left - 4}" y="${py(v) + 4}" text-anchor="end" ${FONT}>${v.toFixed(2)}</text>`);
  }
  for (const i of [0, Math.round(n / 2), n]) {
    ticks.push(`<text x="${px(i)}" y="${h - bottom + 14}" text-anchor="middle" ${FONT}>${i + 1}</text>`);
  }
  const body = [
    ...ticks,
    `<line x1="${left}" y1="${h - bottom}" x2="${w - right}" y2="${h - bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${h - bottom}" stroke="#333"/>`,
    `<polyline class="curve" points="${points}" fill="none" stroke="#2b6cb0" stroke-width="1.5"/>`,
    `<text x="${(left + w - right) / 2}" y="${h - 6}" text-anchor="middle" ${FONT}>${esc(opts.xLabel)}</text>`,
    `<text x="12" y="${(top + h - bottom) / 2}" text-anchor="middle" transform="rotate(-90 12 ${(top + h - bottom) / 2})" ${FONT}>${esc(opts.yLabel)}</text>`,
  ];
  return svg(w, h, body.join(''), 'line-chart');
}

function svg(width: number, height: number, body: string, cls: string): string {
  return `<svg class="${cls}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}

function formatTick(r: number): string {
  return r >= 1 ? `${r}×` : `1/${Math.round(1 / r)}×`;
}

/** Text safe inside HTML and SVG. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
