// tfjs-core registers no gradients by itself (the @tensorflow/tfjs bundle imports this file);
// without them tf.grad fails with "gradient function not found". The file is ESM with
// extensionless imports that Node cannot load from node_modules, so the build bundles it
// (tsup.config.ts `noExternal`) and vitest transforms it (vitest.config.ts `server.deps.inline`).
// Its registry lives on tfjs's global namespace, shared with the tfjs-core the backends use.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
