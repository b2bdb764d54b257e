import { mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The LeNet-5 training comparison (npm run test:lenet): about 20 minutes on lavapipe with two
// cores, so it is not part of `npm test`. mergeConfig would append to `include`, so it is set after.
const config = mergeConfig(base, {});
config.test = { ...config.test, include: ['test/lenet/*.lenet.ts'] };
export default config;
