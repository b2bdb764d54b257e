import { afterEach, describe, expect, it, vi } from 'vitest';
import { functional as F, rand, tensor, tidy } from '@stride/core-tensor';
import { webgpu } from '../src/index.js';

describe('webgpu() finding a device', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('rejects naming navigator.gpu when the runtime offers WebGPU but no adapter', async () => {
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => null } });
    await expect(webgpu()).rejects.toThrow(
      /^webgpu\(\): no GPU adapter: navigator\.gpu\.requestAdapter\(\) returned null.*VK_ICD_FILENAMES.*pass \{ device \}/,
    );
  });

  it('runs on an injected device and leaves it alive on destroy()', async () => {
    const owner = await webgpu();
    const b = await webgpu({ device: owner.device });
    expect(b.adapter).toBe('injected GPUDevice');
    const x = tensor([1, 2, 3], [3], { backend: b });
    expect(Array.from(await x.data())).toEqual([1, 2, 3]);
    x.dispose();
    b.destroy();
    const y = tensor([4], [1], { backend: owner });
    expect(Array.from(await y.data())).toEqual([4]);
    y.dispose();
    owner.destroy();
  });
});

describe('work()', () => {
  it('counts each dispatch as it is recorded and each submit, which a read makes', async () => {
    const b = await webgpu();
    const x = tensor([1, -2, 3, -4], [4], { backend: b });
    const [w, c] = [tensor([1, 2], [2], { backend: b }), tensor([0.5, -1], [2], { backend: b })];
    const start = b.work();
    // One dispatch: channelAffine with ReLU over [2, 2].
    const y = F.channelAffine(x.reshape([2, 2]), w, c, { relu: true });
    expect(b.work()).toEqual({ dispatches: start.dispatches + 1, submits: start.submits });
    expect(Array.from(await y.data())).toEqual([1.5, 0, 3.5, 0]);
    expect(b.work().submits).toBe(start.submits + 1);
    for (const t of [x, w, c, y]) t.dispose();
    b.destroy();
  });
});

describe('a lost device', () => {
  it('fails the next op and the next read with the reason instead of hanging', async () => {
    const b = await webgpu();
    const x = tensor([1, 2, 3], [3], { backend: b });
    b.device.destroy();
    await b.device.lost;
    expect(() => x.add(1)).toThrow(/^webgpu .*: the GPU device was lost \(destroyed/);
    await expect(x.data()).rejects.toThrow(/the GPU device was lost/);
    x.dispose();
  });

  it('rejects a read already waiting on the device', async () => {
    const b = await webgpu();
    const x = rand([1000], { seed: 1, backend: b });
    const pending = x.data();
    b.device.destroy();
    await expect(pending).rejects.toThrow(/the GPU device was lost/);
    x.dispose();
  });
});

describe('the buffer pool', () => {
  it('reuses buffers so a repeated step stops allocating', async () => {
    const b = await webgpu();
    const w = rand([64, 32], { seed: 2, backend: b, requiresGrad: true });
    const x = rand([16, 32], { seed: 3, backend: b });
    const y = tensor(
      Int32Array.from({ length: 16 }, (_, i) => i % 10),
      [16],
      { dtype: 'int32', backend: b },
    );
    const totals: number[] = [];
    for (let step = 0; step < 12; step++) {
      const loss = tidy(() => {
        const loss = F.crossEntropy(F.linear(x, w), y);
        loss.backward();
        return loss;
      });
      await loss.data();
      loss.dispose();
      w.grad!.dispose();
      w.grad = null;
      totals.push(b.memory().totalBytes);
    }
    expect(totals.slice(3)).toEqual(totals.slice(3).map(() => totals[3]));
    expect(b.memory().reused).toBeGreaterThan(b.memory().created);
    [w, x, y].forEach((t) => t.dispose());
    b.destroy();
  });
});
