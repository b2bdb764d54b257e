import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const RECORD = 1 + 3 * 32 * 32;

/**
 * Writes a CIFAR-10 directory in the real binary format (data_batch_1..5.bin, test_batch.bin:
 * records of one label byte and 3072 pixel bytes, channel-major) whose classes can be learned:
 * each class has its own colour and stripe orientation, under per-pixel noise.
 */
export async function writeSyntheticCifar10(dir: string, trainImages: number, testImages: number, seed = 1): Promise<void> {
  await mkdir(dir, { recursive: true });
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const batch = (count: number) => {
    const bytes = new Uint8Array(count * RECORD);
    for (let i = 0; i < count; i++) {
      const label = Math.floor(random() * 10);
      const at = i * RECORD;
      bytes[at] = label;
      for (let c = 0; c < 3; c++) {
        const tint = ((label * 37 + c * 91) % 200) + 28;
        for (let y = 0; y < 32; y++) {
          for (let x = 0; x < 32; x++) {
            const stripe = Math.sin(((label % 5) * x + Math.floor(label / 5 + 1) * y) * 0.6) * 40;
            const noise = (random() - 0.5) * 60;
            bytes[at + 1 + c * 1024 + y * 32 + x] = Math.max(0, Math.min(255, Math.round(tint + stripe + noise)));
          }
        }
      }
    }
    return bytes;
  };
  const perBatch = Math.ceil(trainImages / 5);
  for (let b = 1; b <= 5; b++) {
    await writeFile(join(dir, `data_batch_${b}.bin`), batch(Math.max(0, Math.min(perBatch, trainImages - (b - 1) * perBatch))));
  }
  await writeFile(join(dir, 'test_batch.bin'), batch(testImages));
}
