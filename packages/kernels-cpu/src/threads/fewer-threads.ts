/** What decides how many threads the backend gets: the runtime, not the caller's wish. */
export interface ThreadingFacts {
  /** Threads the caller asked for with `cpu({ threads })`; undefined: the default. */
  readonly asked: number | undefined;
  /** Threads the pool runs on. */
  readonly granted: number;
  /** Whether the WebAssembly path runs at all (`simd: false` turns it off). */
  readonly wasm: boolean;
  /** Whether the wasm memory is shared, which worker threads need. */
  readonly sharedMemory: boolean;
  /** The Node version where this is Node (not Bun), else undefined. */
  readonly nodeVersion: string | undefined;
  /** Whether `process.getBuiltinModule` exists (Node 20.16+), through which workers start in Node. */
  readonly getBuiltinModule: boolean;
}

/**
 * Why the backend runs on one thread where more were asked for or the machine has them, or null.
 * A user who asked for threads and silently got one sees a slow model and no cause; this names it.
 */
export function fewerThreadsReason(f: ThreadingFacts): string | null {
  if (f.nodeVersion !== undefined && !f.getBuiltinModule) {
    return (
      `cpu: Node ${f.nodeVersion} has no process.getBuiltinModule (Node 20.16+), through which the worker threads start, ` +
      'so every kernel runs on the calling thread; @stride/kernels-cpu supports Node 20.19 and later'
    );
  }
  if (f.asked === undefined || f.asked <= 1 || f.granted >= Math.min(f.asked, 2)) return null;
  if (!f.wasm) return `cpu: asked for ${f.asked} threads, but simd: false runs the typed-array kernels on the calling thread only`;
  if (!f.sharedMemory) {
    return (
      `cpu: asked for ${f.asked} threads, but runs on 1: the WebAssembly memory is not shared (SharedArrayBuffer is missing; ` +
      'in a browser, serve the page cross-origin isolated with the headers Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp), or sharedMemory: false was passed'
    );
  }
  return null;
}

const said = new Set<string>();

/** Prints `reason` once per process: a backend made per test or per page should not repeat it. */
export function warnOnce(reason: string | null): void {
  if (reason === null || said.has(reason)) return;
  said.add(reason);
  console.warn(reason);
}
