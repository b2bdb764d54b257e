import { runTasks, workerMain } from './task-runner.js';

export interface WorkerInit {
  memory: WebAssembly.Memory;
  moduleBytes: Uint8Array<ArrayBuffer>;
  thread: number;
  kernels: readonly string[];
}

export interface WorkerHandle {
  terminate(): void;
}

type NodeWorkerThreads = {
  Worker: new (source: string, opts: { eval: true; workerData: WorkerInit }) => WorkerHandle & { unref(): void };
};
type WebWorker = WorkerHandle & { postMessage(data: WorkerInit): void; unref?: () => void };

// The worker's whole program is the source of two self-contained functions, so it needs no
// file of its own: it works the same from src, from the ESM and CJS builds, and from a bundle.
const program = `const runTasks = ${runTasks.toString()};\nconst workerMain = ${workerMain.toString()};\n`;

/**
 * Starts worker `init.thread` on Node's worker_threads where the runtime has them (Node, Bun,
 * Deno), else as a Web Worker from a Blob URL (browsers). Either way the worker is unref'd
 * where that exists, so it never keeps a script from exiting. Null where neither exists.
 */
export function spawnWorker(init: WorkerInit): WorkerHandle | null {
  const threads = nodeWorkerThreads();
  if (threads) {
    const worker = new threads.Worker(`${program}workerMain(require('node:worker_threads').workerData, runTasks);`, {
      eval: true,
      workerData: init,
    });
    worker.unref();
    return worker;
  }
  const WorkerClass = (globalThis as { Worker?: new (url: string, opts: { type: 'module' }) => WebWorker }).Worker;
  if (!WorkerClass || typeof Blob === 'undefined' || typeof URL.createObjectURL !== 'function') return null;
  const url = URL.createObjectURL(
    new Blob([`${program}self.onmessage = (e) => { self.onmessage = null; workerMain(e.data, runTasks); };`], { type: 'text/javascript' }),
  );
  const worker = new WorkerClass(url, { type: 'module' });
  worker.postMessage(init);
  worker.unref?.();
  return worker;
}

function nodeWorkerThreads(): NodeWorkerThreads | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
}
