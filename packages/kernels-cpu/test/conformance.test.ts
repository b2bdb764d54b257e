import { describeBackend } from '@stride/conformance';
import { cpu } from '../src/index.js';

describeBackend('cpu', () => cpu());
// The typed-array reference path that the SIMD kernels are checked against.
describeBackend('cpu reference (no SIMD)', () => cpu({ simd: false }));
// Core's default optional kernels (conv, average pooling, softmax), built from required ones.
describeBackend('cpu with only required kernels', () => cpu({ optionalKernels: false }));
// A page that is not cross-origin isolated has no SharedArrayBuffer: one thread, unshared memory.
describeBackend('cpu without SharedArrayBuffer', () => cpu({ sharedMemory: false }));
// Every stride-1 3×3 convolution by Winograd: the fixtures are too small for the cost rule to pick it.
describeBackend('cpu, Winograd F(2×2) forced', () => cpu({ winograd: { tile: 2 } }));
describeBackend('cpu, Winograd F(4×4) forced', () => cpu({ winograd: { tile: 4 } }));
