import { defineConfig } from 'tsup';

// Examples run on Node against the packages' built dist (Node 20 cannot run .ts),
// so each example is compiled to dist/<name>.js; @stride/* stay external.
export default defineConfig({
  entry: ['train-random.ts', 'train-mnist.ts', 'train-cifar.ts', 'train-fashion.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
});
