import { describeBackend } from '@stride/conformance';
import { cpu } from '../src/index.js';

describeBackend('cpu', () => cpu());
// Core's default optional kernels (conv, average pooling, softmax), built from required ones.
describeBackend('cpu with only required kernels', () => cpu({ optionalKernels: false }));
