import { gemmBlock } from './gemm-block.js';
import { encodeModule } from './module.js';
import { Code, V128 } from './code.js';

const PAGE = 65536;
const MAX_PAGES = 32768; // 2 GiB

export interface WasmRuntime {
  readonly memory: WebAssembly.Memory;
  /** Whether relaxed SIMD's fused multiply-add validated on this runtime. */
  readonly fused: boolean;
  readonly gemmBlock: (mPanels: number, nPanels: number, kc: number, aPack: number, bPack: number, c: number, ldc: number) => void;
  /** A float32 view of memory, refreshed after growth. */
  f32(): Float32Array;
  /** Makes memory at least `bytes` long. */
  ensure(bytes: number): void;
}

let runtime: WasmRuntime | null | undefined;

/** The shared kernel module, compiled once per process; null where WebAssembly SIMD is missing. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = instantiate();
  return runtime;
}

function instantiate(): WasmRuntime | null {
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(simdProbe(false))) return null;
  const fused = WebAssembly.validate(simdProbe(true)) || enableRelaxedSimdOnNode20();
  const shared = typeof SharedArrayBuffer !== 'undefined';
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared } as WebAssembly.MemoryDescriptor);
  const bytes = encodeModule([gemmBlock(fused)], { shared, maximumPages: MAX_PAGES });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const exports = instance.exports as unknown as { gemm_block: WasmRuntime['gemmBlock'] };
  let view = new Float32Array(memory.buffer);
  return {
    memory,
    fused,
    gemmBlock: exports.gemm_block,
    f32() {
      if (view.buffer !== memory.buffer || view.length * 4 !== memory.buffer.byteLength) view = new Float32Array(memory.buffer);
      return view;
    },
    ensure(bytes: number) {
      const have = memory.buffer.byteLength;
      if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
    },
  };
}

/**
 * Node 20's V8 ships relaxed SIMD behind a flag that Bun, Deno and browsers no longer need.
 * Setting it before the first compile is what `--experimental-wasm-relaxed-simd` does.
 */
function enableRelaxedSimdOnNode20(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string; bun?: string }; getBuiltinModule?: (id: string) => unknown } }).process;
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
