import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: packages/tooling/ensure-chromium.sh installs it. Never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

// As packages/conformance/src/browser/chromium.ts launches it: headless, WebGPU on SwiftShader
// (Chromium's CPU adapter), and nothing that talks to the network. The flags are repeated, not
// imported: the playground does not depend on @stride/conformance, whose launcher is a suite
// runner (bundle, serve, collect results), not a bare browser as this test wants.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why Chromium is missing after trying to install it, or null when it is there. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const script = fileURLToPath(new URL('../../../../packages/tooling/ensure-chromium.sh', import.meta.url));
  try {
    execFileSync('bash', [script], { stdio: 'pipe' });
  } catch (e) {
    return `packages/tooling/ensure-chromium.sh could not install it: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`;
  }
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is still missing after ensure-chromium.sh`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
