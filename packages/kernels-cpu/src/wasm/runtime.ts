import { gemmBlock } from './gemm-block.js';
import { encodeModule, type WasmFunction } from './module.js';
import { Code, V128 } from './code.js';
import { packA, packB } from './pack.js';
import { wasmFunction } from './function.js';
import { col2imFunction, im2colFunction } from './im2col.js';
import {
  binaryFunction,
  affineRowsFunction,
  binaryRowsFunction,
  reluBackwardFunction,
  reluFunction,
  sgdMomentumFunction,
  adamFunction,
  sgdFunction,
} from './elementwise.js';
import { PACK_SCRATCH_BYTES, sgemmDriver } from './sgemm-driver.js';
import { maxPool2x2Function } from './max-pool.js';
import { transposeFunction } from './transpose-copy.js';
import { batchNormBackwardFunction, batchNormForwardFunction, channelSumsFunction } from './batch-norm.js';
import { wasmHeap, type WasmHeap } from './heap.js';
import { convForwardFunction, im2colPackedFunction } from './im2col-packed.js';
import { maxPoolBackwardFunction } from './max-pool-backward.js';
import { winogradInputFunction } from './winograd-input.js';
import { winogradOutputFunction } from './winograd-output.js';
import { winogradFunction } from './winograd-driver.js';
import { winogradDyFunction, winogradPatchesFunction } from './winograd-weight-operands.js';
import { winogradWeightFunction } from './winograd-weight-driver.js';
import { argsInOrder, KERNELS, paramIndices, type KernelArgs, type KernelName } from './kernel-params.js';

const PAGE = 65536;
const MAX_PAGES = 32768; // 2 GiB
/** The most threads a runtime keeps packing scratch for. */
export const MAX_THREADS = 8;
/** Bytes at address 0 that the thread pool uses for its control words and task records. */
export const CONTROL_BYTES = PAGE;
const HEAP_BASE = CONTROL_BYTES + MAX_THREADS * PACK_SCRATCH_BYTES;

export interface WasmRuntime {
  readonly memory: WebAssembly.Memory;
  /** Whether memory is shared, so worker threads can run kernels on it. */
  readonly shared: boolean;
  /** Whether relaxed SIMD's fused multiply-add validated on this runtime. */
  readonly fused: boolean;
  /** The module's bytes, for worker threads to instantiate over the same memory. */
  readonly moduleBytes: Uint8Array<ArrayBuffer>;
  /** The exported kernels, taking their arguments in order (the thread pool's flat records). */
  readonly kernels: Readonly<Record<KernelName, (...args: number[]) => void>>;
  /** Runs one kernel on the calling thread, its arguments by name. */
  call<K extends KernelName>(kernel: K, args: KernelArgs<K>): void;
  /** A float32 view of memory, refreshed after growth. */
  f32(): Float32Array;
  /** Thread `t`'s PACK_SCRATCH_BYTES of packing scratch. */
  packScratch(thread: number): number;
  /** Scratch for the current `scoped` call: a 64-byte aligned block, freed when that call returns. */
  alloc(bytes: number): number;
  /**
   * Runs one kernel call: the scratch it allocates is freed on every exit, and where it throws,
   * the outputs it allocated too, so a failed op leaves memory exactly as it was.
   */
  scoped<T>(fn: () => T): T;
  /** The heap scratch and resident tensors share (shared memory only: unshared memory detaches its views as it grows). */
  readonly heap: WasmHeap;
  /** A view of `length` elements at `address`, over the memory as it is now. */
  view(
    type: Float32ArrayConstructor | Int32ArrayConstructor | Float64ArrayConstructor,
    address: number,
    length: number,
  ): Float32Array | Int32Array | Float64Array;
  /** Whether `values` is a view of this runtime's memory (made by `view`). */
  holds(values: ArrayBufferView): boolean;
}

let runtime: WasmRuntime | null | undefined;

/** The kernel module, compiled once per process; null where WebAssembly SIMD is missing. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = instantiate(typeof SharedArrayBuffer !== 'undefined');
  return runtime;
}

/** A runtime of its own over unshared memory, as where SharedArrayBuffer is missing (for tests). */
export function unsharedRuntime(): WasmRuntime | null {
  return instantiate(false);
}

function instantiate(shared: boolean): WasmRuntime | null {
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(simdProbe(false))) return null;
  const fused = WebAssembly.validate(simdProbe(true)) || enableRelaxedSimdOnNode20();
  const memory = new WebAssembly.Memory({
    initial: Math.ceil(HEAP_BASE / PAGE),
    maximum: MAX_PAGES,
    shared,
  } as WebAssembly.MemoryDescriptor);
  const moduleBytes = encodeModule(kernelFunctions(fused), { shared, maximumPages: MAX_PAGES });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes), { env: { memory } });
  const kernels = instance.exports as unknown as WasmRuntime['kernels'];
  let f32 = new Float32Array(memory.buffer);
  const heap = wasmHeap(memory, HEAP_BASE);
  const scratch: number[] = [];
  let depth = 0;
  // Shared memory hands out a new SharedArrayBuffer object after each growth; views of the old
  // ones stay valid, so every buffer a view was made over counts as this memory.
  const buffers = new WeakSet<ArrayBufferLike>();
  return {
    memory,
    shared,
    fused,
    moduleBytes,
    kernels,
    call: (kernel, args) => kernels[kernel](...argsInOrder(kernel, args)),
    f32() {
      if (f32.buffer !== memory.buffer || f32.length * 4 !== memory.buffer.byteLength) f32 = new Float32Array(memory.buffer);
      return f32;
    },
    packScratch: (thread) => CONTROL_BYTES + thread * PACK_SCRATCH_BYTES,
    alloc(bytes) {
      if (depth === 0) throw new Error('cpu: scratch allocated outside rt.scoped(), where nothing would free it');
      const at = heap.alloc(bytes);
      if (at === null) throw new Error(`cpu: wasm memory cannot grow by ${bytes} bytes of scratch (it stops at ${MAX_PAGES * PAGE} bytes)`);
      scratch.push(at);
      return at;
    },
    scoped(fn) {
      const mark = scratch.length;
      return heap.atomically(() => {
        depth++;
        try {
          return fn();
        } finally {
          depth--;
          while (scratch.length > mark) heap.free(scratch.pop()!);
        }
      });
    },
    heap,
    view(type, address, length) {
      const buffer = memory.buffer;
      buffers.add(buffer);
      return new type(buffer, address, length);
    },
    holds: (values) => buffers.has(values.buffer),
  };
}

function kernelFunctions(fused: boolean): WasmFunction[] {
  const index = (name: KernelName) => KERNELS.indexOf(name);
  const zero = paramIndices('zero');
  const functions: Record<KernelName, WasmFunction> = {
    gemm_block: gemmBlock(fused),
    pack_a: packA(),
    pack_b: packB(),
    sgemm: sgemmDriver({ gemmBlock: index('gemm_block'), packA: index('pack_a'), packB: index('pack_b') }),
    im2col: im2colFunction(),
    col2im: col2imFunction(),
    zero: wasmFunction('zero', (c) => c.get(zero.dst).i32(0).get(zero.bytes).memoryFill()),
    relu: reluFunction(),
    relu_backward: reluBackwardFunction(),
    add: binaryFunction('add'),
    add_rows: binaryRowsFunction('add'),
    sub: binaryFunction('sub'),
    sub_rows: binaryRowsFunction('sub'),
    mul: binaryFunction('mul'),
    mul_rows: binaryRowsFunction('mul'),
    div: binaryFunction('div'),
    div_rows: binaryRowsFunction('div'),
    affine_rows: affineRowsFunction(false),
    affine_relu_rows: affineRowsFunction(true),
    sgd_momentum: sgdMomentumFunction(),
    max_pool_2x2: maxPool2x2Function(),
    transpose: transposeFunction(),
    batch_norm_forward: batchNormForwardFunction(false),
    batch_norm_backward: batchNormBackwardFunction(false),
    batch_norm_relu_forward: batchNormForwardFunction(true),
    batch_norm_relu_backward: batchNormBackwardFunction(true),
    im2col_packed: im2colPackedFunction(),
    conv_forward: convForwardFunction({ gemmBlock: index('gemm_block'), im2colPacked: index('im2col_packed') }),
    max_pool_backward: maxPoolBackwardFunction(),
    channel_sums: channelSumsFunction(),
    adam: adamFunction(),
    sgd: sgdFunction(),
    winograd_input_2: winogradInputFunction(2),
    winograd_input_4: winogradInputFunction(4),
    winograd_output_2: winogradOutputFunction(2),
    winograd_output_4: winogradOutputFunction(4),
    winograd_2: winogradFunction(2, {
      gemmBlock: index('gemm_block'),
      input: index('winograd_input_2'),
      output: index('winograd_output_2'),
    }),
    winograd_4: winogradFunction(4, {
      gemmBlock: index('gemm_block'),
      input: index('winograd_input_4'),
      output: index('winograd_output_4'),
    }),
    winograd_patches_2: winogradPatchesFunction(2),
    winograd_patches_4: winogradPatchesFunction(4),
    winograd_dy_2: winogradDyFunction(2),
    winograd_dy_4: winogradDyFunction(4),
    winograd_weights_2: winogradWeightFunction(2, {
      gemmBlock: index('gemm_block'),
      patches: index('winograd_patches_2'),
      dy: index('winograd_dy_2'),
    }),
    winograd_weights_4: winogradWeightFunction(4, {
      gemmBlock: index('gemm_block'),
      patches: index('winograd_patches_4'),
      dy: index('winograd_dy_4'),
    }),
  };
  return KERNELS.map((name) => functions[name]);
}

/**
 * Node 20's V8 ships relaxed SIMD behind a flag that Bun, Deno and browsers no longer need.
 * Setting it before the first compile is what `--experimental-wasm-relaxed-simd` does.
 */
function enableRelaxedSimdOnNode20(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string; bun?: string }; getBuiltinModule?: (id: string) => unknown } })
    .process;
  if (!proc?.versions?.node || proc.versions.bun || !proc.getBuiltinModule) return false;
  const v8 = proc.getBuiltinModule('node:v8') as { setFlagsFromString(flags: string): void } | undefined;
  v8?.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(simdProbe(true));
}

/** A one-function module using f32x4 (and relaxed madd when `fused`), to test support. */
function simdProbe(fused: boolean): Uint8Array<ArrayBuffer> {
  const code = new Code().v128Zero().v128Zero().v128Zero();
  if (fused) code.f32x4RelaxedMadd();
  else code.f32x4Add().f32x4Add();
  code.set(0);
  return encodeModule([{ name: 'probe', params: [], locals: [V128], code }], { shared: false, maximumPages: 1 });
}
