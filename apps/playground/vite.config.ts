import { defineConfig } from 'vite';
import { mnistData } from './vite/mnist-data.ts';

// Cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer, which the CPU backend
// needs for its worker threads; without it the CPU backend runs on one thread. Every host that
// serves this app should send the same two headers.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // In this monorepo, '@stride/*' resolve to their TypeScript sources (the packages' `stride-source`
  // export condition), so the app needs no build of them. An app outside it drops this line and gets
  // the published builds.
  resolve: { conditions: ['stride-source', 'module', 'browser', 'development|production'] },
  // Relative asset URLs: dist/ works from any sub-path of a static host.
  base: './',
  // A missing file is a 404, not index.html (the MNIST loader reads a 404 as "try the .gz").
  appType: 'mpa',
  plugins: [mnistData()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // Gzipping MNIST takes a second or two, which Rolldown would otherwise report as a slow plugin.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { headers: isolation },
  preview: { headers: isolation },
});
