import { describe, oneOf } from '../checks.js';

/** Whether a metric should fall (a loss: 'min') or rise (an accuracy: 'max'). */
export type MetricMode = 'min' | 'max';

export const metricModes = oneOf<MetricMode>(['min', 'max']);

/** How much `metric` beats `best` by in `mode` (positive: better; NaN against anything: NaN). */
export function gain(mode: MetricMode, best: number, metric: number): number {
  return mode === 'min' ? best - metric : metric - best;
}

/** The starting "best", which any number beats. */
export function worst(mode: MetricMode): number {
  return mode === 'min' ? Infinity : -Infinity;
}

export function checkMetric(op: string, metric: unknown): number {
  if (typeof metric !== 'number')
    throw new Error(`${op}: metric is ${describe(metric)} (expected a number, such as the validation loss or accuracy)`);
  return metric;
}
