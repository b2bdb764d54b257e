import type { FromWorker, ToWorker } from './protocol.ts';

type Handlers = { [K in FromWorker['type']]?: (msg: Extract<FromWorker, { type: K }>) => void };

/** The training worker, with typed messages both ways. */
export class WorkerClient {
  readonly #worker: Worker;

  constructor(handlers: Handlers, onCrash: (message: string) => void) {
    this.#worker = new Worker(new URL('./worker/train-worker.ts', import.meta.url), { type: 'module', name: 'stride-training' });
    this.#worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const handler = handlers[e.data.type] as ((msg: FromWorker) => void) | undefined;
      handler?.(e.data);
    };
    // A script that failed to load or threw outside a request (requests report their own errors).
    this.#worker.onerror = (e) => onCrash(e.message || 'the training worker failed to start');
  }

  send(msg: ToWorker, transfer: Transferable[] = []): void {
    this.#worker.postMessage(msg, transfer);
  }
}
