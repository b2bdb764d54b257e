import { type Tensor, saveSafetensors, setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { lenet5 } from '@stride/zoo';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWeights, saveWeights } from '../src/worker/weights.ts';
import torch from './fixtures/torch-lenet5.json' with { type: 'json' };
import { safetensorsHeader } from './helpers/safetensors-header.ts';

const backend = cpu({ threads: 1 });
setBackend(backend);
afterAll(() => backend.dispose());

describe("the playground's weights files", () => {
  it("hold exactly PyTorch LeNet-5's state-dict keys, shapes and dtypes (scripts/gen_torch_keys.py)", async () => {
    const model = lenet5();
    const header = safetensorsHeader(await saveWeights(model, { step: 7 }));
    expect(Object.keys(header.tensors).sort()).toEqual(torch.tensors.map((t) => t.key).sort());
    for (const t of torch.tensors) expect(header.tensors[t.key]).toMatchObject({ dtype: t.dtype, shape: t.shape });
    expect(header.metadata).toEqual({ format: 'pt', model: 'lenet5', producer: '@stride/playground', step: '7' });
    expect(Object.keys(model.stateDict())).toEqual(torch.tensors.map((t) => t.key));
    model.dispose();
  });

  it('load back into another model bit for bit, with the step they were saved at', async () => {
    const a = lenet5();
    const b = lenet5();
    const { keys, step } = loadWeights(b, await saveWeights(a, { step: 42 }), 'a.safetensors');
    expect(keys.sort()).toEqual(torch.tensors.map((t) => t.key).sort());
    expect(step).toBe(42);
    const sb = b.stateDict();
    for (const [key, t] of Object.entries(a.stateDict())) expect(sb[key]!.dataSync(), key).toEqual(t.dataSync());
    a.dispose();
    b.dispose();
  });

  it('refuse a file that is not safetensors, or holds another model, naming the file and the problem', () => {
    const model = lenet5();
    expect(() => loadWeights(model, new Uint8Array(16), 'zeros.bin')).toThrow(/^zeros\.bin is not a safetensors file Stride can read: /);
    const sd = model.stateDict();
    const partial: Record<string, Tensor> = { 'conv1.weight': sd['conv1.weight']!, 'head.weight': sd['fc2.weight']! };
    expect(() => loadWeights(model, saveSafetensors(partial), 'other.safetensors')).toThrow(
      /^other\.safetensors does not hold LeNet-5.s weights: [\s\S]*Missing key\(s\)[^\n]*"conv1\.bias"[\s\S]*Unexpected key\(s\)[^\n]*"head\.weight"/,
    );
    model.dispose();
  });
});
