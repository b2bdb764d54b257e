import { functional as F, getBackend, noGrad, randn, setBackend, tensor, tidy, type Backend } from '@stride/core-tensor';
import { SGD } from '@stride/optim';
import type { Module } from '@stride/layers';
import { lenet5, mobilenetV2, resnet18, resnet20 } from '@stride/zoo';
import { modelImageShape, type ModelCase } from '../../cases/shapes.js';
import type { Workload } from '../engine.js';
import { labelData } from '../random-data.js';

const BUILDERS: Record<ModelCase['model'], () => Module> = { lenet5, resnet20, resnet18, mobilenetV2 };

/**
 * The zoo's model as a user runs it: a training step (the canonical tidy step: forward,
 * cross-entropy, backward, SGD update, then a read of the loss; batch norm in training mode
 * updates its running statistics) or an inference pass (eval mode with the layers fused by
 * `fuse()`, no autograd, then a read of the logits) on a random batch.
 */
export function strideModel(c: ModelCase, backend: Backend): Workload {
  // Built on `backend` itself: moving a model between two backends that cannot read synchronously
  // (WebGPU, and the profiler's wrapper around it) would be refused.
  const previous = getBackend();
  setBackend(backend);
  let model: Module;
  try {
    model = BUILDERS[c.model]();
  } finally {
    setBackend(previous);
  }
  const x = randn([c.batch, ...modelImageShape(c)], { seed: 21, backend });
  const y = tensor(labelData(c.batch, 10), [c.batch], { dtype: 'int32', backend });
  const opt = new SGD(model.parameters(), { lr: 0.01 });
  const dispose = () => {
    opt.dispose();
    model.dispose();
    x.dispose();
    y.dispose();
  };
  if (c.mode === 'infer') {
    // Batch norm folded into the convolutions, as PyTorch's fx fuse and onnxruntime's load do.
    model.eval().fuse();
    return {
      run: async (probe) => {
        const logits = noGrad(() =>
          tidy(() => {
            const logits = model.forward(x);
            probe();
            return logits;
          }),
        );
        await logits.data();
        logits.dispose();
      },
      dispose,
    };
  }
  model.train();
  return {
    run: async (probe) => {
      const loss = tidy(() => {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(x), y);
        loss.backward();
        probe();
        opt.step();
        return loss;
      });
      await loss.data();
      loss.dispose();
    },
    dispose,
  };
}
