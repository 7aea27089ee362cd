// Correctly rounded sin, cos and asin, for the distances whose every bit a client can see.
// Mirrors: the results of glibc's libm (sysdeps/ieee754/dbl-64 s_sin.c, e_asin.c), which Redis's
// geohash_helper.c calls; none of its code.
//
// The problem: V8's Math.sin/cos/asin (fdlibm) are accurate to within one unit in the last place,
// and so is glibc's libm, but they round differently for a few percent of arguments. A distance
// stored by GEOSEARCHSTORE ... STOREDIST keeps all 17 digits, so 6% of them differed from Redis's
// in the last bit. glibc's results are the correctly rounded ones for all but ~0.1% of arguments
// (measured against 200-bit arithmetic), so computing the correctly rounded value matches Redis
// far more often than fdlibm does.
//
// How: double-double arithmetic (a value is an unevaluated sum hi + lo of two doubles, ~106 bits).
// sin and cos reduce the argument by multiples of pi/2 (pi/2 held in three doubles) and sum their
// Taylor series to 2^-110; asin refines fdlibm's answer with Newton steps on sin, using
// asin(a) = pi/2 - 2 asin(sqrt((1 - a) / 2)) above 0.5 where sin flattens out. Rounding hi + lo
// to the nearest double is then the correctly rounded result unless the true value lies within
// ~2^-100 of a rounding midpoint. It costs about a microsecond per call: search.ts uses it only
// where a full-precision distance is shown or decides a point on the very edge of the radius.

/** A double-double: the value hi + lo, |lo| <= ulp(hi) / 2. */
type DD = [number, number];

const SPLITTER = 134217729; // 2^27 + 1, Dekker's split

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

/** a * b exactly, as hi + lo (Dekker; JS has no fused multiply-add). */
function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ahi = t - (t - a);
  const alo = a - ahi;
  t = SPLITTER * b;
  const bhi = t - (t - b);
  const blo = b - bhi;
  return [p, ((ahi * bhi - p) + ahi * blo + alo * bhi) + alo * blo];
}

function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = quickTwoSum(s, e + t);
  return quickTwoSum(s2, e2 + f);
}

function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function ddMulNumber(a: DD, b: number): DD {
  const [p, e] = twoProd(a[0], b);
  return quickTwoSum(p, e + a[1] * b);
}

/** pi/2 as three doubles (about 160 bits). */
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;

/** 1/n! for the Taylor series, as double-doubles. */
const INVERSE_FACTORIALS: readonly DD[] = (() => {
  const out: DD[] = [[1, 0]];
  let f: DD = [1, 0];
  for (let n = 1; n <= 30; n++) {
    // f = f / n, in double-double: one division and one correction step.
    const q = f[0] / n;
    const [p, e] = twoProd(q, n);
    const r = (f[0] - p - e + f[1]) / n;
    f = quickTwoSum(q, r);
    out.push(f);
  }
  return out;
})();

/**
 * How many terms the series need: the first left out, |r|^n / n!, must stay below 2^-110 (relative
 * to the result, which is at least about |r| for sin and 1/sqrt(2) for cos on [-pi/4, pi/4]).
 * MAX_R[k] is the largest |r| for which the terms up to r^(2k) / (2k)! suffice.
 */
const MAX_R: readonly number[] = (() => {
  const out: number[] = [];
  for (let k = 0; k <= 14; k++) {
    const n = 2 * k + 2; // the first term left out
    let logFactorial = 0;
    for (let i = 2; i <= n; i++) logFactorial += Math.log(i);
    out.push(Math.exp((logFactorial - 110 * Math.LN2) / n) * 0.5);
  }
  return out;
})();

function termsFor(r: number): number {
  const a = Math.abs(r);
  let k = 1;
  while (k < 14 && a > (MAX_R[k] as number)) k++;
  return k;
}

/** 1/n! split into two arrays, so the hot loop below reads numbers, not pairs. */
const FACT_HI = INVERSE_FACTORIALS.map((f) => f[0]);
const FACT_LO = INVERSE_FACTORIALS.map((f) => f[1]);

/**
 * sin(r) (odd = true) or cos(r) for |r| <= pi/4, as a double-double: Horner from the highest term,
 * acc = acc * r^2 + (-1)^k / n!, written out on scalars (this loop is most of the cost).
 */
function seriesReduced(r: DD, odd: boolean): DD {
  const [r2h, r2l] = ddMul(r, r);
  let ah = 0;
  let al = 0;
  for (let k = termsFor(r[0]); k >= 0; k--) {
    const n = odd ? 2 * k + 1 : 2 * k;
    const sign = k % 2 === 0 ? 1 : -1;
    // (ah, al) * (r2h, r2l): Dekker's product of the high parts plus the cross terms.
    const p = ah * r2h;
    let t = SPLITTER * ah;
    const xh = t - (t - ah);
    const xl = ah - xh;
    t = SPLITTER * r2h;
    const yh = t - (t - r2h);
    const yl = r2h - yh;
    const pe = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl + (ah * r2l + al * r2h);
    let mh = p + pe;
    let ml = pe - (mh - p);
    // + the term, with two-sums on both halves.
    const bh = sign * (FACT_HI[n] as number);
    const bl = sign * (FACT_LO[n] as number);
    let sh = mh + bh;
    let v = sh - mh;
    let se = (mh - (sh - v)) + (bh - v);
    let th = ml + bl;
    v = th - ml;
    const te = (ml - (th - v)) + (bl - v);
    se += th;
    mh = sh + se;
    ml = se - (mh - sh);
    se = ml + te;
    sh = mh + se;
    ah = sh;
    al = se - (sh - mh);
  }
  return odd ? ddMul([ah, al], r) : [ah, al];
}

/** x (a double-double) minus the nearest multiple of pi/2, and that multiple's quadrant. */
function reduce(x: DD): { r: DD; quadrant: number } {
  const k = Math.round(x[0] / PIO2_1);
  if (k === 0) return { r: x, quadrant: 0 };
  let r = ddAdd(x, twoProd(-k, PIO2_1));
  r = ddAdd(r, twoProd(-k, PIO2_2));
  r = ddAdd(r, [-k * PIO2_3, 0]);
  return { r, quadrant: ((k % 4) + 4) % 4 };
}

/** Arguments beyond this use Math's functions (three quadrants of reduction are exact enough here). */
const MAX_ARGUMENT = 8;

const negate = (v: DD): DD => [-v[0], -v[1]];

function sinDD(x: DD): DD {
  const { r, quadrant } = reduce(x);
  // sin(r + q pi/2) is sin r, cos r, -sin r, -cos r for q = 0..3.
  const v = seriesReduced(r, quadrant % 2 === 0);
  return quadrant < 2 ? v : negate(v);
}

function cosDD(x: DD): DD {
  const { r, quadrant } = reduce(x);
  // cos(r + q pi/2) is cos r, -sin r, -cos r, sin r.
  const v = seriesReduced(r, quadrant % 2 === 1);
  return quadrant === 0 || quadrant === 3 ? v : negate(v);
}

export function exactSin(x: number): number {
  if (!(Math.abs(x) <= MAX_ARGUMENT)) return Math.sin(x);
  if (x === 0) return x; // keeps -0
  const [hi, lo] = sinDD([x, 0]);
  return hi + lo;
}

export function exactCos(x: number): number {
  if (!(Math.abs(x) <= MAX_ARGUMENT)) return Math.cos(x);
  const [hi, lo] = cosDD([x, 0]);
  return hi + lo;
}

/**
 * asin of a double-double in [0, 0.5]: fdlibm's answer (within an ulp) refined by one Newton step
 * on sin. The step squares the error (times tan(y) / 2 <= 0.3 here): ~1e-32, far below what the
 * final rounding needs.
 */
function asinSmallDD(a: DD): DD {
  const y = Math.asin(a[0]);
  const f = ddAdd(sinDD([y, 0]), [-a[0], -a[1]]);
  const correction = (f[0] + f[1]) / Math.cos(y);
  return quickTwoSum(y, -correction);
}

export function exactAsin(a: number): number {
  if (!(Math.abs(a) <= 1)) return Math.asin(a);
  if (a === 0) return a;
  if (Math.abs(a) === 1) return a * PIO2_1;
  const sign = a < 0 ? -1 : 1;
  const x = Math.abs(a);
  let y: DD;
  if (x <= 0.5) {
    y = asinSmallDD([x, 0]);
  } else {
    // asin(x) = pi/2 - 2 asin(s), s = sqrt((1 - x) / 2): 1 - x and the halving are exact here.
    const t = (1 - x) / 2;
    const sh = Math.sqrt(t);
    const [p, e] = twoProd(sh, sh);
    const s: DD = quickTwoSum(sh, (t - p - e) / (2 * sh));
    const twice = ddMulNumber(asinSmallDD(s), -2);
    y = ddAdd(ddAdd([PIO2_1, PIO2_2], [PIO2_3, 0]), twice);
  }
  return sign * (y[0] + y[1]);
}
