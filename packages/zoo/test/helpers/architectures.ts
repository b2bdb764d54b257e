import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memory, setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { summaryTable, type Module } from '@stride/layers';
import { readFixture } from './fixtures.js';
import { expectPyTorchDefaultInit, expectTorchvisionInit } from './init-checks.js';

/** Per model of scripts/gen_torchvision_fixtures.py: torchvision's numbers for it. */
type Architectures = Record<string, { params: number; keys: [string, number[]][]; summaryInput: number[]; receptiveField: number }>;
export const expected = readFixture<Architectures>('torchvision_architectures');

const paramCount = (m: Module): number => m.parameters().reduce((n, p) => n + p.numel(), 0);
const keysWithShapes = (m: Module): [string, number[]][] => Object.entries(m.stateDict()).map(([k, t]) => [k, [...t.shape]]);

/** What initialisation a model is built with: torchvision's loop (with its Linear std), PyTorch's defaults, or none to check. */
export type InitKind = { linearStd: number | null } | 'pytorch-default' | 'not-checked';

/** A fixture name, the builder call it stands for, and the initialisation to check. */
export type ArchitectureCase = [name: string, build: () => Module, init: InitKind];

/**
 * Builds each model once (a VGG takes seconds on the CPU backend) and holds it to torchvision's
 * parameter count, state-dict keys and shapes, summary() totals and receptive field, and
 * initialisation where `init` names it.
 */
export function describeArchitectures(models: readonly ArchitectureCase[]): void {
  describe.each(models)('%s matches torchvision', (name, build, initKind) => {
    // Each model is built once (a VGG takes seconds on the CPU backend) and read by every check.
    let model: Module;
    let before = 0;
    const fixture = expected[name]!;
    beforeAll(() => {
      setBackend(cpu());
      before = memory().numTensors;
      model = build();
    }, 180_000);
    afterAll(() => {
      model?.dispose();
      expect(memory().numTensors, 'live tensors after the model is disposed').toBe(before);
    });

    it(`has torchvision's parameter count, ${fixture.params.toLocaleString('en-US')}`, () => {
      expect(paramCount(model)).toBe(fixture.params);
    });

    it("has torchvision's state-dict keys, in torchvision's order, with torchvision's shapes", () => {
      expect(keysWithShapes(model)).toEqual(fixture.keys);
    });

    it(`prints summary([${fixture.summaryInput.join(', ')}]) with torchvision's total and receptive field`, () => {
      const table = summaryTable(model, fixture.summaryInput);
      expect(table.totalParams).toBe(fixture.params);
      // The field of the last layer that still has a map, along the main path of the residual blocks.
      const spatial = table.rows.filter((r) => r.outputShape.length === 3);
      expect(Math.max(...spatial.map((r) => r.receptiveField))).toBe(fixture.receptiveField);
      const text = model.summary(fixture.summaryInput);
      expect(text.split('\n')[0]).toMatch(/^Layer +Output size +Weight size +Params +MACs +Receptive field +Jump$/);
      expect(text.split('\n').at(-1)).toMatch(new RegExp(`^Total +${fixture.params.toLocaleString('en-US')} +[\\d,]+$`));
    }, 60_000);

    if (initKind !== 'not-checked') {
      it(initKind === 'pytorch-default'
        ? "keeps PyTorch's default initialisation, as torchvision"
        : "starts from torchvision's initialisation", () => {
        if (initKind === 'pytorch-default') expectPyTorchDefaultInit(model);
        else expectTorchvisionInit(model, initKind.linearStd);
      }, 60_000);
    }
  });
}
