/**
 * Where the runtime has no `navigator.gpu` (Node, Bun), installs one from the `webgpu` package
 * (Dawn), with its GPU* globals, so that Stride's WebGPU backend and tfjs-backend-webgpu share
 * one Dawn instance and one adapter in this process. Deno and browsers keep their own. Returns
 * why it could not, or null.
 */
export async function installNavigatorGpu(): Promise<string | null> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return null;
  let dawn: { create(flags: string[]): unknown; globals: Record<string, unknown> };
  try {
    // A variable specifier: the package is optional and must not be resolved at build time.
    const name = 'webgpu';
    dawn = (await import(/* @vite-ignore */ name)) as typeof dawn;
  } catch (e) {
    return `the 'webgpu' package (Dawn) could not be loaded: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true });
  return null;
}
