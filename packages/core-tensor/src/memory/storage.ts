import type { Backend, DataId } from '../backend/backend.js';
import { bytesPerElement, type DType } from '../dtype.js';

const live = { tensors: 0, bytes: 0 };

/** A backend buffer shared by a tensor and its views; freed when the last of them is disposed. */
export class Storage {
  private refs = 1;
  readonly bytes: number;

  constructor(
    readonly backend: Backend,
    readonly id: DataId,
    readonly size: number,
    readonly dtype: DType,
  ) {
    this.bytes = size * bytesPerElement(dtype);
    live.bytes += this.bytes;
  }

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (--this.refs === 0) {
      live.bytes -= this.bytes;
      this.backend.disposeData(this.id);
    }
  }
}

export function countTensor(delta: 1 | -1): void {
  live.tensors += delta;
}

/** Live tensors, and the bytes of the buffers they hold (a buffer shared by views counts once). */
export function memory(): { numTensors: number; numBytes: number } {
  return { numTensors: live.tensors, numBytes: live.bytes };
}
