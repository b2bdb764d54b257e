import { roundHalfEven } from './sizes.js';

/** A box inside an image: top-left corner and size, in pixels. */
export interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
}

/**
 * The ten tries that torchvision's RandomResizedCrop and RandomErasing share: a target area
 * uniform in `scale` times the image area and an aspect ratio log-uniform in `ratio`, then
 * sides rounded as Python rounds. `tallSide` says which side gets sqrt(area · ratio):
 * the width for RandomResizedCrop (ratio = w / h), the height for RandomErasing.
 */
export function drawBox(
  height: number,
  width: number,
  scale: readonly [number, number],
  ratio: readonly [number, number],
  tallSide: 'width' | 'height',
  fits: (h: number, w: number) => boolean,
  random: () => number,
): Box | null {
  const area = height * width;
  const logLow = Math.log(ratio[0]);
  const logHigh = Math.log(ratio[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * (scale[0] + (scale[1] - scale[0]) * random());
    const aspect = Math.exp(logLow + (logHigh - logLow) * random());
    const along = roundHalfEven(Math.sqrt(target * aspect));
    const across = roundHalfEven(Math.sqrt(target / aspect));
    const [h, w] = tallSide === 'width' ? [across, along] : [along, across];
    if (fits(h, w)) {
      const top = Math.floor(random() * (height - h + 1));
      const left = Math.floor(random() * (width - w + 1));
      return { top, left, height: h, width: w };
    }
  }
  return null;
}
