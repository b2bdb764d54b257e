// WebGPU's flag values, spelled out: Node's `webgpu` package does not put GPUBufferUsage and
// friends on globalThis, and the backend must not depend on globals being installed.
export const BUFFER_MAP_READ = 0x0001;
export const BUFFER_COPY_SRC = 0x0004;
export const BUFFER_COPY_DST = 0x0008;
export const BUFFER_UNIFORM = 0x0040;
export const BUFFER_STORAGE = 0x0080;
export const MAP_MODE_READ = 0x0001;
export const SHADER_STAGE_COMPUTE = 0x4;

/** Usage of every tensor buffer: bound as storage, filled by writeBuffer, read back by copy. */
export const STORAGE_USAGE = BUFFER_STORAGE | BUFFER_COPY_SRC | BUFFER_COPY_DST;
export const STAGING_USAGE = BUFFER_MAP_READ | BUFFER_COPY_DST;
export const UNIFORM_USAGE = BUFFER_UNIFORM | BUFFER_COPY_DST;
