import { SHADER_STAGE_COMPUTE } from './constants.js';
import { shaderSource, type Program } from './program.js';

/**
 * Compiled pipelines by program key, and one explicit bind-group layout per (inputs, outputs)
 * count, so a program that ignores a binding still binds like every other (an 'auto' layout
 * would drop it and reject the bind group).
 */
export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly layouts = new Map<string, GPUBindGroupLayout>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  pipeline(p: Program): GPUComputePipeline {
    let pipeline = this.pipelines.get(p.key);
    if (!pipeline) {
      const module = this.device.createShaderModule({ label: p.key, code: shaderSource(p) });
      pipeline = this.device.createComputePipeline({
        label: p.key,
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [this.layout(p.inputs.length, p.outputs.length)] }),
        compute: { module, entryPoint: 'main' },
      });
      this.pipelines.set(p.key, pipeline);
    }
    return pipeline;
  }

  layout(inputs: number, outputs: number): GPUBindGroupLayout {
    const k = `${inputs}:${outputs}`;
    let layout = this.layouts.get(k);
    if (!layout) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (let i = 0; i < inputs + outputs; i++) {
        entries.push({ binding: i, visibility: SHADER_STAGE_COMPUTE, buffer: { type: i < inputs ? 'read-only-storage' : 'storage' } });
      }
      entries.push({ binding: inputs + outputs, visibility: SHADER_STAGE_COMPUTE, buffer: { type: 'uniform' } });
      layout = this.device.createBindGroupLayout({ entries });
      this.layouts.set(k, layout);
    }
    return layout;
  }
}
