// Geo commands: the spec table of the family (src/commands/geo*.json). The handlers live in src/commands/geo/: common.ts (units, coordinates, reply
// formats), add.ts (GEOADD), read.ts (GEOPOS GEOHASH GEODIST), search.ts (GEOSEARCH,
// GEOSEARCHSTORE, GEORADIUS*). The geohash, distance and search-area algorithms are in
// src/datatypes/geo/.
// Mirrors: redis src/commands/geo*.json.
//
// GEORADIUS and GEORADIUSBYMEMBER find their STORE / STOREDIST destination by keyword key specs
// (movablekeys): COMMAND GETKEYS in 7.0 reads the specs, so `STORE a STOREDIST b` reports both.

import { keyAt } from './key-specs.js';
import type { CommandSpec, KeySpec } from './types.js';
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
    history: [['6.2.0', 'Added the `CH`, `NX` and `XX` options.']], handler: geoaddCommand,
  } satisfies CommandSpec,
  {
    name: 'geodist', group: 'geo', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'Returns the distance between two members of a geospatial index', since: '3.2.0',
    complexity: 'O(log(N))', handler: geodistCommand,
  } satisfies CommandSpec,
  {
    name: 'geohash', group: 'geo', arity: -2, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'Returns members of a geospatial index as standard geohash strings', since: '3.2.0',
    complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.',
    handler: geohashCommand,
  } satisfies CommandSpec,
  {
    name: 'geopos', group: 'geo', arity: -2, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'Returns longitude and latitude of members of a geospatial index', since: '3.2.0',
    complexity: 'O(N) where N is the number of members requested.', handler: geoposCommand,
  } satisfies CommandSpec,
  {
    name: 'georadius', group: 'geo', arity: -6, flags: ['write', 'denyoom', 'movablekeys'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access']), keyAfter('STORE', 6), keyAfter('STOREDIST', 6)], acl: ['write', 'geo', 'slow'],
    summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point',
    since: '3.2.0', complexity: SEARCH_COMPLEXITY,
    history: [['6.2.0', 'Added the `ANY` option for `COUNT`.'], ['7.0.0', 'Added support for uppercase unit names.']],
    docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument', handler: georadiusCommand,
  } satisfies CommandSpec,
  {
    name: 'georadius_ro', group: 'geo', arity: -6, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'A read-only variant for GEORADIUS', since: '3.2.10', complexity: SEARCH_COMPLEXITY,
    history: [['6.2.0', 'Added the `ANY` option for `COUNT`.']], docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` with the `BYRADIUS` argument', handler: georadiusRoCommand,
  } satisfies CommandSpec,
  {
    name: 'georadiusbymember', group: 'geo', arity: -5, flags: ['write', 'denyoom', 'movablekeys'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access']), keyAfter('STORE', 5), keyAfter('STOREDIST', 5)], acl: ['write', 'geo', 'slow'],
    summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member',
    since: '3.2.0', complexity: SEARCH_COMPLEXITY,
    history: [['7.0.0', 'Added support for uppercase unit names.']], docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments',
    handler: georadiusbymemberCommand,
  } satisfies CommandSpec,
  {
    name: 'georadiusbymember_ro', group: 'geo', arity: -5, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'A read-only variant for GEORADIUSBYMEMBER', since: '3.2.10', complexity: SEARCH_COMPLEXITY,
    docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments', handler: georadiusbymemberRoCommand,
  } satisfies CommandSpec,
  {
    name: 'geosearch', group: 'geo', arity: -7, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'geo', 'slow'],
    summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.',
    since: '6.2.0', complexity: GEOSEARCH_COMPLEXITY,
    history: [['7.0.0', 'Added support for uppercase unit names.']], handler: geosearchCommand,
  } satisfies CommandSpec,
  {
    name: 'geosearchstore', group: 'geo', arity: -8, flags: ['write', 'denyoom'], keys: { first: 1, last: 2, step: 1 },
    keySpecs: [keyAt(1, ['OW', 'update']), keyAt(2, ['RO', 'access'])], acl: ['write', 'geo', 'slow'],
    summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.',
    since: '6.2.0', complexity: GEOSEARCH_COMPLEXITY,
    history: [['7.0.0', 'Added support for uppercase unit names.']], handler: geosearchstoreCommand,
  } satisfies CommandSpec,
];
