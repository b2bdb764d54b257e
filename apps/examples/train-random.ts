// Trains a small convnet on random images on the CPU and prints the loss falling.
// The label of each image is which half (top or bottom) is brighter, so there is something to learn.
import { functional as F, keep, noGrad, rand, randn, setBackend, tidy, type Tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';

setBackend(cpu());

const batch = 32;
const steps = 60;
const lr = 0.05;

const images = randn([batch, 1, 12, 12], { seed: 7 });
const labels = tidy(() => {
  const top = images.slice(2, 0, 6).mean([1, 2, 3]);
  const bottom = images.slice(2, 6, 12).mean([1, 2, 3]);
  return top.gt(bottom).int();
});

// Parameters, initialised like PyTorch's defaults: U(±1/√fan_in).
const uniform = (shape: number[], fanIn: number, seed: number) =>
  tidy(() => {
    const bound = 1 / Math.sqrt(fanIn);
    const p = rand(shape, { seed })
      .mul(2 * bound)
      .sub(bound);
    p.requiresGrad = true;
    return p;
  });
let params: Tensor[] = [uniform([8, 1, 3, 3], 9, 1), uniform([8], 9, 2), uniform([2, 8 * 6 * 6], 8 * 6 * 6, 3), uniform([2], 8 * 6 * 6, 4)];

function forward(x: Tensor, [w1, b1, w2, b2]: Tensor[]): Tensor {
  const h = F.maxPool2d(F.relu(F.conv2d(x, w1!, b1, { padding: 1 })), { kernelSize: 2 });
  return F.linear(h.flatten(1), w2!, b2);
}

for (let step = 1; step <= steps; step++) {
  const loss = tidy(() => {
    const loss = F.crossEntropy(forward(images, params), labels);
    loss.backward();
    // Plain SGD: each parameter is replaced by p − lr·∇p.
    params = params.map((p) => {
      const next = keep(noGrad(() => p.sub(p.grad!.mul(lr))));
      next.requiresGrad = true;
      p.dispose();
      return next;
    });
    return loss;
  });
  const value = (await loss.data())[0]!;
  loss.dispose();
  if (step === 1 || step % 10 === 0) console.log(`step ${String(step).padStart(3)}  loss ${value.toFixed(4)}`);
}
