/** What the pool reports: bytes held by live buffers, bytes parked for reuse, and their sum. */
export interface PoolStats {
  /** Bytes of buffers handed out and not yet returned. */
  readonly usedBytes: number;
  /** Bytes of buffers waiting in the pool for reuse (including those waiting for a submit). */
  readonly freeBytes: number;
  /** usedBytes + freeBytes: every byte this backend holds on the device. */
  readonly totalBytes: number;
  /** Buffers created over the pool's life; it stops growing once a workload is steady. */
  readonly created: number;
  /** Requests served from the pool instead of a new buffer. */
  readonly reused: number;
}

/**
 * GPU buffers keyed by (size class, usage). Sizes round up to a class (a power of two in
 * quarter steps, so at most 25% is wasted) so a buffer freed by one op fits the next op of a
 * similar size. Buffers returned while an unsubmitted command may still use them wait in
 * `deferred` until `afterSubmit`: only then can a later `queue.writeBuffer`, which runs ahead
 * of the open encoder, safely overwrite them. A kernel's output, written by a dispatch
 * recorded after those commands, may take a deferred buffer at once (`ordered`): WebGPU runs
 * the dispatches of an encoder in order. Free bytes above `maxFreeBytes` are destroyed.
 */
export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private deferred = new Map<string, GPUBuffer[]>();
  private used = 0;
  private freeBytes = 0;
  private created = 0;
  private reused = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxFreeBytes: number,
  ) {}

  /** A buffer of at least `bytes`; `ordered`: only commands recorded from now on will touch it. */
  acquire(bytes: number, usage: GPUBufferUsageFlags, ordered = false): GPUBuffer {
    const size = sizeClass(bytes);
    const k = key(size, usage);
    const pooled = this.free.get(k)?.pop() ?? (ordered ? this.deferred.get(k)?.pop() : undefined);
    this.used += size;
    if (pooled) {
      this.freeBytes -= size;
      this.reused++;
      return pooled;
    }
    this.created++;
    return this.device.createBuffer({ size, usage });
  }

  /** Returns `buffer` at once: no unsubmitted command refers to it. */
  release(buffer: GPUBuffer): void {
    this.used -= buffer.size;
    this.park(buffer);
  }

  /** Returns `buffer` once the commands encoded so far have been submitted. */
  releaseAfterSubmit(buffer: GPUBuffer): void {
    this.used -= buffer.size;
    this.freeBytes += buffer.size;
    const k = key(buffer.size, buffer.usage);
    let list = this.deferred.get(k);
    if (!list) this.deferred.set(k, (list = []));
    list.push(buffer);
  }

  afterSubmit(): void {
    const ready = this.deferred;
    this.deferred = new Map();
    for (const list of ready.values()) {
      for (const b of list) {
        this.freeBytes -= b.size;
        this.park(b);
      }
    }
  }

  stats(): PoolStats {
    return {
      usedBytes: this.used,
      freeBytes: this.freeBytes,
      totalBytes: this.used + this.freeBytes,
      created: this.created,
      reused: this.reused,
    };
  }

  /** Destroys every parked buffer (deferred ones stay until their submit). */
  drain(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    for (const list of this.free.values()) for (const b of list) this.freeBytes -= b.size;
    this.free.clear();
  }

  private park(buffer: GPUBuffer): void {
    if (this.freeBytes + buffer.size > this.maxFreeBytes) {
      buffer.destroy();
      return;
    }
    const k = key(buffer.size, buffer.usage);
    let list = this.free.get(k);
    if (!list) this.free.set(k, (list = []));
    list.push(buffer);
    this.freeBytes += buffer.size;
  }
}

const key = (size: number, usage: number) => `${usage}:${size}`;

/** The smallest class ≥ bytes: 16-byte minimum, then 2^k·(1 + q/4) for q in 0..3. */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(16, Math.ceil(bytes / 16) * 16);
  const pow = 2 ** Math.floor(Math.log2(bytes));
  const quarter = pow / 4;
  return pow + Math.ceil((bytes - pow) / quarter) * quarter;
}
