// Generators for the geo commands (geo.c), part of the zsets family: a geo set is a sorted set, so
// they run on the same keys as ZADD and friends (GEOPOS on a set with score 1.5 or inf is fair game),
// with positions clustered around a few centres (so searches find several members and sort them),
// at the poles and across the antimeridian, every unit in any case, and malformed arguments.
//
// Left out: STOREDIST. The distances it stores keep every bit, and about one in 500 differs from
// Redis's in the last bit (glibc's sin/cos/asin are not always correctly rounded; ours are), which a
// later ZSCORE would show (docs/differences.md). Distances in replies have 4 decimals and are generated.

import * as fc from 'fast-check';
import { b, cmd, gen, key, kw, member, members, options, pair, type CommandGen } from '../harness/args.js';

/**
 * Most geo commands use their own key, which only GEOADD writes (so searches find members at the
 * generated positions); the shared keys, which ZADD fills with arbitrary scores, now and then.
 */
const geoKey = fc.oneof({ weight: 3, arbitrary: fc.constant(b('geo')) }, { weight: 1, arbitrary: key });

const CENTRES = [[10.5, 45.5], [179.95, -20], [-179.95, -20], [0, 84.9], [0, 0]] as const;

/** A longitude/latitude pair as a client types it: around a centre, on an edge, or invalid. */
const lonLat: fc.Arbitrary<Buffer[]> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...CENTRES), fc.double({ min: -0.2, max: 0.2, noNaN: true }), fc.double({ min: -0.2, max: 0.2, noNaN: true }), fc.integer({ min: 0, max: 7 }))
      .map(([[x, y], dx, dy, digits]) => {
        let lon = x + dx;
        if (lon > 180) lon -= 360;
        if (lon < -180) lon += 360;
        const lat = Math.max(-85.05112878, Math.min(85.05112878, y + dy));
        return [b(lon.toFixed(digits)), b(lat.toFixed(digits))];
      }),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('180', '-180', '0', '-0'), fc.constantFrom('85.05112878', '-85.05112878', '0')).map(([x, y]) => [b(x), b(y)]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('180.1', 'abc', 'inf', '', '1e400'), fc.constantFrom('85.06', '-90', 'nan', '1')).map(([x, y]) => [b(x), b(y)]) },
);

const unit = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('m', 'km', 'ft', 'mi', 'M', 'KM', 'Ft', 'mI').map(b) }, { weight: 1, arbitrary: fc.constantFrom('yd', '', 'kms').map(b) });
/** A radius or a box side: mostly a few hundred metres to a few hundred km, sometimes 0, huge or invalid. */
const length = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('0.5', '1', '5', '20', '100', '500', '3000', '25000', '400000').map(b) },
  { weight: 1, arbitrary: fc.constantFrom('0', '30000000', '-1', 'abc', '1e400', 'inf').map(b) },
);
const geoPoints = fc.array(fc.tuple(lonLat, member).map(([p, m]) => [...p, m]), { minLength: 1, maxLength: 5 }).map((ps) => ps.flat());

const count = fc.tuple(kw('COUNT'), fc.constantFrom('1', '2', '3', '5', '0', '-1', 'x').map(b), fc.option(kw('ANY'), { nil: undefined, freq: 3 }))
  .map(([c, n, any]) => (any === undefined ? [c, n] : [c, n, any]));
const sortAndCount = [kw('ASC'), kw('DESC'), count] as const;
const withOptions = [kw('WITHDIST'), kw('WITHCOORD'), kw('WITHHASH')] as const;

const from = fc.oneof(pair(kw('FROMMEMBER'), member), fc.tuple(kw('FROMLONLAT'), lonLat).map(([k, p]) => [k, ...p]));
const by = fc.oneof(
  fc.tuple(kw('BYRADIUS'), length, unit).map((parts) => [...parts]),
  fc.tuple(kw('BYBOX'), length, length, unit).map((parts) => [...parts]),
);

export function geoGens(): CommandGen[] {
  return [
    gen('geoadd', 10, cmd('GEOADD', geoKey, options(0, 2, kw('NX'), kw('XX'), kw('CH')), geoPoints)),
    gen('geopos', 2, cmd('GEOPOS', geoKey, members(0, 3))),
    gen('geohash', 2, cmd('GEOHASH', geoKey, members(0, 3))),
    gen('geodist', 2, cmd('GEODIST', geoKey, member, member, fc.option(unit, { nil: undefined }))),
    gen('geosearch', 8, cmd('GEOSEARCH', geoKey, from, by, options(0, 4, ...sortAndCount, ...withOptions))),
    gen('geosearchstore', 2, cmd('GEOSEARCHSTORE', key, geoKey, from, by, options(0, 2, ...sortAndCount))),
    gen('georadius', 4, cmd('GEORADIUS', geoKey, lonLat, length, unit, options(0, 3, ...sortAndCount, ...withOptions, pair(kw('STORE'), key)))),
    gen('georadius_ro', 1, cmd('GEORADIUS_RO', geoKey, lonLat, length, unit, options(0, 3, ...sortAndCount, ...withOptions))),
    gen('georadiusbymember', 2, cmd('GEORADIUSBYMEMBER', geoKey, member, length, unit, options(0, 3, ...sortAndCount, ...withOptions, pair(kw('STORE'), key)))),
    gen('georadiusbymember_ro', 1, cmd('GEORADIUSBYMEMBER_RO', geoKey, member, length, unit, options(0, 3, ...sortAndCount, ...withOptions))),
  ];
}
