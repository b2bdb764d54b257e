import { describe, expect, it } from 'vitest';
import { getBackend, zeros } from '@stride/core-tensor';
import '../src/index.js';

// API.md: cpu() is the default where no backend is set. Importing the package registers it; the
// first op creates it. (vitest runs each file in a fresh module graph, so nothing set one before.)
describe('the default backend', () => {
  it('importing @stride/kernels-cpu is enough for zeros([2])', async () => {
    const x = zeros([2]);
    expect(x.backend.name).toBe('cpu');
    expect(Array.from(await x.data())).toEqual([0, 0]);
    expect(getBackend()).toBe(x.backend);
    x.dispose();
  });
});
