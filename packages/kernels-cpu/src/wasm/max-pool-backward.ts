import { wasmFunction } from './function.js';
import { paramIndices } from './kernel-params.js';
import type { WasmFunction } from './module.js';

/**
 * `max_pool_backward(dy, argmax, dx, planes, inPlane, outPlane)`: max-pooling's gradient for
 * `planes` planes, each dx plane zeroed and then every dy added onto the input pixel its window
 * took (argmax: in-plane indices, int32). Adds in output order, as the typed-array kernel, so
 * overlapping windows sum in the same order. Each plane is written only by its own call: the
 * zeroing stops at the plane's end (vectors, then single floats).
 */
export function maxPoolBackwardFunction(): WasmFunction {
  const { dy, argmax, dx, planes, inPlane, outPlane } = paramIndices('max_pool_backward');
  return wasmFunction('max_pool_backward', (c, local) => {
    const [p, i, o, plane, at] = [local(), local(), local(), local(), local()];
    c.forRange(
      p,
      (s) => s.i32(0),
      (e) => e.get(planes),
      1,
      (body) => {
        body.get(dx).get(p).get(inPlane).i32Mul().i32(2).i32Shl().i32Add().set(plane);
        body.forRange(
          i,
          (s) => s.i32(0),
          (e) => e.get(inPlane).i32(3).i32Sub(),
          4,
          (v) => v.get(plane).get(i).i32(2).i32Shl().i32Add().v128Zero().v128Store(),
        );
        body.forRange(
          i,
          (s) => s.get(i),
          (e) => e.get(inPlane),
          1,
          (f) => f.get(plane).get(i).i32(2).i32Shl().i32Add().f32Zero().f32Store(),
        );
        body.forRange(
          o,
          (s) => s.i32(0),
          (e) => e.get(outPlane),
          1,
          (add) => {
            // dx[plane + argmax[o]] += dy[o], skipping windows with no winner (index −1)
            add
              .get(argmax)
              .get(o)
              .i32(2)
              .i32Shl()
              .i32Add()
              .i32Load()
              .tee(i)
              .i32(0)
              .i32GeS()
              .if((hit) => {
                hit.get(plane).get(i).i32(2).i32Shl().i32Add().tee(at).get(at).f32Load();
                hit.get(dy).get(o).i32(2).i32Shl().i32Add().f32Load().f32Add().f32Store();
              });
          },
        );
        body.get(dy).get(outPlane).i32(2).i32Shl().i32Add().set(dy);
        body.get(argmax).get(outPlane).i32(2).i32Shl().i32Add().set(argmax);
      },
    );
  });
}
