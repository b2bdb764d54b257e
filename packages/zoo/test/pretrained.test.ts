import { describe, expect, it } from 'vitest';
import { loadSafetensors, noGrad, tidy, type Tensor } from '@stride/core-tensor';
import type { Module } from '@stride/layers';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { mobilenetV2, resnet18 } from '../src/index.js';
import { rebuildCheckpoint, sha256, type StoredCheckpoint } from './helpers/checkpoint.js';
import { expectClose, readFixture, type FixtureTensor } from './helpers/fixtures.js';
import { hashUniform, type HashSpec } from './helpers/hash-init.js';
import { withModel } from './helpers/with-model.js';

/** scripts/gen_torchvision_fixtures.py's `pretrained_case`: a torchvision checkpoint in two safetensors layouts. */
interface PretrainedCase {
  name: string;
  init: Record<string, HashSpec | null>;
  numBatchesTracked: Record<string, number>;
  input: HashSpec & { shape: number[] };
  logits: FixtureTensor;
  files: Record<'torch-only' | 'safetensors', StoredCheckpoint>;
}

const MODELS: Record<string, () => Module> = {
  resnet18: () => resnet18(),
  mobilenet_v2: () => mobilenetV2(),
};

const LAYOUTS = {
  'torch-only': "the README's torch-only line",
  safetensors: "the safetensors library's save_file",
} as const;

describe("a torchvision checkpoint converted to safetensors loads with loadStateDict and gives torchvision's eval logits", () => {
  onBackendWithoutLeaks(cpu);

  for (const c of readFixture<{ cases: PretrainedCase[] }>('pretrained').cases) {
    for (const [layout, writer] of Object.entries(LAYOUTS) as [keyof typeof LAYOUTS, string][]) {
      it(`${c.name}, written by ${writer}: loaded as saved (int64 num_batches_tracked included), logits within rtol 1e-4`, () => {
        const stored = c.files[layout];
        const bytes = rebuildCheckpoint(stored, c.init, c.numBatchesTracked);
        // The very file the generator wrote, although only its header is in git.
        expect(bytes.length).toBe(stored.bytes);
        expect(sha256(bytes)).toBe(stored.sha256);
        withModel(MODELS[c.name]!, (model) => {
          const checkpoint = loadSafetensors(bytes);
          try {
            model.loadStateDict(checkpoint);
          } finally {
            for (const t of Object.values(checkpoint)) t.dispose();
          }
          const own = model.stateDict();
          for (const [key, count] of Object.entries(c.numBatchesTracked)) {
            expect([own[key]!.dtype, own[key]!.dataSync()[0]], key).toEqual(['int32', count]);
          }
          model.eval();
          tidy(() => {
            const logits: Tensor = noGrad(() => model.forward(hashUniform(c.input, c.input.shape)));
            expectClose('logits', logits, c.logits);
          });
        });
      }, 60_000);
    }
  }
});
