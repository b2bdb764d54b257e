export interface DeviceOptions {
  readonly device?: GPUDevice;
  readonly powerPreference?: GPUPowerPreference;
}

/** The device to run on and a line describing its adapter for reports. */
export interface AcquiredDevice {
  readonly device: GPUDevice;
  readonly adapter: string;
}

/**
 * An injected device as is; otherwise the runtime's WebGPU: `navigator.gpu` in browsers and
 * Deno, the optional peer package `webgpu` (Dawn) in Node and Bun, loaded only here so that
 * importing Stride never touches either. The device asks for the adapter's own storage and
 * buffer limits: the defaults (128 MiB per binding) would cap tensors below what it has.
 */
export async function acquireDevice(opts: DeviceOptions): Promise<AcquiredDevice> {
  if (opts.device) return { device: opts.device, adapter: 'injected GPUDevice' };
  const { gpu, source } = await findGpu();
  const adapter = await gpu.requestAdapter(opts.powerPreference ? { powerPreference: opts.powerPreference } : {});
  if (!adapter) {
    throw new Error(
      `webgpu(): no GPU adapter: ${source}.requestAdapter() returned null. The runtime has WebGPU but no driver it can use ` +
        `(on Linux without a GPU, Mesa's lavapipe Vulkan driver works: point VK_ICD_FILENAMES at its ICD file), or pass { device }`,
    );
  }
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
    },
  });
  const info = adapter.info;
  const adapterName =
    [info?.vendor, info?.architecture, info?.description || info?.device].filter(Boolean).join(' / ') || 'unknown adapter';
  return { device, adapter: `${adapterName} (${source})` };
}

// One Dawn instance per process: each create() starts its own instance and threads.
let dawn: Promise<GPU> | undefined;

async function findGpu(): Promise<{ gpu: GPU; source: string }> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu, source: 'navigator.gpu' };
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) {
    throw new Error(
      'webgpu(): no GPU adapter: navigator.gpu is undefined in this runtime (a browser without WebGPU, or one that disables it); pass { device } or use a WebGPU-enabled runtime',
    );
  }
  dawn ??= loadDawn();
  try {
    return { gpu: await dawn, source: "the 'webgpu' package (Dawn)" };
  } catch (e) {
    dawn = undefined;
    throw e;
  }
}

async function loadDawn(): Promise<GPU> {
  // A variable specifier keeps bundlers from resolving the optional peer at build time.
  const name = 'webgpu';
  let mod: { create: (flags: string[]) => GPU };
  try {
    mod = (await import(/* @vite-ignore */ name)) as typeof mod;
  } catch (e) {
    throw new Error(
      `webgpu(): no GPU adapter: navigator.gpu is undefined in this runtime and the optional peer dependency 'webgpu' could not be loaded ` +
        `(${(e as Error).message.split('\n')[0]}); install it with 'npm install webgpu' (Node, Bun) or pass { device }`,
    );
  }
  return mod.create([]);
}
