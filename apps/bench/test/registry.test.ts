import { describe, expect, it } from 'vitest';
import { strideBackend } from '../src/engines/registry.js';

// The tests inject the package; no Dawn instance is installed as navigator.gpu.
const noGpuInstall = async () => null;

describe('strideBackend', () => {
  it('says the WebGPU backend is not installed when its package cannot be imported', async () => {
    const r = await strideBackend('webgpu', {
      load: () => Promise.reject(new Error("Cannot find package '@stride/kernels-webgpu'")),
      installGpu: noGpuInstall,
    });
    expect(r).toEqual({ reason: 'backend not installed (@stride/kernels-webgpu)' });
  });
  it('passes on the factory’s own reason when there is no adapter', async () => {
    const webgpu = () => Promise.reject(new Error('webgpu(): no GPU adapter'));
    expect(await strideBackend('webgpu', { load: async () => ({ webgpu }), installGpu: noGpuInstall })).toEqual({
      reason: 'no WebGPU adapter: webgpu(): no GPU adapter',
    });
  });
  it('says so when the package has no webgpu() factory', async () => {
    expect(await strideBackend('webgpu', { load: async () => ({}), installGpu: noGpuInstall })).toEqual({
      reason: '@stride/kernels-webgpu exports no webgpu()',
    });
  });
  it('starts the cpu backend with the thread count asked for, and says it', async () => {
    const r = await strideBackend('cpu', { installGpu: noGpuInstall, cpu: { threads: 1 } });
    expect(r).toMatchObject({ adapter: '1 thread' });
    expect('backend' in r && (r.backend as { threads?: number }).threads).toBe(1);
  });
  it('says so when the cpu backend runs without Winograd', async () => {
    const r = await strideBackend('cpu', { installGpu: noGpuInstall, cpu: { threads: 2, winograd: false } });
    expect(r).toMatchObject({ adapter: '2 threads, Winograd off' });
  });
  it('reports the adapter the backend describes', async () => {
    const backend = { name: 'webgpu', adapter: 'mesa llvmpipe' };
    const r = await strideBackend('webgpu', { load: async () => ({ webgpu: async () => backend }), installGpu: noGpuInstall });
    expect(r).toEqual({ backend, adapter: 'mesa llvmpipe' });
  });
});
