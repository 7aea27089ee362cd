// Helpers the geo handlers share: units, coordinates and distances as arguments, with Redis's
// error texts, and the two number formats geo replies use.
// Mirrors: redis src/geo.c (extractLongLatOrReply, extractUnitOrReply, extractDistanceOrReply,
// extractBoxOrReply, addReplyDoubleDistance) and src/networking.c (addReplyHumanLongDouble).
//
// A geo set is a sorted set: the lookups and WRONGTYPE come from the zset helpers.

import { GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN } from '../../datatypes/geo/geohash.js';
import {
  geoBoxNegativeError, geoInvalidLongLatError, geoNeedNumericError, geoRadiusNegativeError, geoUnsupportedUnitError,
  notFloatError,
} from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { formatLongDouble, parseDouble } from '../../util/numbers.js';
import type { CommandContext } from '../context.js';

// --- Arguments ---

/** A float argument (getDoubleFromObjectOrReply), with the default or a command's own error. */
function doubleArg(arg: Buffer, error: () => Error = notFloatError): number {
  const value = parseDouble(arg);
  if (value === null) throw error();
  return value;
}

/**
 * extractLongLatOrReply: a longitude and a latitude, each a float, together inside the limits
 * geohashes can encode (latitude +-85.05112878).
 */
export function longLatArgs(lonArg: Buffer, latArg: Buffer): [number, number] {
  const longitude = doubleArg(lonArg);
  const latitude = doubleArg(latArg);
  if (longitude < GEO_LONG_MIN || longitude > GEO_LONG_MAX || latitude < GEO_LAT_MIN || latitude > GEO_LAT_MAX) {
    throw geoInvalidLongLatError(formatFixed(longitude, 6), formatFixed(latitude, 6));
  }
  return [longitude, latitude];
}

/**
 * extractUnitOrReply: meters per unit (divide meters by it to get the unit). Compared as a C
 * string, case-insensitively (uppercase units are new in 7.0).
 */
export function unitArg(arg: Buffer): number {
  const nul = arg.indexOf(0);
  const unit = arg.latin1Slice(0, nul === -1 ? arg.length : nul).toLowerCase();
  switch (unit) {
    case 'm':
      return 1;
    case 'km':
      return 1000;
    case 'ft':
      return 0.3048;
    case 'mi':
      return 1609.34;
    default:
      throw geoUnsupportedUnitError();
  }
}

/** extractDistanceOrReply: `radius unit`; the radius stays in its unit, `conversion` turns it to meters. */
export function radiusArgs(radiusArg: Buffer, unit: Buffer): { radius: number; conversion: number } {
  const radius = doubleArg(radiusArg, () => geoNeedNumericError('radius'));
  if (radius < 0) throw geoRadiusNegativeError();
  return { radius, conversion: unitArg(unit) };
}

/** extractBoxOrReply: `width height unit`. */
export function boxArgs(widthArg: Buffer, heightArg: Buffer, unit: Buffer): { width: number; height: number; conversion: number } {
  const width = doubleArg(widthArg, () => geoNeedNumericError('width'));
  const height = doubleArg(heightArg, () => geoNeedNumericError('height'));
  if (height < 0 || width < 0) throw geoBoxNegativeError();
  return { width, height, conversion: unitArg(unit) };
}

// --- Number formats ---

const TWO_POW_52 = 1n << 52n;
const view = new DataView(new ArrayBuffer(8));

/**
 * printf("%.<digits>f", value): the exact binary value rounded half to even at `digits` decimals,
 * as glibc prints it ("-0.0000" keeps its sign; "inf", "nan" as glibc spells them).
 */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  const negative = value < 0 || Object.is(value, -0);
  if (!Number.isFinite(value)) return negative ? '-inf' : 'inf';
  view.setFloat64(0, Math.abs(value));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= TWO_POW_52;
    exponent = biased - 1075;
  }
  const scale = 10n ** BigInt(digits);
  let units: bigint;
  if (exponent >= 0) units = (mantissa << BigInt(exponent)) * scale;
  else {
    const shift = BigInt(-exponent);
    const scaled = mantissa * scale;
    units = scaled >> shift;
    const dropped = scaled - (units << shift);
    const half = 1n << (shift - 1n);
    if (dropped > half || (dropped === half && (units & 1n) === 1n)) units += 1n;
  }
  const integer = (units / scale).toString();
  const body = digits === 0 ? integer : `${integer}.${(units % scale).toString().padStart(digits, '0')}`;
  return negative ? `-${body}` : body;
}

/** addReplyDoubleDistance: a distance as a bulk string with 4 decimals ("5.2145"). */
export function distanceReply(meters: number): Reply {
  return formatFixed(meters, 4);
}

/**
 * addReplyHumanLongDouble: a coordinate printed "%.17Lf" without trailing zeros; a bulk string in
 * RESP2, a double (`,13.36138933897018433`) in RESP3.
 */
export function coordinateReply(ctx: CommandContext, value: number): Reply {
  const text = formatLongDouble(value);
  if (ctx.resp === 2) return text;
  return { kind: 'raw', bytes: Buffer.from(`,${text}\r\n`, 'latin1') };
}
