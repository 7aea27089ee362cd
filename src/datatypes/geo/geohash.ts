// Geohash: a point on the globe as one integer, so a sorted set can index positions by score.
// Mirrors: redis src/geohash.c (interleave64, deinterleave64, geohashEncode, geohashDecode,
// geohashDecodeAreaToLongLat, geohash_move_x, geohash_move_y, geohashNeighbors), src/geohash.h
// (GEO_LAT_MIN ... GEO_STEP_MAX) and src/geo.c (decodeGeohash).
//
// The problem: "which members are near this point" on a sorted set, which can only answer "which
// scores are between min and max". The trick: cut the longitude range in two and write one bit
// (0: west half, 1: east half), then do the same for the latitude, and repeat on the half the point
// is in, `step` times each. Interleaving the two bit strings (latitude on the even bits, longitude
// on the odd ones) gives a Z-order curve: points whose codes share a prefix of 2k bits lie in the
// same cell of a 2^k x 2^k grid, and every cell is one contiguous run of codes, so "every member
// in this cell" is a single score range. Redis stores positions at step 26 (52 bits: a double
// holds them exactly) and searches with coarser cells, each widened to 52 bits (align52).
//
// Latitudes are limited to +-85.05112878 (the Web Mercator square), not +-90: a code's cells are
// rectangles in degrees, and the poles cannot be represented. GEOHASH re-encodes with +-90 to print
// the standard geohash alphabet.
//
// Numbers: codes are up to 54 bits (an offset of exactly 2^step, at longitude 180 or latitude
// 85.05112878, carries into the next bit, as in C), beyond a double's exact integers, so encoding
// and the neighbour arithmetic use BigInt, as C uses uint64_t. Decoding, which a search does for
// every candidate member, works on two 32-bit halves of the score instead.

/** The precision GEOADD stores (26 bits per coordinate): GEO_STEP_MAX. */
export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

/** A geohash: `step` bits per coordinate, interleaved. bits 0 and step 0 is "no cell" (GZERO). */
export interface GeoHashBits {
  readonly bits: bigint;
  readonly step: number;
}

export interface GeoHashRange {
  readonly min: number;
  readonly max: number;
}

/** The rectangle (in degrees) a geohash cell covers. */
export interface GeoHashArea {
  readonly longitude: GeoHashRange;
  readonly latitude: GeoHashRange;
}

export const GEO_ZERO: GeoHashBits = { bits: 0n, step: 0 };

/** The ranges Redis encodes positions in (geohashGetCoordRange). */
export const WGS84_LONG_RANGE: GeoHashRange = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
export const WGS84_LAT_RANGE: GeoHashRange = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };

export function isZeroHash(hash: GeoHashBits): boolean {
  return hash.bits === 0n && hash.step === 0;
}

// --- Interleaving ---

const U64 = (1n << 64n) - 1n;
const SPREAD_MASKS: readonly bigint[] = [
  0x5555555555555555n, 0x3333333333333333n, 0x0f0f0f0f0f0f0f0fn, 0x00ff00ff00ff00ffn, 0x0000ffff0000ffffn,
];

/** Spread the low 32 bits of v onto the even bits of a 64-bit word (one step of interleave64). */
function spread32(value: bigint): bigint {
  let v = value & 0xffffffffn;
  for (let i = 4; i >= 0; i--) v = (v | (v << BigInt(1 << i))) & (SPREAD_MASKS[i] as bigint);
  return v;
}

/** interleave64: x on the even bits, y on the odd ones; both must be below 2^32. */
export function interleave64(x: number, y: number): bigint {
  return (spread32(BigInt(x)) | (spread32(BigInt(y)) << 1n)) & U64;
}

/** The even bits of a 32-bit word, packed into 16 bits. */
function compactEven32(word: number): number {
  let v = word & 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  v = (v | (v >>> 8)) & 0x0000ffff;
  return v;
}

/**
 * deinterleave64 of the 64-bit word hi:lo (two unsigned 32-bit halves): the even bits (latitude)
 * and the odd bits (longitude), each as an unsigned 32-bit number.
 */
function deinterleave(hi: number, lo: number): { lat: number; long: number } {
  const lat = compactEven32(lo) + compactEven32(hi) * 0x10000;
  const long = compactEven32(lo >>> 1) + compactEven32(hi >>> 1) * 0x10000;
  return { lat, long };
}

// --- Encoding ---

/**
 * geohashEncode: the cell of `step` bits per coordinate holding (longitude, latitude), or undefined
 * when the point is outside the WGS84 limits or the given ranges. The offset in each range is a
 * fraction scaled to 2^step and truncated, as C's double to uint32 conversion does.
 */
export function geohashEncode(
  longRange: GeoHashRange, latRange: GeoHashRange, longitude: number, latitude: number, step: number,
): GeoHashBits | undefined {
  if (step > 32 || step === 0) return undefined;
  if (longitude > GEO_LONG_MAX || longitude < GEO_LONG_MIN || latitude > GEO_LAT_MAX || latitude < GEO_LAT_MIN) {
    return undefined;
  }
  if (latitude < latRange.min || latitude > latRange.max || longitude < longRange.min || longitude > longRange.max) {
    return undefined;
  }
  let latOffset = (latitude - latRange.min) / (latRange.max - latRange.min);
  let longOffset = (longitude - longRange.min) / (longRange.max - longRange.min);
  latOffset *= 2 ** step;
  longOffset *= 2 ** step;
  return { bits: interleave64(Math.trunc(latOffset), Math.trunc(longOffset)), step };
}

/** geohashEncodeWGS84: in the ranges positions are stored in. */
export function geohashEncodeWGS84(longitude: number, latitude: number, step: number): GeoHashBits | undefined {
  return geohashEncode(WGS84_LONG_RANGE, WGS84_LAT_RANGE, longitude, latitude, step);
}

/** geohashAlign52Bits: a cell's code shifted to the 52-bit scale scores use. */
export function geohashAlign52Bits(hash: GeoHashBits): bigint {
  return (hash.bits << BigInt(52 - hash.step * 2)) & U64;
}

/**
 * The score GEOADD stores for a valid position: the step-26 code. C passes it through its decimal
 * text to ZADD's float parser; converting the integer to the nearest double is the same rounding.
 */
export function geoScoreOf(longitude: number, latitude: number): bigint | undefined {
  const hash = geohashEncodeWGS84(longitude, latitude, GEO_STEP_MAX);
  return hash === undefined ? undefined : geohashAlign52Bits(hash);
}

/** Spread the low 16 bits of v onto the even bits of a 32-bit word. */
function spread16(value: number): number {
  let v = value & 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

/**
 * geoScoreOf as the decimal text GEOADD hands to ZADD, without BigInt: the two 27-bit offsets are
 * interleaved 16 bits at a time into two 32-bit halves. Below 2^53 (every position but longitude
 * 180 itself, whose offset carries into bit 53) the number is exact; beyond, BigInt prints it.
 */
export function geoScoreText(longitude: number, latitude: number): string | undefined {
  if (longitude > GEO_LONG_MAX || longitude < GEO_LONG_MIN || latitude > GEO_LAT_MAX || latitude < GEO_LAT_MIN) {
    return undefined;
  }
  const cells = 2 ** GEO_STEP_MAX;
  const lat = Math.trunc(((latitude - GEO_LAT_MIN) / (GEO_LAT_MAX - GEO_LAT_MIN)) * cells);
  const long = Math.trunc(((longitude - GEO_LONG_MIN) / (GEO_LONG_MAX - GEO_LONG_MIN)) * cells);
  const lo = (spread16(lat) | (spread16(long) << 1)) >>> 0;
  const hi = (spread16(lat >>> 16) | (spread16(long >>> 16) << 1)) >>> 0;
  if (hi < 0x200000) return String(hi * TWO_POW_32 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

// --- Decoding ---

/** The cell's rectangle from the cell number in each coordinate (the arithmetic of geohashDecode). */
function areaOf(longRange: GeoHashRange, latRange: GeoHashRange, ilato: number, ilono: number, step: number): GeoHashArea {
  const latScale = latRange.max - latRange.min;
  const longScale = longRange.max - longRange.min;
  const cells = 2 ** step;
  return {
    latitude: {
      min: latRange.min + (ilato * 1.0 / cells) * latScale,
      max: latRange.min + ((ilato + 1) * 1.0 / cells) * latScale,
    },
    longitude: {
      min: longRange.min + (ilono * 1.0 / cells) * longScale,
      max: longRange.min + ((ilono + 1) * 1.0 / cells) * longScale,
    },
  };
}

/** geohashDecode: the rectangle a cell covers, or undefined for the zero hash. */
export function geohashDecode(longRange: GeoHashRange, latRange: GeoHashRange, hash: GeoHashBits): GeoHashArea | undefined {
  if (isZeroHash(hash)) return undefined;
  const hi = Number((hash.bits >> 32n) & 0xffffffffn);
  const lo = Number(hash.bits & 0xffffffffn);
  const { lat, long } = deinterleave(hi, lo);
  return areaOf(longRange, latRange, lat, long, hash.step);
}

const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;
const TWO_POW_63 = 2 ** 63;
const TWO_POW_64 = 2n ** 64n;
const INT64_INDEFINITE = 1n << 63n;

/**
 * C's `(uint64_t)score` on x86-64, as decodeGeohash converts a score: truncation for ordinary
 * values; for scores no geo command writes (negative, beyond 2^64, infinite) the bits the CPU's
 * cvttsd2si sequence gives, so GEOPOS on an arbitrary sorted set answers what Redis answers.
 */
export function scoreToUint64(score: number): bigint {
  if (!(score >= TWO_POW_63)) {
    // cvttsd2si: in range it truncates, else the "integer indefinite" 0x8000000000000000.
    if (score > -TWO_POW_63 - 1 && score < TWO_POW_63) return BigInt.asUintN(64, BigInt(Math.trunc(score)));
    return INT64_INDEFINITE;
  }
  const rest = score - TWO_POW_63;
  if (rest >= TWO_POW_63) return 0n; // indefinite ^ bit 63
  return (BigInt(Math.trunc(rest)) + INT64_INDEFINITE) % TWO_POW_64;
}

/** C's `(long long)score` (WITHHASH's reply): truncation, LLONG_MIN out of range. */
export function scoreToInt64(score: number): number | bigint {
  if (score > -TWO_POW_63 - 1 && score < TWO_POW_63) {
    const t = Math.trunc(score);
    return Number.isSafeInteger(t) ? t : BigInt(t);
  }
  return -(1n << 63n);
}

/**
 * decodeGeohash + geohashDecodeToLongLatWGS84: a member's score back to [longitude, latitude], the
 * centre of its step-26 cell, clamped to the WGS84 limits. Scores written by GEOADD take the fast
 * path (two 32-bit halves of an exact integer); anything else goes through the C conversion.
 */
export function decodeGeoScore(score: number): [number, number] {
  let hi: number;
  let lo: number;
  if (score >= 0 && score < TWO_POW_53 && Number.isInteger(score)) {
    hi = Math.floor(score / TWO_POW_32);
    lo = score >>> 0;
  } else {
    const bits = scoreToUint64(score);
    hi = Number(bits >> 32n);
    lo = Number(bits & 0xffffffffn);
  }
  const { lat, long } = deinterleave(hi, lo);
  const area = areaOf(WGS84_LONG_RANGE, WGS84_LAT_RANGE, lat, long, GEO_STEP_MAX);
  return areaToLongLat(area);
}

/** geohashDecodeAreaToLongLat: the centre of the cell, clamped. */
export function areaToLongLat(area: GeoHashArea): [number, number] {
  let x = (area.longitude.min + area.longitude.max) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (area.latitude.min + area.latitude.max) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  return [x, y];
}

// --- Neighbours ---

const EVEN_BITS = 0x5555555555555555n;
const ODD_BITS = 0xaaaaaaaaaaaaaaaan;

/**
 * Move a cell one column east (d > 0) or west (d < 0): add or subtract 1 on the odd (longitude)
 * bits alone. The trick: fill the even bits below the step with ones so a carry runs through them,
 * then mask back to the cell's width, which also wraps around the antimeridian.
 */
function moveX(hash: GeoHashBits, d: number): GeoHashBits {
  if (d === 0) return hash;
  let x = hash.bits & ODD_BITS;
  const y = hash.bits & EVEN_BITS;
  const zz = EVEN_BITS >> BigInt(64 - hash.step * 2);
  if (d > 0) x = x + (zz + 1n);
  else x = (x | zz) - (zz + 1n);
  x = BigInt.asUintN(64, x) & (ODD_BITS >> BigInt(64 - hash.step * 2));
  return { bits: x | y, step: hash.step };
}

/** Move a cell one row north (d > 0) or south (d < 0), on the even (latitude) bits. */
function moveY(hash: GeoHashBits, d: number): GeoHashBits {
  if (d === 0) return hash;
  const x = hash.bits & ODD_BITS;
  let y = hash.bits & EVEN_BITS;
  const zz = ODD_BITS >> BigInt(64 - hash.step * 2);
  if (d > 0) y = y + (zz + 1n);
  else y = (y | zz) - (zz + 1n);
  y = BigInt.asUintN(64, y) & (EVEN_BITS >> BigInt(64 - hash.step * 2));
  return { bits: x | y, step: hash.step };
}

export interface GeoHashNeighbors {
  north: GeoHashBits;
  south: GeoHashBits;
  east: GeoHashBits;
  west: GeoHashBits;
  northEast: GeoHashBits;
  northWest: GeoHashBits;
  southEast: GeoHashBits;
  southWest: GeoHashBits;
}

/** geohashNeighbors: the eight cells around one, at the same step. */
export function geohashNeighbors(hash: GeoHashBits): GeoHashNeighbors {
  return {
    east: moveY(moveX(hash, 1), 0),
    west: moveY(moveX(hash, -1), 0),
    south: moveY(moveX(hash, 0), -1),
    north: moveY(moveX(hash, 0), 1),
    northWest: moveY(moveX(hash, -1), 1),
    northEast: moveY(moveX(hash, 1), 1),
    southEast: moveY(moveX(hash, 1), -1),
    southWest: moveY(moveX(hash, -1), -1),
  };
}

// --- GEOHASH's standard string ---

const GEO_ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';
const STANDARD_LONG_RANGE: GeoHashRange = { min: -180, max: 180 };
const STANDARD_LAT_RANGE: GeoHashRange = { min: -90, max: 90 };

/**
 * GEOHASH's 11 characters for a stored score: decode, re-encode the position with the standard
 * +-90 latitude range at step 26, print 5 bits per character. 52 bits fill ten characters; the
 * eleventh is always '0', as Redis pads it.
 */
export function geohashString(score: number): string {
  const [x, y] = decodeGeoScore(score);
  const hash = geohashEncode(STANDARD_LONG_RANGE, STANDARD_LAT_RANGE, x, y, GEO_STEP_MAX);
  const bits = hash === undefined ? 0n : hash.bits;
  let out = '';
  for (let i = 0; i < 11; i++) {
    const idx = i === 10 ? 0 : Number((bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn);
    out += GEO_ALPHABET[idx] as string;
  }
  return out;
}
