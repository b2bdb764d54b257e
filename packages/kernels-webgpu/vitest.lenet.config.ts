import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The LeNet-5 training comparison (npm run test:lenet): minutes on lavapipe, so not in `test`.
export default mergeConfig(base, defineConfig({ test: { include: ['test/lenet/*.lenet.ts'] } }));
