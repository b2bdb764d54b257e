import type { FromWorker, StepRecord } from '../protocol.ts';

/** Steps are sent in bundles at most this often, so a fast backend does not flood the page. */
const SEND_EVERY_MS = 100;
/**
 * Filters and feature maps are recomputed at most once a second, only after new steps, and so
 * that they take at most a tenth of the worker's time (on a software GPU adapter they are slow).
 */
const PICTURES_EVERY_MS = 1000;
const PICTURES_TIME_SHARE = 0.1;

/** Bundles step records for the page and measures the training speed. */
export class StepReporter {
  #pending: StepRecord[] = [];
  #lastSent = 0;
  #lastPictures = { at: 0, step: -1, tookMs: 0 };
  #epoch = 0;
  #window: { at: number; images: number }[] = [];

  constructor(private readonly send: (msg: FromWorker) => void) {}

  record(record: StepRecord, epoch: number, batchSize: number): void {
    const now = performance.now();
    this.#pending.push(record);
    this.#epoch = epoch;
    this.#window.push({ at: now, images: batchSize });
    while (this.#window.length > 20) this.#window.shift();
    if (now - this.#lastSent >= SEND_EVERY_MS) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    this.send({ type: 'steps', records: this.#pending, epoch: this.#epoch, imagesPerSecond: this.#imagesPerSecond() });
    this.#pending = [];
    this.#lastSent = performance.now();
  }

  picturesDue(step: number): boolean {
    const { at, step: last, tookMs } = this.#lastPictures;
    return step !== last && performance.now() - at >= Math.max(PICTURES_EVERY_MS, tookMs / PICTURES_TIME_SHARE);
  }

  /** The pictures of `step` were sent; making them began at `startedAt` (performance.now()). */
  picturesSent(step: number, startedAt: number): void {
    const now = performance.now();
    this.#lastPictures = { at: now, step, tookMs: now - startedAt };
  }

  reset(): void {
    this.#pending = [];
    this.#window = [];
  }

  /** Images per second over the last steps (the first of them only marks the start). */
  #imagesPerSecond(): number {
    const w = this.#window;
    if (w.length < 2) return 0;
    const images = w.slice(1).reduce((sum, s) => sum + s.images, 0);
    return (images * 1000) / (w.at(-1)!.at - w[0]!.at);
  }
}
