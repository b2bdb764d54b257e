// The shape of report.json. `validateReport` (validate.ts) checks a parsed file against it.

export const SCHEMA_VERSION = 3;

export type Command = 'parity' | 'bench' | 'all';
export type BackendName = 'cpu' | 'webgpu';
export type RuntimeName = 'node' | 'bun' | 'deno' | 'chromium';
export type ProfileName = 'micro' | 'quick' | 'full';

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  createdAt: string;
  command: Command;
  profile: { name: ProfileName; description: string };
  machine: Machine;
  /** The runtime that ran the benchmarks (parity runs each runtime in a child process). */
  runtime: { name: RuntimeName; version: string };
  backends: BackendStatus[];
  /** Package name → installed version, for Stride and its peers. */
  versions: Record<string, string>;
  parity: ParityReport | null;
  bench: BenchReport | null;
  training: TrainingReport | null;
  durationMs: number;
}

export interface Machine {
  os: string;
  arch: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  /** Debian's PyTorch, the CPU peer run in a subprocess; null where no cpu benchmark ran. */
  pytorch: PytorchInfo | null;
}

/** The PyTorch that timed the peer column, or why none did. */
export interface PytorchInfo {
  available: boolean;
  /** Why not ("no torch for /usr/bin/python3: ModuleNotFoundError …"). */
  reason: string | null;
  version: string | null;
  torchvision: string | null;
  threads: number | null;
  /** The BLAS library torch loaded ("OpenBLAS 0.3.21 (pthread)"); a reference BLAS makes it 40× slower. */
  blas: string | null;
  /** What `torch.__config__.show()` says of its BLAS (Debian's build: BLAS_INFO=generic). */
  blasConfig: string | null;
}

export interface BackendStatus {
  name: BackendName;
  available: boolean;
  /** Why not, when unavailable ("backend not installed"). */
  reason: string | null;
  /** The GPU adapter (WebGPU only), as the runtime describes it. */
  adapter: string | null;
}

export interface ParityReport {
  runs: ParityRun[];
}

/** One backend under one runtime. */
export interface ParityRun {
  backend: BackendName;
  runtime: RuntimeName;
  available: boolean;
  /** Why it did not run (backend not installed, runtime not found). */
  reason: string | null;
  runtimeVersion: string | null;
  /** Set when the suite itself broke (did not load, crashed) rather than tests failing. */
  error: string | null;
  durationMs: number;
  families: FamilyResult[];
}

export interface FamilyResult {
  family: string;
  passed: number;
  /** Tests that ran: passed + failed. */
  total: number;
  /** Tests the backend opted out of by a capability it declares it lacks (float64, readSync). */
  skipped: number;
  /**
   * Largest `max|got − exp| / (atol + rtol·max|exp|)` over the family's PyTorch fixture
   * tensors: below 1 passes. Null for families that compare no fixture (errors, gradcheck).
   */
  worstRatio: number | null;
  failures: string[];
}

export interface BenchReport {
  /** The engines that ran, in column order (stride first). */
  engines: EngineInfo[];
  rows: BenchRow[];
  /** The WebAssembly FMA ceiling, measured where the cpu backend ran; null elsewhere. */
  ceiling: FmaCeiling | null;
}

/**
 * The most float32 multiply-adds WebAssembly SIMD does here: a loop of independent relaxed-SIMD
 * FMAs on registers only (no memory traffic), on each thread count. A GEMM cannot pass it.
 */
export interface FmaCeiling {
  /** 'f32x4.relaxed_madd', or 'f32x4.mul + f32x4.add' where relaxed SIMD is missing. */
  instruction: string;
  /** Independent accumulators of the best loop (enough to hide the FMA latency). */
  accumulators: number;
  runs: { threads: number; gflops: number }[];
}

export interface EngineInfo {
  id: string;
  label: string;
  backend: BackendName;
  library: EngineLibrary;
}

/** Stride, and the libraries it is timed against. PyTorch runs in a subprocess after the other rows. */
export type EngineLibrary = 'stride' | 'tfjs' | 'onnxruntime' | 'pytorch';

export type RowGroup = 'matmul' | 'conv' | 'pool' | 'norm' | 'op' | 'data' | 'model';

export interface BenchRow {
  id: string;
  group: RowGroup;
  name: string;
  shape: string;
  /** Floating-point operations of one run, where the count means something (matmul, conv, models). */
  flops: number | null;
  /** Images per run, for model rows (images/s). */
  images: number | null;
  results: EngineResult[];
}

/** skipped: the quick profile predicted a run too slow for it (the reason gives the prediction). */
export type ResultStatus = 'ok' | 'unsupported' | 'unavailable' | 'failed' | 'skipped';

export interface EngineResult {
  engine: string;
  status: ResultStatus;
  reason: string | null;
  /** The first run alone: compilation, allocation and caches warming. */
  firstMs: number | null;
  medianMs: number | null;
  minMs: number | null;
  /** The slowest timed run: with minMs, the spread a ratio against a peer is given with. */
  maxMs: number | null;
  samples: number;
  gflops: number | null;
  imagesPerSec: number | null;
  /** High-water mark of the engine's live tensor bytes during the runs. */
  peakBytes: number | null;
  /** High-water mark of the process's resident set during the runs. */
  peakRssBytes: number | null;
}

export interface TrainingReport {
  dataset: string;
  /** Training images used, and whether that is the full epoch or a subset. */
  images: number;
  epochImages: number;
  subset: boolean;
  note: string;
  batch: number;
  steps: number;
  losses: number[];
  testImages: number;
  testAccuracy: number;
  /** conv1's weight [20, 1, 5, 5] after training, row-major. */
  filters: { shape: number[]; data: number[] };
  durationMs: number;
}
