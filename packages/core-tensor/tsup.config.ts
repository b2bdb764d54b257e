import { defineConfig } from 'tsup';
import { packageBuild } from '../tooling/tsup.shared.ts';

// Two entries sharing chunks, so the root and the backend-author subpath see one registry.
export default defineConfig({ ...packageBuild, entry: { index: 'src/index.ts', backend: 'src/backend/index.ts' } });
