import { describe, expect, it } from 'vitest';
import { createProgress, progressBar } from '../src/report/progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, write: (s: string) => chunks.push(s), isTTY, columns: 80 };
}

describe('progress', () => {
  it('fills the bar in proportion to the steps done', () => {
    expect(progressBar(1, 4, 8)).toBe('[██░░░░░░]');
    expect(progressBar(4, 4, 8)).toBe('[████████]');
  });
  it('on a terminal, redraws the bar in place and keeps step lines', () => {
    const s = sink(true);
    const p = createProgress(s);
    p.start('bench', 2);
    p.status('matmul 256');
    p.step('matmul 256: median 2 ms');
    expect(s.chunks).toEqual([
      '[░░░░░░░░░░░░░░░░░░░░░░░░] 0/2 bench: matmul 256',
      '\r\x1b[2K',
      '  matmul 256: median 2 ms\n',
      '[████████████░░░░░░░░░░░░] 1/2 bench: ',
    ]);
  });
  it('in a log, writes numbered lines only, and nothing for a silent step', () => {
    const s = sink(false);
    const p = createProgress(s);
    p.start('parity', 3);
    p.status('cpu on node');
    p.step('cpu on node: 374/374');
    p.step();
    expect(s.chunks.join('')).toBe('parity: 3 steps\n  [1/3] cpu on node: 374/374\n');
  });
});
