import type { EngineInfo } from '../report/types.js';
import type { ConvCase, ModelCase, NormCase, PoolCase } from '../cases/shapes.js';
import type { OpCase } from '../cases/op-cases.js';

export type ConvPass = 'forward' | 'backwardInput' | 'backwardWeight';
export type GradPass = 'forward' | 'backward';

/**
 * One prepared benchmark: inputs are made, `run` does the work once and ends in a read of
 * the result (so queued GPU work is inside the timed region). `probe` is called where the
 * engine's memory peaks (outputs and saved activations alive), with bytes the engine's own
 * accounting cannot see (raw kernel outputs).
 */
export interface Workload {
  run(probe: (extraBytes?: number) => void): Promise<void>;
  dispose(): void;
}

/** A library on a backend (Stride on cpu, tfjs-wasm, …) that can prepare every workload. */
export interface Engine extends EngineInfo {
  /** Makes this engine current (tfjs has one global backend); called before each prepare. */
  activate(): Promise<void>;
  /** Bytes of live tensors, as the library counts them. */
  liveBytes(): number;
  matmul(n: number): Promise<Workload>;
  conv(c: ConvCase, pass: ConvPass): Promise<Workload>;
  maxPool(c: PoolCase, pass: GradPass): Promise<Workload>;
  batchNorm(c: NormCase, pass: GradPass): Promise<Workload>;
  model(c: ModelCase): Promise<Workload>;
  /** One of the 0.2 ops' rows; Unsupported where the library has no such op. */
  op(c: OpCase): Promise<Workload>;
  /**
   * randomResizedCrop + horizontal flip of `n` CIFAR images (3×32²), the data package's batch
   * transforms: they run on the CPU before any backend, so only Stride's cpu engine has the row.
   */
  augment(n: number): Promise<Workload>;
}

/** A workload the engine does not have (a missing kernel); reported, never fatal. */
export class Unsupported extends Error {
  override readonly name = 'Unsupported';
}

/**
 * Why a workload cannot run on an engine, when the error says it lacks a kernel (tfjs names
 * the missing kernel: "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'");
 * null for any other error, which is a failure.
 */
export function unsupportedReason(engine: string, e: unknown): string | null {
  if (e instanceof Unsupported) return e.message;
  const message = e instanceof Error ? e.message : String(e);
  const kernel = /Kernel '([^']+)' not registered for backend/.exec(message);
  return kernel ? `${engine} has no ${kernel[1]} kernel` : null;
}
