/** Where a long run reports how far it has got. */
export interface Progress {
  /** A new phase of `total` steps. */
  start(title: string, total: number): void;
  /** What is running now (redrawn in place on a terminal). */
  status(label: string): void;
  /** One step finished, with a line that stays (e.g. its timing), or silently. */
  step(line?: string): void;
  end(): void;
}

export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const BAR_WIDTH = 24;

/**
 * Progress on a stream (stderr): a bar redrawn in place on a terminal, or plain lines when
 * output goes to a file or CI log, so the log stays readable.
 */
export function createProgress(sink: ProgressSink): Progress {
  let title = '';
  let total = 0;
  let done = 0;
  let drawn = false;
  const clear = () => {
    if (drawn) sink.write('\r\x1b[2K');
    drawn = false;
  };
  const draw = (label: string) => {
    if (!sink.isTTY) return;
    clear();
    const line = `${progressBar(done, total, BAR_WIDTH)} ${done}/${total} ${title}: ${label}`;
    sink.write(line.slice(0, Math.max(20, (sink.columns ?? 100) - 1)));
    drawn = true;
  };
  return {
    start: (t, n) => {
      title = t;
      total = n;
      done = 0;
      if (!sink.isTTY) sink.write(`${title}: ${total} steps\n`);
    },
    status: (label) => draw(label),
    step: (line) => {
      done++;
      if (line !== undefined) {
        clear();
        sink.write(`  ${sink.isTTY ? '' : `[${done}/${total}] `}${line}\n`);
      }
      draw('');
    },
    end: () => clear(),
  };
}

/** `[██████░░░░]` filled in proportion to done/total. */
export function progressBar(done: number, total: number, width: number): string {
  const filled = total <= 0 ? width : Math.min(width, Math.round((done / total) * width));
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}
