import type { TypedArray } from '@stride/core-tensor';
import {
  defineBackend,
  registerDefaultBackend,
  type Backend,
  type DataId,
  type DeclaredCapabilities,
  type RequiredKernels,
} from '@stride/core-tensor/backend';
import { chooseEngine } from './loops/gemm-engine.js';
import { loops } from './loops/index.js';
import { simdOverlays } from './simd/index.js';
import { simdEngine } from './simd/sgemm-engine.js';
import { keepResidentIn, ownCopy, recycledBytes, release, store, valuesOf } from './storage.js';
import { defaultThreads, threadPool } from './threads/thread-pool.js';
import { fewerThreadsReason, type ThreadingFacts, warnOnce } from './threads/fewer-threads.js';
import { unsharedRuntime, wasmRuntime } from './wasm/runtime.js';

export interface CpuOptions {
  /**
   * Threads for the WebAssembly path, this one included (default: the machine's cores, at
   * most 8). One where SharedArrayBuffer is missing. The typed-array reference kernels run on one.
   */
  readonly threads?: number;
  /**
   * false: behave as where SharedArrayBuffer is missing (a page that is not cross-origin
   * isolated): wasm memory is not shared and everything runs on the calling thread. A testing aid.
   */
  readonly sharedMemory?: boolean;
  /**
   * false: leave every optional kernel (conv, pooling averages, softmax) to core's defaults,
   * composed from the required kernels. A testing aid: the conformance suite runs this way too,
   * which proves the defaults a new backend starts from.
   */
  readonly optionalKernels?: boolean;
  /** false: float32 GEMMs on the typed-array reference path instead of WebAssembly SIMD. */
  readonly simd?: boolean;
  /**
   * false: stride-1 3×3 convolutions on the direct path (packed columns and the blocked GEMM)
   * instead of Winograd's F(2×2, 3×3) or F(4×4, 3×3), which they take by default where those
   * need fewer operations. For comparing the two. `{ tile: 2 }` or `{ tile: 4 }`: every such
   * convolution by F(2×2) or F(4×4) (F(2×2) past F(4×4)'s precision limits), small ones
   * included, which the default leaves direct. A testing aid: the conformance suite runs so.
   */
  readonly winograd?: boolean | { readonly tile: 2 | 4 };
}

const capabilities: DeclaredCapabilities = {
  dtypes: ['float32', 'int32', 'float64'],
  f16: false,
  maxBufferBytes: 2 ** 31 - 1,
};

/** Buffers are copied in and out: callers may reuse what they pass and mutate what they get. */
const storage = {
  write: (values: TypedArray) => store(ownCopy(values)),
  read: async (id: DataId) => valuesOf(id).slice(),
  readSync: (id: DataId) => valuesOf(id).slice(),
  disposeData: release,
  sync: async () => {},
} satisfies Pick<RequiredKernels, 'write' | 'read' | 'readSync' | 'disposeData' | 'sync'>;

/**
 * The CPU backend: every kernel on typed arrays, with float32 matmul and convolution (im2col +
 * blocked GEMM) on WebAssembly SIMD micro-kernels where the runtime has them.
 */
export interface CpuBackend extends Backend {
  /** Threads the WebAssembly kernels run on (1 without SIMD or shared memory). */
  readonly threads: number;
  /** Lets the worker threads go; the backend keeps working on the calling thread. */
  dispose(): void;
  /** Where this backend's memory is, for soak tests and leak hunts (bytes). */
  memoryStats(): CpuMemoryStats;
}

export interface CpuMemoryStats {
  /** The WebAssembly memory's size: it grows and never shrinks. */
  readonly wasmMemoryBytes: number;
  /** Blocks of it in use (tensors and scratch), and the end of the carved region. */
  readonly wasmHeapUsedBytes: number;
  readonly wasmHeapTopBytes: number;
  /** Freed JavaScript arrays kept for the next step's outputs. */
  readonly recycledBytes: number;
}

export function cpu(opts: CpuOptions = {}): CpuBackend {
  const rt = opts.simd === false ? null : opts.sharedMemory === false ? unsharedRuntime() : wasmRuntime();
  const pool = rt ? threadPool(rt, opts.threads ?? defaultThreads()) : null;
  if (rt?.shared) keepResidentIn(rt);
  const typedArrays = loops(chooseEngine(rt && pool ? simdEngine(rt, pool) : null), () => backend);
  const simd = rt && pool ? simdOverlays(rt, pool, typedArrays, { winograd: opts.winograd ?? true }) : {};
  const backend = defineBackend(
    'cpu',
    capabilities,
    { ...storage, ...typedArrays, ...simd },
    { requiredOnly: opts.optionalKernels === false },
  );
  const memoryStats = (): CpuMemoryStats => ({
    wasmMemoryBytes: rt?.memory.buffer.byteLength ?? 0,
    wasmHeapUsedBytes: rt?.heap.usedBytes ?? 0,
    wasmHeapTopBytes: rt?.heap.topBytes ?? 0,
    recycledBytes: recycledBytes(),
  });
  const threads = pool?.threads ?? 1;
  warnOnce(
    fewerThreadsReason({ asked: opts.threads, granted: threads, wasm: rt !== null, sharedMemory: rt?.shared ?? false, ...nodeFacts() }),
  );
  return Object.assign(backend, { threads, dispose: () => pool?.dispose(), memoryStats });
}

function nodeFacts(): Pick<ThreadingFacts, 'nodeVersion' | 'getBuiltinModule'> {
  const proc = (globalThis as { process?: { versions?: { node?: string; bun?: string }; getBuiltinModule?: unknown } }).process;
  const isNode = proc?.versions?.node !== undefined && proc.versions.bun === undefined;
  return { nodeVersion: isNode ? proc!.versions!.node : undefined, getBuiltinModule: typeof proc?.getBuiltinModule === 'function' };
}

// API.md: the CPU backend is the default where none is set. Importing this package registers
// it; core creates it on the first op that needs a backend.
registerDefaultBackend('cpu', () => cpu());
