import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built packages, as a user's script loads them: imported in one file, required in another
// (Node 20.19+ can require() ES modules). A dual ESM/CJS build gave two engines here: two Tensor
// classes and "no backend is set" in the required copy.
const script = `
import { Tensor, zeros, getBackend } from '@stride/core-tensor';
import '@stride/kernels-cpu';
import { createRequire } from 'node:module';
const required = createRequire(import.meta.url)('@stride/core-tensor');
createRequire(import.meta.url)('@stride/kernels-cpu');
const t = required.zeros([2]);
console.log(JSON.stringify({
  sameTensorClass: required.Tensor === Tensor,
  requiredTensorIsTensor: t instanceof Tensor,
  sameBackend: required.getBackend() === getBackend(),
  values: Array.from(zeros([2]).add(t).dataSync()),
}));
`;

describe('one engine per process', () => {
  it('gives the same module to import and require(), so one Tensor class and one backend', () => {
    // Node itself, whichever runtime runs this suite: the claim is about Node's loader.
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('node', ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({
      sameTensorClass: true,
      requiredTensorIsTensor: true,
      sameBackend: true,
      values: [0, 0],
    });
  });
});
