// Number formats shared by the terminal table and the HTML report.

/** Milliseconds with three significant digits: 0.123 ms, 12.3 ms, 1234 ms. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${ms.toPrecision(3)} ms`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** A speed ratio with two significant digits, `2.4×`, `0.37×`, `1.3e-3×`: the noise here is larger than a third digit. */
export function formatRatio(r: number | null): string {
  if (r === null) return '—';
  return r >= 0.01 ? `${twoDigits(r)}×` : `${r.toExponential(1)}×`;
}

/** A ratio and its spread over the runs: `2.4× (2.1–2.9)`. */
export function formatRatioWithSpread(r: number | null, spread: readonly [number, number] | null): string {
  if (r === null) return '—';
  return spread === null ? formatRatio(r) : `${formatRatio(r)} (${twoDigits(spread[0])}–${twoDigits(spread[1])})`;
}

function twoDigits(x: number): string {
  return x >= 100 ? x.toFixed(0) : Number(x.toPrecision(2)).toString();
}

export function formatRate(v: number | null, digits = 2): string {
  return v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(digits);
}

/**
 * A text table: columns padded to their widest cell, numbers (cells starting with a digit or
 * a dash placeholder) right-aligned, a rule under the header.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^([-+]?\d|—|n\/a)/.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? padStart(c, widths[i]!) : padEnd(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// Characters, not UTF-16 units, so ², → and × take one column.
const width = (s: string) => [...s].length;
const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - width(s))) + s;
