export { webgpu, type WebGpuBackend, type WebGpuOptions } from './webgpu.js';
export type { PoolStats } from './gpu/buffer-pool.js';
