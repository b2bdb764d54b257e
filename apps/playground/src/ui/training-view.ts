import type { StepRecord } from '../protocol.ts';
import { drawLineChart } from './line-chart.ts';

/** Exponential moving average weight of each new step in the smoothed curves. */
const SMOOTHING = 0.1;
/** Points drawn per series at most: long runs are thinned to every k-th step. */
const MAX_POINTS = 600;

/** The training history and the stats and charts that show it. */
export class TrainingView {
  readonly steps: StepRecord[] = [];
  readonly evaluations: { step: number; accuracy: number }[] = [];
  #frame = 0;

  constructor(
    private readonly el: {
      step: HTMLElement;
      epoch: HTMLElement;
      loss: HTMLElement;
      testAccuracy: HTMLElement;
      speed: HTMLElement;
      memory: HTMLElement;
      lossChart: HTMLCanvasElement;
      accuracyChart: HTMLCanvasElement;
    },
  ) {
    addEventListener('resize', () => this.#schedule());
    this.#schedule();
  }

  addSteps(records: StepRecord[], epoch: number, imagesPerSecond: number): void {
    this.steps.push(...records);
    const last = records.at(-1);
    if (last) {
      this.el.step.textContent = String(last.step);
      this.el.loss.textContent = smoothed(this.steps, 'loss').at(-1)![1].toFixed(3);
      this.el.memory.textContent = `${last.liveTensors} (${(last.liveBytes / 2 ** 20).toFixed(1)} MiB)`;
    }
    this.el.epoch.textContent = String(epoch);
    this.el.speed.textContent = imagesPerSecond > 0 ? imagesPerSecond.toFixed(0) : '–';
    this.#schedule();
  }

  addEvaluation(step: number, accuracy: number): void {
    this.evaluations.push({ step, accuracy });
    this.el.testAccuracy.textContent = `${(accuracy * 100).toFixed(1)}%`;
    this.#schedule();
  }

  /** After loading weights: the history no longer describes this model. */
  clear(step = 0): void {
    this.steps.length = 0;
    this.evaluations.length = 0;
    this.el.step.textContent = String(step);
    for (const el of [this.el.loss, this.el.testAccuracy, this.el.speed, this.el.memory]) el.textContent = '–';
    this.#schedule();
  }

  /** Charts are redrawn at most once per frame, however many messages arrive. */
  #schedule(): void {
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      this.#draw();
    });
  }

  #draw(): void {
    const raw = thin(this.steps.map((s): [number, number] => [s.step, s.loss]));
    drawLineChart(this.el.lossChart, {
      xLabel: 'step',
      emptyYRange: [0, 2.5],
      emptyText: 'press Train: the loss of each batch appears here',
      series: [
        { label: 'loss (each batch)', color: '#cbd5e1', points: raw, width: 1 },
        { label: 'smoothed', color: '#dc2626', points: thin(smoothed(this.steps, 'loss')), width: 2 },
      ],
    });
    const percent = (v: number) => `${(v * 100).toFixed(0)}%`;
    drawLineChart(this.el.accuracyChart, {
      xLabel: 'step',
      yRange: [0, 1],
      formatY: percent,
      emptyText: 'no steps yet',
      series: [
        { label: 'batch accuracy (smoothed)', color: '#16a34a', points: thin(smoothed(this.steps, 'batchAccuracy')), width: 2 },
        { label: 'test accuracy', color: '#2563eb', points: this.evaluations.map((e) => [e.step, e.accuracy]), width: 2, dots: true },
      ],
    });
  }
}

/** A bias-corrected exponential moving average of one field (Adam's correction: no start at 0). */
function smoothed(steps: readonly StepRecord[], field: 'loss' | 'batchAccuracy'): [number, number][] {
  let avg = 0;
  return steps.map((s, i) => {
    avg = (1 - SMOOTHING) * avg + SMOOTHING * s[field];
    return [s.step, avg / (1 - (1 - SMOOTHING) ** (i + 1))];
  });
}

function thin(points: [number, number][]): [number, number][] {
  const k = Math.ceil(points.length / MAX_POINTS);
  return k <= 1 ? points : points.filter((_, i) => i % k === 0 || i === points.length - 1);
}
