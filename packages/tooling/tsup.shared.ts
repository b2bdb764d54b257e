import type { Options } from 'tsup';

// One build for every published package: ESM and .d.ts, runtime-neutral. ESM only, so a
// process holds one engine (a CommonJS copy beside the ESM one had its own backend registry);
// Node 20.19+ loads it with require() too.
export const packageBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  clean: true,
  // Node built-ins stay `node:` imports (Node, Bun and Deno all resolve them; a
  // platform-neutral build would otherwise fail to resolve or strip the prefix).
  removeNodeProtocol: false,
  external: [/^node:/],
  dts: {
    compilerOptions: {
      // tsup's dts step sets options TypeScript 6 deprecates.
      ignoreDeprecations: '6.0',
      // Declarations must see sibling packages as users do (their built .d.ts),
      // not through the `stride-source` condition.
      customConditions: [],
    },
  },
};
