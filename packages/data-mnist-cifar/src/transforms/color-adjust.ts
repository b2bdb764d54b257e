/**
 * torchvision 0.14's colour adjustments on one float image in [0, 1] (functional_tensor.py),
 * each float32 operation rounded as PyTorch rounds it: `fround` after every step. An image
 * is `channels` planes of `plane` values starting at `base`; each function works in place.
 */
const f = Math.fround;
// rgb_to_grayscale's weights (ITU-R 601-2 luma, as TensorFlow), as float32.
const R = f(0.2989);
const G = f(0.587);
const B = f(0.114);

export interface Image {
  readonly data: Float32Array;
  readonly base: number;
  readonly channels: number;
  readonly plane: number;
}

/** adjust_brightness: factor · x, clamped to [0, 1]. */
export function adjustBrightness(img: Image, factor: number): void {
  const k = f(factor);
  const { data } = img;
  for (let i = img.base, end = img.base + img.channels * img.plane; i < end; i++) data[i] = clamp01(f(k * data[i]!));
}

/** adjust_contrast: blend with the mean grey level of the whole image. */
export function adjustContrast(img: Image, factor: number): void {
  const { data, base, plane } = img;
  let sum = 0;
  if (img.channels === 3) for (let i = base; i < base + plane; i++) sum += grey(data[i]!, data[i + plane]!, data[i + 2 * plane]!);
  else for (let i = base; i < base + plane; i++) sum += data[i]!;
  blendWithConstant(img, factor, f(sum / plane));
}

/** adjust_saturation: blend each pixel with its own grey level; a grey image is left as it is. */
export function adjustSaturation(img: Image, factor: number): void {
  if (img.channels !== 3) return;
  const { data, base, plane } = img;
  const k = f(factor);
  const rest = f(1 - factor);
  for (let i = base; i < base + plane; i++) {
    const y = f(rest * grey(data[i]!, data[i + plane]!, data[i + 2 * plane]!));
    for (let ch = i; ch < i + 3 * plane; ch += plane) data[ch] = clamp01(f(f(k * data[ch]!) + y));
  }
}

/** adjust_hue: rotate each pixel's hue by `shift` turns (in [-0.5, 0.5]) through HSV; a grey image is left as it is. */
export function adjustHue(img: Image, shift: number): void {
  if (img.channels !== 3) return;
  const { data, base, plane } = img;
  const delta = f(shift);
  for (let i = base; i < base + plane; i++) {
    const r = data[i]!;
    const g = data[i + plane]!;
    const b = data[i + 2 * plane]!;
    // _rgb2hsv
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const grey = max === min;
    const range = f(max - min);
    const s = f(range / (grey ? 1 : max));
    const divisor = grey ? 1 : range;
    const rc = f(f(max - r) / divisor);
    const gc = f(f(max - g) / divisor);
    const bc = f(f(max - b) / divisor);
    const hr = max === r ? f(bc - gc) : 0;
    const hg = max === g && max !== r ? f(f(2 + rc) - bc) : 0;
    const hb = max !== g && max !== r ? f(f(4 + gc) - rc) : 0;
    let h = f(f(f(hr + hg) + hb) / 6);
    h = f(h + 1) % 1;
    // (h + shift) % 1.0: torch.remainder, whose negative results get 1 added (and rounded).
    h = f(h + delta) % 1;
    if (h < 0) h = f(h + 1);
    // _hsv2rgb
    const h6 = f(h * 6);
    const sector = Math.floor(h6);
    const frac = f(h6 - sector);
    const p = clamp01(f(max * f(1 - s)));
    const q = clamp01(f(max * f(1 - f(s * frac))));
    const t = clamp01(f(max * f(1 - f(s * f(1 - frac)))));
    const v = max;
    // _hsv2rgb's sector table written out, so this per-pixel loop allocates nothing.
    switch (sector % 6) {
      case 0:
        data[i] = v;
        data[i + plane] = t;
        data[i + 2 * plane] = p;
        break;
      case 1:
        data[i] = q;
        data[i + plane] = v;
        data[i + 2 * plane] = p;
        break;
      case 2:
        data[i] = p;
        data[i + plane] = v;
        data[i + 2 * plane] = t;
        break;
      case 3:
        data[i] = p;
        data[i + plane] = q;
        data[i + 2 * plane] = v;
        break;
      case 4:
        data[i] = t;
        data[i + plane] = p;
        data[i + 2 * plane] = v;
        break;
      default:
        data[i] = v;
        data[i + plane] = p;
        data[i + 2 * plane] = q;
    }
  }
}

/** _blend(img, constant, factor): factor · x + (1 - factor) · constant, clamped. */
function blendWithConstant(img: Image, factor: number, constant: number): void {
  const k = f(factor);
  const y = f(f(1 - factor) * constant);
  const { data } = img;
  for (let i = img.base, end = img.base + img.channels * img.plane; i < end; i++) data[i] = clamp01(f(f(k * data[i]!) + y));
}

/** rgb_to_grayscale of one pixel: 0.2989 r + 0.587 g + 0.114 b, in float32 steps. */
function grey(r: number, g: number, b: number): number {
  return f(f(f(R * r) + f(G * g)) + f(B * b));
}

function clamp01(x: number): number {
  // biome-ignore lint/complexity/useMathMinMax: keeps -0 as -0, as torch.clamp does (Math.max(-0, 0) is 0).
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
