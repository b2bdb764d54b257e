/**
 * Blocks of wasm memory with any lifetime: tensors that live in wasm memory, so kernels read and
 * write them where they are instead of copying them in and out, and the scratch kernels take
 * for the length of one call.
 *
 * Sizes round up to classes (four per power of two, so a block wastes at most a quarter) and
 * a freed block waits on its class's list for the next request of that class: a training step
 * asks for the same sizes step after step, so after the first step nothing is carved anew.
 * Blocks are 64-byte aligned and keep 16 bytes past what was asked for, because the SIMD
 * kernels move whole vectors and may read or write up to the next multiple of four floats.
 */
export interface WasmHeap {
  /**
   * A block of at least `bytes` bytes; null where memory cannot grow that far. Throws for a size
   * that is not a finite non-negative integer: one NaN top would hand every later block the
   * same memory.
   */
  alloc(bytes: number): number | null;
  free(address: number): void;
  /** Bytes in blocks handed out and not freed. */
  readonly usedBytes: number;
  /** The end of the carved region: blocks are reused below it, and memory grows only past it. */
  readonly topBytes: number;
  /**
   * Runs `fn`, and where it throws frees every block it allocated that is still live, so a failed
   * kernel leaves the heap as it found it (its outputs never reached a buffer handle).
   */
  atomically<T>(fn: () => T): T;
}

const PAGE = 65536;
const ALIGN = 64;
const SLACK = 16;

/** The block size a request of `bytes` gets: 64-byte steps up to 1 KiB, then four per power of two. */
export function blockSize(bytes: number): number {
  const need = Math.max(ALIGN, bytes + SLACK);
  if (need <= 1024) return Math.ceil(need / ALIGN) * ALIGN;
  const step = 2 ** (Math.floor(Math.log2(need)) - 2);
  return Math.ceil(need / step) * step;
}

/** A heap over `memory` from byte `base` up, growing memory as blocks are carved. */
export function wasmHeap(memory: WebAssembly.Memory, base: number): WasmHeap {
  let top = Math.ceil(base / ALIGN) * ALIGN;
  const freeBlocks = new Map<number, number[]>();
  const sizeAt = new Map<number, number>();
  let used = 0;
  // Blocks allocated inside `atomically` (outermost call first), to free if it throws.
  let journal: number[] | null = null;
  const release = (address: number) => {
    const size = sizeAt.get(address);
    if (size === undefined) throw new Error(`cpu: freeing wasm address ${address}, which is not a live block`);
    sizeAt.delete(address);
    used -= size;
    const list = freeBlocks.get(size);
    if (list) list.push(address);
    else freeBlocks.set(size, [address]);
  };
  const smallestFreeAbove = (size: number): number | null => {
    let best: number | null = null;
    for (const [candidate, list] of freeBlocks)
      if (candidate > size && list.length > 0 && (best === null || candidate < best)) best = candidate;
    return best;
  };
  return {
    alloc(bytes) {
      if (!Number.isSafeInteger(bytes) || bytes < 0) {
        throw new Error(`cpu: wasm heap asked for ${bytes} bytes (expected a finite non-negative integer)`);
      }
      let size = blockSize(bytes);
      let at = freeBlocks.get(size)?.pop();
      if (at === undefined) {
        const end = top + size;
        const have = memory.buffer.byteLength;
        let grown = end <= have;
        if (!grown) {
          try {
            memory.grow(Math.ceil((end - have) / PAGE));
            grown = true;
          } catch {
            // Memory stops at its maximum: a free block of a larger class serves rather than fail
            // (blocks are never merged, so a process that made many sizes would otherwise run out).
            const larger = smallestFreeAbove(size);
            if (larger === null) return null;
            size = larger;
            at = freeBlocks.get(size)!.pop()!;
          }
        }
        if (grown) {
          at = top;
          top = end;
        }
      }
      sizeAt.set(at!, size);
      used += size;
      journal?.push(at!);
      return at!;
    },
    free: release,
    get usedBytes() {
      return used;
    },
    get topBytes() {
      return top;
    },
    atomically(fn) {
      const outer = journal === null;
      if (outer) journal = [];
      const start = journal!.length;
      let failed = true;
      try {
        const result = fn();
        failed = false;
        return result;
      } finally {
        const log = journal!;
        // A block logged and live now was (re)allocated inside this call: nothing outside holds it.
        if (failed) for (const at of log.splice(start)) if (sizeAt.has(at)) release(at);
        if (outer) journal = null;
      }
    },
  };
}
