// Geo commands: the spec table of the family (src/commands/geo*.json). The handlers live in src/commands/geo/: common.ts (units, coordinates, reply
// formats), add.ts (GEOADD), read.ts (GEOPOS GEOHASH GEODIST), search.ts (GEOSEARCH,
// GEOSEARCHSTORE, GEORADIUS*). The geohash, distance and search-area algorithms are in
// src/datatypes/geo/.
// Mirrors: redis src/commands/geo*.json.
//
// GEORADIUS and GEORADIUSBYMEMBER find their STORE / STOREDIST destination by keyword key specs
// (movablekeys): COMMAND GETKEYS in 7.0 reads the specs, so `STORE a STOREDIST b` reports both.

import { keyAt } from './key-specs.js';
import type { CommandArgument, CommandSpec, KeySpec } from './types.js';
import { geoaddCommand } from './geo/add.js';
import { geodistCommand, geohashCommand, geoposCommand } from './geo/read.js';
import {
  georadiusbymemberCommand, georadiusbymemberRoCommand, georadiusCommand, georadiusRoCommand, geosearchCommand,
  geosearchstoreCommand,
} from './geo/search.js';

/** A key found after a keyword (STORE key), searching from argv[startfrom]. */
function keyAfter(keyword: string, startfrom: number): KeySpec {
  return {
    flags: ['OW', 'update'],
    beginSearch: { type: 'keyword', keyword, startfrom },
    findKeys: { type: 'range', lastkey: 0, keystep: 1, limit: 0 },
  };
}

// --- Argument docs (COMMAND DOCS, redis-cli hints), as src/commands/geo*.json ---

const token = (name: string, tokenText: string, flags?: CommandArgument['flags']): CommandArgument =>
  ({ name, type: 'pure-token', token: tokenText, ...(flags !== undefined ? { flags } : {}) });
const KEY: CommandArgument = { name: 'key', type: 'key', keySpecIndex: 0 };
const UNIT: CommandArgument = {
  name: 'unit', type: 'oneof', arguments: [token('m', 'M'), token('km', 'KM'), token('ft', 'FT'), token('mi', 'MI')],
};
const WITH: readonly CommandArgument[] = [
  token('withcoord', 'WITHCOORD', ['optional']), token('withdist', 'WITHDIST', ['optional']),
  token('withhash', 'WITHHASH', ['optional']),
];
/** COUNT count [ANY]; GEORADIUS and GEORADIUS_RO document ANY's "since". */
const count = (anySince: boolean): CommandArgument => ({
  name: 'count', type: 'block', flags: ['optional'], arguments: [
    { name: 'count', type: 'integer', token: 'COUNT' },
    { name: 'any', type: 'pure-token', token: 'ANY', ...(anySince ? { since: '6.2.0' } : {}), flags: ['optional'] },
  ],
});
const ORDER: CommandArgument = { name: 'order', type: 'oneof', flags: ['optional'], arguments: [token('asc', 'ASC'), token('desc', 'DESC')] };
const STORE_KEYS: readonly CommandArgument[] = [
  { name: 'key', type: 'key', keySpecIndex: 1, token: 'STORE', flags: ['optional'] },
  { name: 'key', type: 'key', keySpecIndex: 2, token: 'STOREDIST', flags: ['optional'] },
];
const LONGITUDE: CommandArgument = { name: 'longitude', type: 'double' };
const LATITUDE: CommandArgument = { name: 'latitude', type: 'double' };
const RADIUS: CommandArgument = { name: 'radius', type: 'double' };
const FROM: CommandArgument = {
  name: 'from', type: 'oneof', arguments: [
    { name: 'member', type: 'string', token: 'FROMMEMBER' },
    { name: 'longitude_latitude', type: 'block', token: 'FROMLONLAT', arguments: [LONGITUDE, LATITUDE] },
  ],
};
const BY: CommandArgument = {
  name: 'by', type: 'oneof', arguments: [
    { name: 'circle', type: 'block', arguments: [{ name: 'radius', type: 'double', token: 'BYRADIUS' }, UNIT] },
    { name: 'box', type: 'block', arguments: [{ name: 'width', type: 'double', token: 'BYBOX' }, { name: 'height', type: 'double' }, UNIT] },
  ],
};
const MEMBERS: readonly CommandArgument[] = [KEY, { name: 'member', type: 'string', flags: ['multiple'] }];

const GEOADD_ARGS: readonly CommandArgument[] = [
  KEY,
  { name: 'condition', type: 'oneof', since: '6.2.0', flags: ['optional'], arguments: [token('nx', 'NX'), token('xx', 'XX')] },
  { name: 'change', type: 'pure-token', token: 'CH', since: '6.2.0', flags: ['optional'] },
  { name: 'longitude_latitude_member', type: 'block', flags: ['multiple'], arguments: [LONGITUDE, LATITUDE, { name: 'member', type: 'string' }] },
];
const GEODIST_ARGS: readonly CommandArgument[] = [
  KEY, { name: 'member1', type: 'string' }, { name: 'member2', type: 'string' }, { ...UNIT, flags: ['optional'] },
];
const GEORADIUS_ARGS: readonly CommandArgument[] = [KEY, LONGITUDE, LATITUDE, RADIUS, UNIT, ...WITH, count(true), ORDER];
const GEORADIUSBYMEMBER_ARGS: readonly CommandArgument[] = [
  KEY, { name: 'member', type: 'string' }, RADIUS, UNIT, ...WITH, count(false), ORDER,
];
const GEOSEARCH_ARGS: readonly CommandArgument[] = [KEY, FROM, BY, ORDER, count(false), ...WITH];
const GEOSEARCHSTORE_ARGS: readonly CommandArgument[] = [
  { name: 'destination', type: 'key', keySpecIndex: 0 }, { name: 'source', type: 'key', keySpecIndex: 1 },
  FROM, BY, ORDER, count(false), token('storedist', 'STOREDIST', ['optional']),
];

const SEARCH_COMPLEXITY =
  'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.';
const GEOSEARCH_COMPLEXITY =
  'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape';

export const geoCommands: readonly CommandSpec[] = [
  {
    name: 'geoadd', group: 'geo', arity: -5, flags: ['write', 'denyoom'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RW', 'update'])], acl: ['write', 'geo', 'slow'],
    summary: 'Add one or more geospatial items in the geospatial index represented using a sorted set',
    since: '3.2.0',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    history: [['6.2.0', 'Added the `CH`, `NX` and `XX` options.']], arguments: GEOADD_ARGS, handler: geoaddCommand,
  } satisfies CommandSpec,
  {
    name: 'geodist', group: 'geo', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'Returns the distance between two members of a geospatial index', since: '3.2.0',
    complexity: 'O(log(N))', arguments: GEODIST_ARGS, handler: geodistCommand,
  } satisfies CommandSpec,
  {
    name: 'geohash', group: 'geo', arity: -2, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'Returns members of a geospatial index as standard geohash strings', since: '3.2.0',
    complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.',
    arguments: MEMBERS, handler: geohashCommand,
  } satisfies CommandSpec,
  {
    name: 'geopos', group: 'geo', arity: -2, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'Returns longitude and latitude of members of a geospatial index', since: '3.2.0',
    complexity: 'O(N) where N is the number of members requested.', arguments: MEMBERS,
    handler: geoposCommand,
  } satisfies CommandSpec,
  {
    name: 'georadius', group: 'geo', arity: -6, flags: ['write', 'denyoom', 'movablekeys'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access']), keyAfter('STORE', 6), keyAfter('STOREDIST', 6)], acl: ['write', 'geo', 'slow'],
    summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point',
    since: '3.2.0', complexity: SEARCH_COMPLEXITY,
    history: [['6.2.0', 'Added the `ANY` option for `COUNT`.'], ['7.0.0', 'Added support for uppercase unit names.']],
    docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument',
    arguments: [...GEORADIUS_ARGS, ...STORE_KEYS], handler: georadiusCommand,
  } satisfies CommandSpec,
  {
    name: 'georadius_ro', group: 'geo', arity: -6, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'A read-only variant for GEORADIUS', since: '3.2.10', complexity: SEARCH_COMPLEXITY,
    history: [['6.2.0', 'Added the `ANY` option for `COUNT`.']], docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` with the `BYRADIUS` argument', arguments: GEORADIUS_ARGS, handler: georadiusRoCommand,
  } satisfies CommandSpec,
  {
    name: 'georadiusbymember', group: 'geo', arity: -5, flags: ['write', 'denyoom', 'movablekeys'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access']), keyAfter('STORE', 5), keyAfter('STOREDIST', 5)], acl: ['write', 'geo', 'slow'],
    summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member',
    since: '3.2.0', complexity: SEARCH_COMPLEXITY,
    history: [['7.0.0', 'Added support for uppercase unit names.']], docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments',
    arguments: [...GEORADIUSBYMEMBER_ARGS, ...STORE_KEYS], handler: georadiusbymemberCommand,
  } satisfies CommandSpec,
  {
    name: 'georadiusbymember_ro', group: 'geo', arity: -5, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'A read-only variant for GEORADIUSBYMEMBER', since: '3.2.10', complexity: SEARCH_COMPLEXITY,
    docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments',
    arguments: GEORADIUSBYMEMBER_ARGS, handler: georadiusbymemberRoCommand,
  } satisfies CommandSpec,
  {
    name: 'geosearch', group: 'geo', arity: -7, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.',
    since: '6.2.0', complexity: GEOSEARCH_COMPLEXITY,
    history: [['7.0.0', 'Added support for uppercase unit names.']], arguments: GEOSEARCH_ARGS,
    handler: geosearchCommand,
  } satisfies CommandSpec,
  {
    name: 'geosearchstore', group: 'geo', arity: -8, flags: ['write', 'denyoom'], keys: { first: 1, last: 2, step: 1 },
    keySpecs: [keyAt(1, ['OW', 'update']), keyAt(2, ['RO', 'access'])], acl: ['write', 'geo', 'slow'],
    summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.',
    since: '6.2.0', complexity: GEOSEARCH_COMPLEXITY,
    history: [['7.0.0', 'Added support for uppercase unit names.']], arguments: GEOSEARCHSTORE_ARGS,
    handler: geosearchstoreCommand,
  } satisfies CommandSpec,
];
