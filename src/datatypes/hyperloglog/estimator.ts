// The cardinality estimate: from the histogram of register values to PFCOUNT's number.
// Mirrors: redis src/hyperloglog.c (hllSigma, hllTau, hllCount; HLL_ALPHA_INF).
//
// Each register holds the longest "000...1" run seen among the hashes routed to it; a run of k
// is a 1-in-2^k event, so the registers together say how many distinct hashes went by. The
// original HyperLogLog (Flajolet et al.) takes the harmonic mean of 2^register and patches its bias
// at both ends with linear counting and a large-range correction. Redis 5 and later (so 7.0) use
// Otmar Ertl's "improved estimator" instead ("New cardinality estimation algorithms for HyperLogLog
// sketches", arXiv:1702.01284): one formula over the histogram of register values, with sigma
// correcting for registers still at 0 and tau for registers at the maximum run. It is unbiased over
// the whole range, so there are no thresholds to switch between estimators.
//
// PFCOUNT must return the very number Redis returns, so the arithmetic is done in the same order
// with the same doubles: the loops iterate until the sum stops changing, exactly as the C code does.

import { HLL_Q } from './murmur-hash.js';
import { HLL_REGISTERS } from './layout.js';

/** 0.5 / ln(2): the bias constant for m -> infinity. */
const HLL_ALPHA_INF = 0.72134752044448170368;

/** sigma(x) = x + sum_k x^(2^k) * 2^(k-1): corrects for the fraction x of registers still at 0. */
export function hllSigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

/** tau(x): corrects for the fraction 1 - x of registers saturated at HLL_Q + 1. */
export function hllTau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    // Redis writes pow(1 - x, 2): the square, correctly rounded, is this product.
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/**
 * hllCount's estimator over a histogram (histogram[v] = registers holding v; 64 entries, only
 * 0..HLL_Q+1 take part). Returns a number below 2^53, else a bigint.
 */
export function estimateCardinality(histogram: Int32Array): number | bigint {
  const m = HLL_REGISTERS;
  let z = m * hllTau((m - (histogram[HLL_Q + 1] as number)) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += histogram[j] as number;
    z *= 0.5;
  }
  z += m * hllSigma((histogram[0] as number) / m);
  const estimate = Math.round((HLL_ALPHA_INF * m * m) / z);
  // Every register saturated gives z = 0 and an infinite estimate: Redis's llroundl then returns
  // LLONG_MIN, which its uint64 cast reads as 2^63.
  if (!Number.isFinite(estimate)) return 1n << 63n;
  return estimate <= Number.MAX_SAFE_INTEGER ? estimate : BigInt(estimate);
}
