/** Median of the samples (mean of the middle two for an even count); null when there are none. */
export function median(samples: readonly number[]): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function minimum(samples: readonly number[]): number | null {
  return samples.length === 0 ? null : Math.min(...samples);
}

/** Throughput in units per second for one run of `ms` milliseconds; null when either is unknown. */
export function perSecond(units: number | null, ms: number | null): number | null {
  return units === null || ms === null || ms <= 0 ? null : (units * 1000) / ms;
}

/**
 * How many times faster Stride is than a peer: the peer's median time over Stride's (above 1,
 * Stride is faster). Null when either side has no time.
 */
export function speedRatio(strideMs: number | null, peerMs: number | null): number | null {
  return strideMs === null || peerMs === null || strideMs <= 0 ? null : peerMs / strideMs;
}

/**
 * The range of the speed ratio over every pair of timed runs, [peer's fastest / Stride's slowest,
 * peer's slowest / Stride's fastest]: how far the ratio moves on a noisy machine. Null when
 * either side has no times.
 */
export function ratioSpread(
  stride: { minMs: number | null; maxMs: number | null },
  peer: { minMs: number | null; maxMs: number | null },
): [number, number] | null {
  const lo = speedRatio(stride.maxMs, peer.minMs);
  const hi = speedRatio(stride.minMs, peer.maxMs);
  return lo === null || hi === null ? null : [lo, hi];
}
