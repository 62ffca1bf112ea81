/**
 * Weight initialisers with PyTorch's definitions (`torch.nn.init`): fan computation, gains and
 * bounds follow `calculate_gain` / `_calculate_fan_in_and_fan_out`. Values are drawn from a
 * seeded {@link Generator}, so a seed reproduces the same weights on every backend.
 * @module
 */
import { tensor, type Tensor } from '@tensorflow/tfjs-core';
import { defaultGenerator, type Generator } from './rng.js';
import { sizeOf } from './shapes.js';

/** Nonlinearities known to {@link calculateGain}. */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

/** The recommended gain for a nonlinearity, as `torch.nn.init.calculate_gain`. */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
  }
}

/** `[fanIn, fanOut]` of a weight shape `[out, in, ...receptive]`, as PyTorch computes them. */
export function fans(shape: readonly number[]): [number, number] {
  if (shape.length < 2) {
    throw new RangeError(`fan in and fan out need a shape of rank >= 2, got [${shape.join(', ')}]`);
  }
  const receptive = sizeOf(shape.slice(2));
  return [shape[1]! * receptive, shape[0]! * receptive];
}

/** Options shared by the initialisers. */
export interface InitOptions {
  /** Random source; the process-wide {@link defaultGenerator} when omitted. */
  rng?: Generator;
}

/** U(low, high). */
export function uniform(shape: readonly number[], low = 0, high = 1, opts: InitOptions = {}): Tensor {
  const rng = opts.rng ?? defaultGenerator();
  return tensor(rng.uniform(sizeOf(shape), low, high), [...shape], 'float32');
}

/** N(mean, std²). */
export function normal(shape: readonly number[], mean = 0, std = 1, opts: InitOptions = {}): Tensor {
  const rng = opts.rng ?? defaultGenerator();
  return tensor(rng.normal(sizeOf(shape), mean, std), [...shape], 'float32');
}

/** Every element `value`. */
export function constant(shape: readonly number[], value: number): Tensor {
  return tensor(new Float32Array(sizeOf(shape)).fill(value), [...shape], 'float32');
}

/** Glorot/Xavier uniform: U(-b, b), b = gain·sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform(shape: readonly number[], gain = 1, opts: InitOptions = {}): Tensor {
  const [fanIn, fanOut] = fans(shape);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, -bound, bound, opts);
}

/** Glorot/Xavier normal: N(0, std²), std = gain·sqrt(2 / (fanIn + fanOut)). */
export function xavierNormal(shape: readonly number[], gain = 1, opts: InitOptions = {}): Tensor {
  const [fanIn, fanOut] = fans(shape);
  return normal(shape, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), opts);
}

/** Options of the Kaiming (He) initialisers. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the rectifier after this layer (leaky_relu only). Default 0. */
  a?: number;
  /** Preserve the variance of the forward (`fan_in`) or backward (`fan_out`) pass. */
  mode?: 'fan_in' | 'fan_out';
  /** Default `leaky_relu`, as in PyTorch. */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(shape: readonly number[], opts: KaimingOptions): number {
  const [fanIn, fanOut] = fans(shape);
  const fan = (opts.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  const gain = calculateGain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0);
  return gain / Math.sqrt(fan);
}

/** Kaiming/He uniform: U(-b, b), b = gain·sqrt(3 / fan). */
export function kaimingUniform(shape: readonly number[], opts: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(shape, opts);
  return uniform(shape, -bound, bound, opts);
}

/** Kaiming/He normal: N(0, std²), std = gain / sqrt(fan). */
export function kaimingNormal(shape: readonly number[], opts: KaimingOptions = {}): Tensor {
  return normal(shape, 0, kaimingStd(shape, opts), opts);
}

/**
 * A (semi-)orthogonal matrix, as `torch.nn.init.orthogonal_`: QR of a Gaussian matrix with the
 * signs of R's diagonal folded into Q so the result is uniformly distributed. Computed in float64
 * on the host by Householder reflections (tfjs's `qr` is float32 and backend-dependent).
 */
export function orthogonal(shape: readonly number[], gain = 1, opts: InitOptions = {}): Tensor {
  if (shape.length < 2) throw new RangeError(`orthogonal needs rank >= 2, got [${shape.join(', ')}]`);
  const rows = shape[0]!;
  const cols = sizeOf(shape.slice(1));
  const rng = opts.rng ?? defaultGenerator();
  // Work on the tall orientation m x n (m >= n), transpose back at the end.
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const a = Float64Array.from(rng.normal(m * n)); // row-major m x n
  const q = householderQ(a, m, n);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = gain * q[i * n + j]!;
      if (tall) out[i * cols + j] = v;
      else out[j * cols + i] = v;
    }
  }
  return tensor(out, [...shape], 'float32');
}

/**
 * Thin Q (m x n, row-major) of the QR factorisation of `a` (m x n, m >= n), with the columns of
 * Q multiplied by sign(diag(R)) so that R has a positive diagonal.
 */
function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i * n + k]! ** 2;
    norm = Math.sqrt(norm);
    const v = new Float64Array(m);
    const alpha = r[k * n + k]! >= 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i] = r[i * n + k]!;
    v[k] = v[k]! - alpha;
    let vnorm = 0;
    for (let i = k; i < m; i++) vnorm += v[i]! ** 2;
    vnorm = Math.sqrt(vnorm);
    if (vnorm > 0) for (let i = k; i < m; i++) v[i] = v[i]! / vnorm;
    vs.push(v);
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i]! * r[i * n + j]!;
      for (let i = k; i < m; i++) r[i * n + j] = r[i * n + j]! - 2 * v[i]! * dot;
    }
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i]! * q[i * n + j]!;
      for (let i = k; i < m; i++) q[i * n + j] = q[i * n + j]! - 2 * v[i]! * dot;
    }
  }
  for (let j = 0; j < n; j++) {
    if (r[j * n + j]! < 0) for (let i = 0; i < m; i++) q[i * n + j] = -q[i * n + j]!;
  }
  return q;
}
