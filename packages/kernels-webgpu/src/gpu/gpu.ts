import type { DType, TypedArray } from '@stride/core-tensor';
import { allocate, bytesPerElement, type DataId } from '@stride/core-tensor/backend';
import { BufferPool, type PoolStats } from './buffer-pool.js';
import { MAP_MODE_READ, STAGING_USAGE, STORAGE_USAGE, UNIFORM_USAGE } from './constants.js';
import { PipelineCache } from './pipeline-cache.js';
import { packUniforms, uniformBytes, type Program } from './program.js';

/** A tensor's buffer on the device; `buffer` is dropped on dispose so misuse fails loudly. */
export class GpuData implements DataId {
  constructor(
    readonly backendName: string,
    public buffer: GPUBuffer | null,
    /** Elements, not bytes: the pooled buffer may be larger. */
    readonly size: number,
    readonly dtype: DType,
  ) {}
}

export interface GpuOptions {
  /** Dispatches encoded before a submit; reads and sync submit sooner. */
  readonly dispatchesPerSubmit: number;
  /** Free bytes the pool keeps for reuse; buffers freed beyond this are destroyed. */
  readonly maxPooledBytes: number;
}

/** Uniforms of one submit's dispatches share one buffer, written once just before the submit. */
const ARENA_BYTES = 64 * 1024;
/** How long a failed read waits for `device.lost` to name the cause (see explainFailure). */
const LOST_GRACE_MS = 100;

/**
 * The device and everything that feeds it: the buffer pool, the pipeline cache and one open
 * command encoder (and compute pass) that dispatches are recorded into. The encoder is
 * submitted every `dispatchesPerSubmit` dispatches, when the uniform arena is full, and on
 * read or sync. Reads in the same tick share one submit. A lost device, or a validation error
 * the device reported, fails the next call instead of hanging it.
 */
export class Gpu {
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  /** Every dispatch and submit since the device was made, for `work()`. */
  private counted = { dispatches: 0, submits: 0 };
  private readonly arena = new ArrayBuffer(ARENA_BYTES);
  private readonly arenaView = new DataView(this.arena);
  private arenaUsed = 0;
  private uniforms: GPUBuffer | null = null;
  private pendingFlush: Promise<void> | null = null;
  private lostReason: string | null = null;
  private deviceError: string | null = null;
  private readonly lost: Promise<never>;
  private readonly uniformAlign: number;

  constructor(
    readonly name: string,
    readonly device: GPUDevice,
    private readonly opts: GpuOptions,
  ) {
    this.pool = new BufferPool(device, opts.maxPooledBytes);
    this.pipelines = new PipelineCache(device);
    this.uniformAlign = device.limits.minUniformBufferOffsetAlignment;
    this.lost = device.lost.then((info) => {
      this.lostReason = `${info.reason}${info.message ? `: ${info.message}` : ''}`;
      throw this.lostError('read');
    });
    this.lost.catch(() => {});
    const onError = (e: Event) => {
      this.deviceError ??= (e as GPUUncapturedErrorEvent).error?.message ?? String(e);
    };
    if (typeof device.addEventListener === 'function') device.addEventListener('uncapturederror', onError);
    else (device as { onuncapturederror: unknown }).onuncapturederror = onError;
  }

  /** Throws if the device was lost or reported an error; every kernel calls this first. */
  check(op: string): void {
    if (this.lostReason !== null) throw this.lostError(op);
    if (this.deviceError !== null) {
      throw new Error(`${this.name} ${op}: the device reported an error on earlier work: ${this.deviceError}`);
    }
  }

  /** An uninitialised buffer for a kernel's output: only dispatches recorded from now on touch it. */
  alloc(size: number, dtype: DType): GpuData {
    return new GpuData(this.name, this.pool.acquire(size * bytesPerElement(dtype), STORAGE_USAGE, true), size, dtype);
  }

  /** The buffer behind `id`; throws for another backend's handle or a disposed one. */
  bufferOf(id: DataId, op: string): GPUBuffer {
    if (!(id instanceof GpuData) || id.backendName !== this.name) {
      throw new Error(`${this.name} ${op}: got a buffer of backend '${id.backendName}' (expected one made by this ${this.name} backend)`);
    }
    if (id.buffer === null) throw new Error(`${this.name} ${op}: buffer was already disposed`);
    return id.buffer;
  }

  write(values: TypedArray, dtype: DType): GpuData {
    this.check('write');
    if (dtype === 'float64')
      throw new Error(`${this.name} write: float64 is not supported (WGSL has no f64); the backend stores float32 and int32`);
    // Not ordered: writeBuffer runs before the open encoder, so the buffer must be one that no
    // unsubmitted command refers to.
    const data = new GpuData(this.name, this.pool.acquire(values.length * bytesPerElement(dtype), STORAGE_USAGE), values.length, dtype);
    if (values.length > 0) this.device.queue.writeBuffer(data.buffer!, 0, values.buffer, values.byteOffset, values.byteLength);
    return data;
  }

  dispose(id: DataId): void {
    if (!(id instanceof GpuData) || id.buffer === null) return;
    const buffer = id.buffer;
    id.buffer = null;
    if (this.encoder) this.pool.releaseAfterSubmit(buffer);
    else this.pool.release(buffer);
  }

  /** Records one dispatch of `program`; a grid with a zero dimension records nothing. */
  run(
    program: Program,
    inputs: readonly DataId[],
    outputs: readonly GpuData[],
    uniforms: readonly number[],
    grid: readonly [number, number, number],
  ): void {
    this.check(program.key);
    if (grid[0] === 0 || grid[1] === 0 || grid[2] === 0) return;
    const pipeline = this.pipelines.pipeline(program);
    const bytes = uniformBytes(program);
    if (this.arenaUsed + bytes > ARENA_BYTES) this.submit();
    const encoder = this.openEncoder();
    const at = this.arenaUsed;
    packUniforms(program, uniforms, this.arenaView, at);
    this.arenaUsed = Math.ceil((at + bytes) / this.uniformAlign) * this.uniformAlign;
    const buffers = [...inputs, ...outputs].map((d) => this.bufferOf(d, program.key));
    const bindGroup = this.device.createBindGroup({
      layout: this.pipelines.layout(inputs.length, outputs.length),
      entries: [
        ...buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
        { binding: buffers.length, resource: { buffer: this.uniforms!, offset: at, size: bytes } },
      ],
    });
    this.pass ??= encoder.beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    this.counted.dispatches++;
    if (++this.dispatches >= this.opts.dispatchesPerSubmit) this.submit();
  }

  /** Copies `size` elements of `id` back to the host; reads issued in one tick share a submit. */
  async read(id: DataId): Promise<TypedArray> {
    this.check('read');
    const src = this.bufferOf(id, 'read');
    const { size, dtype } = id as GpuData;
    const bytes = size * bytesPerElement(dtype);
    if (bytes === 0) return allocate(dtype, 0);
    const encoder = this.openEncoder();
    this.endPass();
    const staging = this.pool.acquire(bytes, STAGING_USAGE);
    encoder.copyBufferToBuffer(src, 0, staging, 0, bytes);
    try {
      try {
        await this.flushSoon();
        await Promise.race([staging.mapAsync(MAP_MODE_READ, 0, bytes), this.lost]);
      } catch (e) {
        throw await this.explainFailure('read', e);
      }
      this.check('read');
      const out = allocate(dtype, size);
      new Uint8Array(out.buffer).set(new Uint8Array(staging.getMappedRange(0, bytes)));
      staging.unmap();
      return out;
    } finally {
      if (this.lostReason === null) this.pool.release(staging);
    }
  }

  /** Submits everything recorded and waits until the device has finished it. */
  async sync(): Promise<void> {
    this.check('sync');
    this.submit();
    await Promise.race([this.device.queue.onSubmittedWorkDone(), this.lost]);
    this.check('sync');
  }

  submit(): void {
    if (!this.encoder) return;
    this.endPass();
    const queue = this.device.queue;
    if (this.arenaUsed > 0) queue.writeBuffer(this.uniforms!, 0, this.arena, 0, this.arenaUsed);
    queue.submit([this.encoder.finish()]);
    this.counted.submits++;
    this.encoder = null;
    this.dispatches = 0;
    this.arenaUsed = 0;
    this.pool.releaseAfterSubmit(this.uniforms!);
    this.uniforms = null;
    this.pool.afterSubmit();
  }

  /** Dispatches recorded and command buffers submitted since the device was made. */
  work(): { dispatches: number; submits: number } {
    return { ...this.counted };
  }

  stats(): PoolStats & { pipelines: number } {
    return { ...this.pool.stats(), pipelines: this.pipelines.size };
  }

  private flushSoon(): Promise<void> {
    this.pendingFlush ??= Promise.resolve().then(() => {
      this.pendingFlush = null;
      this.submit();
    });
    return this.pendingFlush;
  }

  private openEncoder(): GPUCommandEncoder {
    if (!this.encoder) {
      this.encoder = this.device.createCommandEncoder();
      this.uniforms = this.pool.acquire(ARENA_BYTES, UNIFORM_USAGE);
    }
    return this.encoder;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  /**
   * The error a failed submit or map should surface. Runtimes differ when the device is destroyed
   * under a pending read: Dawn resolves `device.lost` first, Deno's wgpu rejects the map with a bare
   * "validation error occurred" and resolves `lost` a moment later. Waiting briefly for `lost` lets
   * every runtime report the cause rather than its symptom.
   */
  private async explainFailure(op: string, e: unknown): Promise<unknown> {
    if (this.lostReason === null) {
      await Promise.race([this.lost.catch(() => {}), new Promise((resolve) => setTimeout(resolve, LOST_GRACE_MS))]);
    }
    return this.lostReason !== null ? this.lostError(op) : e;
  }

  private lostError(op: string): Error {
    return new Error(`${this.name} ${op}: the GPU device was lost (${this.lostReason}); create a new backend with webgpu()`);
  }
}
