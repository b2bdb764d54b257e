/** Where a bar stands in a longer run: items done before it, and the run's total. */
export interface RunPosition {
  done: number;
  total: number;
}

/**
 * A one-line progress bar: redrawn in place on a terminal, printed every tenth of the way
 * otherwise (CI logs), so both stay readable. Given the run's position, it also estimates the
 * time left for the whole run at this bar's rate.
 */
export class Progress {
  private readonly start = performance.now();
  private lastTenth = -1;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly run?: RunPosition,
  ) {
    const stderr = (globalThis as { process?: { stderr?: { isTTY?: boolean } } }).process?.stderr;
    this.tty = stderr?.isTTY === true;
  }

  /** `done` items of `total`, with named values shown after the bar. */
  update(done: number, values: Record<string, string>): void {
    const fraction = Math.min(done / this.total, 1);
    const seconds = (performance.now() - this.start) / 1000;
    const rate = done / Math.max(seconds, 1e-9);
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const shown = Object.entries(values)
      .map(([k, v]) => `${k} ${v}`)
      .join('  ');
    const runEta = this.run ? `, run ${formatSeconds((this.run.total - this.run.done - done) / Math.max(rate, 1e-9))}` : '';
    const line = `${this.label} ${bar} ${String(done).padStart(String(this.total).length)}/${this.total}  ${shown}  ${rate.toFixed(0)} img/s  ETA ${formatSeconds(eta)}${runEta}`;
    const tenth = Math.floor(fraction * 10);
    if (this.tty) writeErr(`\r${line}`);
    else if (tenth !== this.lastTenth) console.log(line);
    this.lastTenth = tenth;
  }

  finish(): number {
    if (this.tty) writeErr('\n');
    return (performance.now() - this.start) / 1000;
  }
}

function writeErr(text: string): void {
  const stderr = (globalThis as { process?: { stderr?: { write(s: string): void } } }).process?.stderr;
  if (stderr) stderr.write(text);
  else console.log(text);
}

export function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(0)}s`;
}
