import type { TaskMeta } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Worst fixture error ratio of the test (see src/parity/error-ratio.ts); JSON has no Infinity. */
    worstRatio?: number | 'Infinity';
  }
}

let current: TaskMeta | null = null;

/**
 * Keeps the worst error ratio of the running test in its `meta.worstRatio`, which vitest's JSON
 * reporter carries to `stride-bench parity`.
 */
export const recorder = {
  begin(meta: TaskMeta): void {
    current = meta;
  },
  record(ratio: number): void {
    if (!current) return;
    const previous = current.worstRatio ?? 0;
    current.worstRatio = ratio === Infinity || previous === 'Infinity' ? 'Infinity' : Math.max(previous, ratio);
  },
};
