import { describeBackend } from '@stride/conformance';
import { webgpu } from '../src/index.js';

describeBackend('webgpu', () => webgpu());
// Core's default optional kernels (im2col + matmul convolution, pooling, softmax) on WebGPU's required ones.
describeBackend('webgpu with only required kernels', () => webgpu({ optionalKernels: false }));
