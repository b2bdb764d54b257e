import type { Backend } from '@stride/core-tensor';
import { cpu, type CpuOptions } from '@stride/kernels-cpu';
import type { BackendName, BackendStatus, EngineInfo } from '../report/types.js';
import type { Engine } from './engine.js';
import { strideEngine } from './stride/engine.js';
import { tfjsEngine } from './tfjs/engine.js';
import { installNavigatorGpu } from './navigator-gpu.js';
import { loadTfjs, type TfBackendName } from './tfjs/load.js';
import { onnxEngine, onnxInfo } from './onnx/engine.js';
import { loadOrt, type OrtFlavour } from './onnx/load.js';
import { findTorch } from '../pytorch/python.js';

/** A column of the benchmark table: the engine, or why it could not start here. */
export interface EngineSlot {
  info: EngineInfo;
  engine: Engine | null;
  reason: string | null;
}

/** Each Stride backend and the tfjs backends that are its peers. */
const PEERS: Record<BackendName, TfBackendName[]> = { cpu: ['cpu', 'wasm'], webgpu: ['webgpu'] };

// Imported by a computed name: the package may not exist yet, and the build must not need it.
const WEBGPU_PACKAGE = '@stride/kernels-webgpu';

export const NOT_INSTALLED = 'backend not installed';

/** How the registry loads a package by name (replaceable in tests). */
export type PackageImporter = (name: string) => Promise<unknown>;
const importPackage: PackageImporter = (name) => import(name);

/** How `strideBackend` starts a backend; tests replace the package import and the GPU install. */
export interface StartOptions {
  cpu?: CpuOptions;
  load?: PackageImporter;
  installGpu?: () => Promise<unknown>;
}

/** Starts a Stride backend, or says why it cannot run here. */
export async function strideBackend(
  name: BackendName,
  opts: StartOptions = {},
): Promise<{ backend: Backend; adapter: string | null } | { reason: string }> {
  if (name === 'cpu') {
    const backend = cpu(opts.cpu ?? {});
    // For the cpu backend, "adapter" says how it runs: its thread count, and Winograd where it is off.
    const winograd = opts.cpu?.winograd === false ? ', Winograd off' : '';
    return { backend, adapter: `${backend.threads} thread${backend.threads === 1 ? '' : 's'}${winograd}` };
  }
  let factory: (() => Promise<Backend & { adapter?: string }>) | undefined;
  try {
    factory = ((await (opts.load ?? importPackage)(WEBGPU_PACKAGE)) as { webgpu?: () => Promise<Backend & { adapter?: string }> }).webgpu;
  } catch {
    return { reason: `${NOT_INSTALLED} (${WEBGPU_PACKAGE})` };
  }
  if (typeof factory !== 'function') return { reason: `${WEBGPU_PACKAGE} exports no webgpu()` };
  // Failing here is not final: webgpu() then finds its own GPU, or says why there is none.
  await (opts.installGpu ?? installNavigatorGpu)();
  try {
    const backend = await factory();
    return { backend, adapter: backend.adapter ?? (await adapterName()) };
  } catch (e) {
    return { reason: `no WebGPU adapter: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** What the report says of a backend that `strideBackend` started, or could not. */
export function statusOf(name: BackendName, started: Awaited<ReturnType<typeof strideBackend>>): BackendStatus {
  return 'reason' in started
    ? { name, available: false, reason: started.reason, adapter: null }
    : { name, available: true, reason: null, adapter: started.adapter };
}

/** Every requested backend's Stride engine and peers, in column order; unavailable ones say why. */
export async function loadEngines(
  backends: readonly BackendName[],
  cpuOptions: CpuOptions = {},
): Promise<{ slots: EngineSlot[]; statuses: BackendStatus[]; cpuThreads: number | null }> {
  const slots: EngineSlot[] = [];
  const statuses: BackendStatus[] = [];
  let cpuThreads: number | null = null;
  for (const name of backends) {
    const started = await strideBackend(name, { cpu: cpuOptions });
    statuses.push(statusOf(name, started));
    if ('reason' in started) continue;
    const info = strideInfo(name);
    slots.push({ info, engine: strideEngine(started.backend, info.id, info.label), reason: null });
    for (const peer of PEERS[name]) slots.push(await peerSlot(peer, name));
    if (name === 'cpu') {
      const threads = (started.backend as { threads?: number }).threads ?? 1;
      cpuThreads = threads;
      for (const flavour of ['node', 'web'] as const) slots.push(await onnxSlot(flavour, threads));
    }
  }
  return { slots, statuses, cpuThreads };
}

const strideInfo = (name: BackendName): EngineInfo => ({ id: `stride-${name}`, label: `Stride ${name}`, backend: name, library: 'stride' });

async function peerSlot(peer: TfBackendName, backend: BackendName): Promise<EngineSlot> {
  const info: EngineInfo = { id: `tfjs-${peer}`, label: `tfjs-${peer}`, backend, library: 'tfjs' };
  try {
    return { info, engine: tfjsEngine(await loadTfjs(peer), peer), reason: null };
  } catch (e) {
    return { info, engine: null, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * onnxruntime-node or -web on the inference rows, with Stride's cpu thread count. Unavailable,
 * with the reason, where the package will not load or no torch is here to export the models.
 */
export async function onnxSlot(flavour: OrtFlavour, threads: number): Promise<EngineSlot> {
  const info = onnxInfo(flavour);
  const torch = await findTorch();
  if ('reason' in torch) return { info, engine: null, reason: `exporting the models to ONNX needs Debian's PyTorch: ${torch.reason}` };
  try {
    return { info, engine: onnxEngine(await loadOrt(flavour, threads), flavour, threads), reason: null };
  } catch (e) {
    return { info, engine: null, reason: `${info.id} did not load: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The adapter the runtime would hand a WebGPU backend, described for the report. */
async function adapterName(): Promise<string | null> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) return null;
  const i = adapter.info ?? {};
  return [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' ') || 'unknown adapter';
}

/** The part of WebGPU's navigator.gpu the report reads (the DOM typings are not loaded here). */
interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; device?: string; description?: string } } | null>;
}
