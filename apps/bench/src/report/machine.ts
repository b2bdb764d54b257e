import { existsSync, readFileSync } from 'node:fs';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import type { Machine, PytorchInfo } from './types.js';

/** The machine as the report describes it: OS, CPU model, cores, memory, and the PyTorch that ran here. */
export function machineInfo(pytorch: PytorchInfo | null = null): Machine {
  const list = cpus();
  return {
    os: `${platform()} ${release()}`,
    arch: arch(),
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryBytes: totalmem(),
    pytorch,
  };
}

/** The packages whose versions a reader needs to compare runs. */
export const REPORTED_PACKAGES = [
  '@stride/core-tensor',
  '@stride/kernels-cpu',
  '@stride/kernels-webgpu',
  '@stride/layers',
  '@stride/norm',
  '@stride/optim',
  '@stride/zoo',
  '@stride/data-mnist-cifar',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgpu',
  'onnxruntime-node',
  'onnxruntime-web',
  // Dawn, which gives Node and Bun their WebGPU adapter.
  'webgpu',
  'vitest',
] as const;

/**
 * Installed versions, read from node_modules/<name>/package.json in the folders above `from`
 * (the way Node resolves them; a package's `exports` may hide its package.json). Packages not
 * installed are left out.
 */
export function packageVersions(from: string, names: readonly string[] = REPORTED_PACKAGES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    for (let dir = from; ; dir = dirname(dir)) {
      const pkg = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(pkg)) {
        out[name] = (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? 'unknown';
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return out;
}
