import type { Tensor } from '@stride/core-tensor';
import { Conv2d, Flatten, Linear, MaxPool2d, Module, ReLU } from '@stride/layers';

/**
 * The course's LeNet-5 for 1×28×28 images: Conv(1→20, 5×5, padding 2)-ReLU-MaxPool(2)-
 * Conv(20→50, 5×5, padding 2)-ReLU-MaxPool(2)-Flatten-Linear(2450→500)-ReLU-Linear(500→10).
 * Layers are named properties, so the state-dict keys are those of the same PyTorch module
 * (scripts/gen_fixtures.py): conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.weight,
 * fc1.bias, fc2.weight, fc2.bias. Initialisation is PyTorch's default for each layer.
 */
export function lenet5(): LeNet5 {
  return new LeNet5();
}

export class LeNet5 extends Module {
  conv1: Conv2d = new Conv2d(1, 20, 5, { padding: 2 });
  relu1: ReLU = new ReLU();
  pool1: MaxPool2d = new MaxPool2d(2);
  conv2: Conv2d = new Conv2d(20, 50, 5, { padding: 2 });
  relu2: ReLU = new ReLU();
  pool2: MaxPool2d = new MaxPool2d(2);
  flatten: Flatten = new Flatten();
  fc1: Linear = new Linear(50 * 7 * 7, 500);
  relu3: ReLU = new ReLU();
  fc2: Linear = new Linear(500, 10);

  forward(x: Tensor): Tensor {
    if (x.ndim !== 4 || x.shape[1] !== 1 || x.shape[2] !== 28 || x.shape[3] !== 28) {
      throw new Error(`LeNet5: input must be [N, 1, 28, 28] but got [${x.shape.join(', ')}]`);
    }
    const c1 = this.conv1.forward(x);
    const a = this.pool1.forward(this.conv1.fusedRelu ? c1 : this.relu1.forward(c1));
    const c2 = this.conv2.forward(a);
    const b = this.pool2.forward(this.conv2.fusedRelu ? c2 : this.relu2.forward(c2));
    return this.fc2.forward(this.relu3.forward(this.fc1.forward(this.flatten.forward(b))));
  }

  /** Runs relu1 and relu2 in their convolutions' bias passes (forward then skips them). */
  override fuse(): this {
    super.fuse();
    this.conv1.fusedRelu = true;
    this.conv2.fusedRelu = true;
    return this;
  }
}
