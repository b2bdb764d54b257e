// The `init` namespace: torch.nn.init's functions, each filling its tensor in place and returning it.
export { calculateGain, type Nonlinearity } from './gain.js';
export { calculateFanInAndFanOut, type FanMode } from './fan.js';
export { uniform, normal, constant, zeros, ones, type SeedOptions } from './fill.js';
export { xavierUniform, xavierNormal, type XavierOptions } from './xavier.js';
export { kaimingUniform, kaimingNormal, type KaimingOptions } from './kaiming.js';
export { truncNormal, type TruncNormalOptions } from './trunc-normal.js';
export { orthogonal, type OrthogonalOptions } from './orthogonal.js';
