import type { Tensor } from '@stride/core-tensor';

/** Hands a tensor to the test's cleanup and returns it. */
export type Own = <T extends Tensor>(x: T) => T;

/** Runs `body`, then disposes every tensor it handed to `own`, whether or not it threw. */
export async function disposing(body: (own: Own) => void | Promise<void>): Promise<void> {
  const owned: Tensor[] = [];
  try {
    await body((x) => {
      owned.push(x);
      return x;
    });
  } finally {
    for (const x of owned) x.dispose();
  }
}
