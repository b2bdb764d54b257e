export { default } from '../../packages/tooling/vitest.shared.ts';
