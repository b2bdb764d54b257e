import { describeBackend } from '@stride/conformance';
import { cpu } from '../src/index.js';

describeBackend('cpu', () => cpu());
// The typed-array reference path that the SIMD kernels are checked against.
describeBackend('cpu reference (no SIMD)', () => cpu({ simd: false }));
// Core's default optional kernels (conv, average pooling, softmax), built from required ones.
describeBackend('cpu with only required kernels', () => cpu({ optionalKernels: false }));
// A page that is not cross-origin isolated has no SharedArrayBuffer: one thread, unshared memory.
describeBackend('cpu without SharedArrayBuffer', () => cpu({ sharedMemory: false }));
