import { describe } from '../errors/describe.js';
import { permutation } from '../loader/random.js';
import { adjustBrightness, adjustContrast, adjustHue, adjustSaturation, type Image } from './color-adjust.js';
import type { Transform } from './transform.js';

/** A jitter strength: `v` for [max(0, 1 - v), 1 + v] (hue: [-v, v]), or the [min, max] range itself. */
export type JitterRange = number | readonly [number, number];

export interface ColorJitterOptions {
  brightness?: JitterRange;
  contrast?: JitterRange;
  saturation?: JitterRange;
  /** At most 0.5 (half a turn of the colour wheel), or a range within [-0.5, 0.5]. */
  hue?: JitterRange;
}

const ADJUSTMENTS = [adjustBrightness, adjustContrast, adjustSaturation, adjustHue] as const;

/**
 * Randomly changes brightness, contrast, saturation and hue of each image, as torchvision's
 * `ColorJitter`: per image, the four adjustments in a random order, each with a factor drawn
 * uniformly from its range. Images have 1 or 3 channels in [0, 1]: put it before `normalize`.
 * Saturation and hue leave 1-channel images as they are, as torchvision does.
 */
export function colorJitter(opts: ColorJitterOptions = {}): Transform {
  if (typeof opts !== 'object' || opts === null)
    throw new Error(`colorJitter: expected an options object { brightness, contrast, saturation, hue }, got ${describe(opts)}`);
  // In torchvision's order: brightness, contrast, saturation, hue. Null: the adjustment is off.
  const ranges = [
    factorRange('brightness', opts.brightness),
    factorRange('contrast', opts.contrast),
    factorRange('saturation', opts.saturation),
    hueRange(opts.hue),
  ];
  return (batch, random) => {
    const [n, c, h, w] = batch.shape;
    if (c !== 1 && c !== 3) throw new Error(`colorJitter: images must have 1 or 3 channels, got ${c} (batch [${batch.shape.join(', ')}])`);
    const factors = new Float64Array(4);
    for (let i = 0; i < n; i++) {
      const order = permutation(4, random);
      for (let k = 0; k < 4; k++) {
        const range = ranges[k];
        if (range) factors[k] = range[0] + (range[1] - range[0]) * random();
      }
      const image: Image = { data: batch.data, base: i * c * h * w, channels: c, plane: h * w };
      for (const k of order) if (ranges[k]) ADJUSTMENTS[k]!(image, factors[k]!);
    }
    return batch;
  };
}

/** torchvision's _check_input for brightness, contrast and saturation: centre 1, bounds [0, ∞). */
function factorRange(name: string, value: JitterRange | undefined): [number, number] | null {
  return jitterRange(name, value ?? 0, 1, 0, Number.POSITIVE_INFINITY, true);
}

function hueRange(value: JitterRange | undefined): [number, number] | null {
  return jitterRange('hue', value ?? 0, 0, -0.5, 0.5, false);
}

function jitterRange(
  name: string,
  value: JitterRange,
  centre: number,
  low: number,
  high: number,
  clipAtZero: boolean,
): [number, number] | null {
  let range: [number, number];
  if (typeof value === 'number') {
    if (!(value >= 0 && value <= high - centre)) {
      throw new Error(`colorJitter: ${name} must be a number in [0, ${high - centre}] or a [min, max] range, got ${describe(value)}`);
    }
    range = [clipAtZero ? Math.max(centre - value, 0) : centre - value, centre + value];
  } else {
    const ok =
      Array.isArray(value) &&
      value.length === 2 &&
      value.every((v) => typeof v === 'number') &&
      low <= value[0] &&
      value[0] <= value[1] &&
      value[1] <= high;
    if (!ok) throw new Error(`colorJitter: ${name} range must be [min, max] with ${low} <= min <= max <= ${high}, got ${describe(value)}`);
    range = [value[0], value[1]];
  }
  // [centre, centre] changes nothing, so torchvision skips it (and draws no factor).
  return range[0] === centre && range[1] === centre ? null : range;
}
