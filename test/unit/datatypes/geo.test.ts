// The geo building blocks without a server: geohash encoding and decoding (values read off
// redis-server 7.0.15), the C conversions of odd scores, neighbours across the antimeridian, the step
// estimate, Redis's partial quicksort (ties in its order), and printf's "%f" rounding.

import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import {
  decodeGeoScore, geohashDecode, geohashEncodeWGS84, geohashNeighbors, geohashString, geoScoreOf, geoScoreText, scoreToInt64,
  scoreToUint64, WGS84_LAT_RANGE, WGS84_LONG_RANGE,
} from '../../../src/datatypes/geo/geohash.js';
import { geohashGetDistance, geohashGetDistanceExact } from '../../../src/datatypes/geo/distance.js';
import { exactAsin, exactCos, exactSin } from '../../../src/datatypes/geo/exact-trig.js';
import { boundingBox, calculateSearchArea, estimateStepsByRadius } from '../../../src/datatypes/geo/search-area.js';
import { partialSort } from '../../../src/datatypes/geo/partial-sort.js';
import { formatFixed } from '../../../src/commands/geo/common.js';
import { formatLongDouble } from '../../../src/util/numbers.js';

describe('geohash scores', () => {
  it('GEOADD stores the 52-bit interleaved code Redis stores', () => {
    expect(geoScoreOf(13.361389, 38.115556)).toBe(3479099956230698n); // Palermo
    expect(geoScoreOf(15.087269, 37.502669)).toBe(3479447370796909n); // Catania
    expect(geoScoreOf(1, 2)).toBe(3378080408407459n);
    expect(geoScoreOf(-180, -85.05112878)).toBe(0n);
    expect(geoScoreOf(180.000001, 0)).toBeUndefined();
    expect(geoScoreOf(0, 85.05112879)).toBeUndefined();
  });

  it('the fast score text equals the BigInt encoding, limits included', () => {
    const edges = [-180, 180, 0, -85.05112878, 85.05112878, 179.99999999, -0];
    for (const lon of edges) for (const lat of edges.filter((v) => Math.abs(v) <= 85.05112878)) {
      expect(geoScoreText(lon, lat)).toBe(geoScoreOf(lon, lat)?.toString());
    }
    expect(BigInt(geoScoreText(180, 0) as string)).toBeGreaterThan(2n ** 53n); // past a double's exact integers
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85.05112878, max: 85.05112878, noNaN: true }), (lon, lat) => {
        expect(geoScoreText(lon, lat)).toBe(geoScoreOf(lon, lat)?.toString());
      }),
    );
  });

  it('a score decodes to the centre of its cell, printed as GEOPOS prints it', () => {
    const [x, y] = decodeGeoScore(3479099956230698);
    expect([formatLongDouble(x), formatLongDouble(y)]).toEqual(['13.36138933897018433', '38.11555639549629859']);
    const [ex, ey] = decodeGeoScore(0);
    expect([formatLongDouble(ex), formatLongDouble(ey)]).toEqual(['-179.99999731779098511', '-85.05112751263942528']);
  });

  it('encode then decode stays inside the step-26 cell (about 0.6 m)', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85.05112878, max: 85.05112878, noNaN: true }), (lon, lat) => {
        const [x, y] = decodeGeoScore(Number(geoScoreOf(lon, lat)));
        expect(Math.abs(x - lon)).toBeLessThan(360 / 2 ** 26);
        expect(Math.abs(y - lat)).toBeLessThan(171 / 2 ** 26);
      }),
    );
  });

  it('odd scores convert as C does on x86-64: (uint64_t) for decoding, (long long) for WITHHASH', () => {
    expect(scoreToUint64(1.5)).toBe(1n);
    expect(scoreToUint64(-1)).toBe(2n ** 64n - 1n);
    expect(scoreToUint64(Infinity)).toBe(0n);
    expect(scoreToUint64(-Infinity)).toBe(2n ** 63n);
    expect(scoreToUint64(2 ** 63)).toBe(2n ** 63n);
    expect(scoreToInt64(1.5)).toBe(1);
    expect(scoreToInt64(Infinity)).toBe(-(2n ** 63n));
    // GEOPOS of such scores, as redis-server 7.0.15 answers.
    expect(decodeGeoScore(-1).map(formatLongDouble)).toEqual(['180', '85.0511287799999991']);
    expect(decodeGeoScore(-Infinity).map(formatLongDouble)).toEqual(['180', '-85.05112751263942528']);
  });

  it('GEOHASH re-encodes with the standard latitude range', () => {
    expect(geohashString(3479099956230698)).toBe('sqc8b49rny0');
    expect(geohashString(3479447370796909)).toBe('sqdtr74hyu0');
    expect(geohashString(-1)).toBe('bp05b5048p0');
  });
});

describe('search area', () => {
  it('neighbours wrap around the antimeridian', () => {
    const east = geohashEncodeWGS84(179.99, 0, 5);
    const west = geohashEncodeWGS84(-179.99, 0, 5);
    if (east === undefined || west === undefined) throw new Error('encode failed');
    expect(geohashNeighbors(east).east).toEqual(west);
    expect(geohashNeighbors(west).west).toEqual(east);
    const area = geohashDecode(WGS84_LONG_RANGE, WGS84_LAT_RANGE, geohashNeighbors(east).east);
    expect(area?.longitude.min).toBe(-180);
  });

  it('the step estimate halves the cell per doubling of precision, coarser near the poles', () => {
    expect(estimateStepsByRadius(0, 0)).toBe(26);
    expect(estimateStepsByRadius(1000, 0)).toBe(14);
    expect(estimateStepsByRadius(1000, 70)).toBe(13);
    expect(estimateStepsByRadius(1000, -85)).toBe(12);
    expect(estimateStepsByRadius(1e9, 0)).toBe(1);
    expect(estimateStepsByRadius(0.001, 0)).toBe(26);
  });

  it('the bounding box is wider towards the pole; the cells outside it are dropped', () => {
    const [minLon, minLat, maxLon, maxLat] = boundingBox({ type: 'radius', longitude: 0, latitude: 60, radius: 100, conversion: 1000 });
    expect(maxLat - 60).toBeCloseTo(60 - minLat, 12);
    expect(maxLon).toBeCloseTo(-minLon, 12);
    expect(maxLon).toBeGreaterThan(100 / 111.2 / Math.cos((60 * Math.PI) / 180));
    const area = calculateSearchArea({ type: 'radius', longitude: 10, latitude: 45, radius: 1, conversion: 1 });
    expect(area.hash.step).toBeGreaterThan(20);
  });

  it('distances use Redis\'s earth radius (GEODIST Palermo Catania is 166274.1516 m)', () => {
    const [x1, y1] = decodeGeoScore(3479099956230698);
    const [x2, y2] = decodeGeoScore(3479447370796909);
    expect(formatFixed(geohashGetDistance(x1, y1, x2, y2), 4)).toBe('166274.1516');
  });
});

describe('correctly rounded sin, cos, asin (what glibc answers, where fdlibm rounds the other way)', () => {
  // Expected values: the arguments' exact sin/cos/asin rounded to double (mpmath, 200 bits).
  it.each([
    [exactSin, -2.6827862580287936, -0.4428782587363326],
    [exactSin, 0.15037071833568394, 0.1498046777647911],
    [exactCos, 1.139558096397514, 0.4179959915868879],
    [exactCos, -2.154888358420446, -0.5514421706084719],
    [exactAsin, 0.4962045876091137, 0.5192217274791072],
    [exactAsin, 0.964131389464684, 1.3021511642869557],
    [exactAsin, 1, 1.5707963267948966],
    [exactAsin, 0, 0],
  ] as const)('%o(%d) = %d', (fn, x, expected) => {
    expect(fn(x)).toBe(expected);
  });

  it('the exact distance is within an ulp or two of the fast one', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85, max: 85, noNaN: true }), (lon, lat) => {
        const fast = geohashGetDistance(0, 0, lon, lat);
        expect(Math.abs(geohashGetDistanceExact(0, 0, lon, lat) - fast)).toBeLessThanOrEqual(fast * 1e-15);
      }),
    );
  });
});

describe('partial quicksort (pqsort)', () => {
  const byDist = (a: { d: number }, b: { d: number }): number => (a.d > b.d ? 1 : a.d === b.d ? 0 : -1);

  it('orders ties as redis-server 7.0.15 does (GEOSEARCH ... COUNT over twelve members at one spot)', () => {
    const names = ['x2', 'm0', 'm1', 'm10', 'm11', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'x1'];
    const dist = (n: string): number => (n === 'x1' ? 780.2 : n === 'x2' ? 780.1 : 0.5);
    const run = (count: number): string => {
      const points = names.map((n) => ({ n, d: dist(n) }));
      partialSort(points, byDist, 0, count - 1);
      return points.slice(0, count).map((p) => p.n).join(' ');
    };
    expect(run(3)).toBe('m8 m0 m1');
    expect(run(8)).toBe('m8 m0 m1 m10 m11 m2 m3 m4');
  });

  it('the first k positions hold the k smallest, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 120 }), fc.nat(), (values, k) => {
        const count = 1 + (k % values.length);
        const points = values.map((d) => ({ d }));
        partialSort(points, byDist, 0, count - 1);
        const expected = [...values].sort((a, b) => a - b).slice(0, count);
        expect(points.slice(0, count).map((p) => p.d)).toEqual(expected);
        expect(points.map((p) => p.d).sort((a, b) => a - b)).toEqual([...values].sort((a, b) => a - b));
      }),
    );
  });
});

describe('printf "%f" for error texts and distances', () => {
  it('rounds the exact binary value half to even, as glibc does', () => {
    expect(formatFixed(0.0078125, 6)).toBe('0.007812'); // toFixed would say 0.007813
    expect(formatFixed(200, 6)).toBe('200.000000');
    expect(formatFixed(-0, 6)).toBe('-0.000000');
    expect(formatFixed(85.05112879, 6)).toBe('85.051129');
    expect(formatFixed(Infinity, 6)).toBe('inf');
    expect(formatFixed(1e300, 6)).toBe(`${BigInt(1e300).toString()}.000000`);
    expect(formatFixed(0.5, 0)).toBe('0');
    expect(formatFixed(1.5, 0)).toBe('2');
    expect(formatFixed(56.441257870158204, 4)).toBe('56.4413');
  });
});
