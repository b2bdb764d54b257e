/** Runs `fn`, putting `prefix: ` in front of the message of any error it throws (the cause is kept). */
export async function withOp<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${prefix}: ${(e as Error).message}`, { cause: e });
  }
}
