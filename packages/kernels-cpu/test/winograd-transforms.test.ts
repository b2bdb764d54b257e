import { describe, expect, it } from 'vitest';
import { uniformAt } from '@stride/core-tensor/backend';
import {
  alpha,
  doubles,
  filterMatrix,
  gradientTransform,
  inputMatrix,
  inputTransform,
  outputMatrix,
  outputTransform,
  type WinogradTile,
} from '../src/wasm/winograd-transforms.js';

const values = (n: number, seed: number) => Array.from({ length: n }, (_, i) => 2 * uniformAt(seed, i) - 1);
const times = (matrix: readonly (readonly number[])[], v: readonly number[]) =>
  matrix.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0));

describe('Winograd transforms', () => {
  for (const m of [2, 4] as WinogradTile[]) {
    const a = alpha(m);
    it(`F(${m}, 3): the matrices compute a 3-tap correlation, Aᵀ[(G g) ⊙ (Bᵀ d)] = Σₖ g[k]·d[i + k]`, () => {
      for (let seed = 0; seed < 8; seed++) {
        const [d, g] = [values(a, seed), values(3, 100 + seed)];
        const u = times(filterMatrix(m), g);
        const v = times(inputMatrix(m), d);
        const y = times(
          outputMatrix(m),
          u.map((x, i) => x * v[i]!),
        );
        y.forEach((yi, i) => expect(yi).toBeCloseTo(g[0]! * d[i]! + g[1]! * d[i + 1]! + g[2]! * d[i + 2]!, 12));
      }
    });
    it(`F(${m}, 3): the factored transforms the kernels emit equal Bᵀ and Aᵀ`, () => {
      for (let seed = 0; seed < 8; seed++) {
        const d = values(a, seed);
        inputTransform(m, d, doubles).forEach((x, i) => expect(x).toBeCloseTo(times(inputMatrix(m), d)[i]!, 12));
        outputTransform(m, d, doubles).forEach((x, i) => expect(x).toBeCloseTo(times(outputMatrix(m), d)[i]!, 12));
      }
    });
    it(`F(${m}, 3) transposed: Gᵀ[(A y) ⊙ (Bᵀ d)] = Σₐ y[a]·d[a + i], the weight gradient's correlation`, () => {
      const A = Array.from({ length: a }, (_, i) => outputMatrix(m).map((row) => row[i]!));
      const Gt = [0, 1, 2].map((j) => filterMatrix(m).map((row) => row[j]!));
      for (let seed = 0; seed < 8; seed++) {
        const [d, y] = [values(a, seed), values(m, 200 + seed)];
        const ay = gradientTransform(m, y, doubles);
        ay.forEach((x, i) => expect(x).toBeCloseTo(times(A, y)[i]!, 12));
        const v = times(inputMatrix(m), d);
        const dw = times(
          Gt,
          ay.map((x, i) => x * v[i]!),
        );
        dw.forEach((g, i) =>
          expect(g).toBeCloseTo(
            y.reduce((sum, ya, k) => sum + ya * d[k + i]!, 0),
            12,
          ),
        );
      }
    });
  }
});
