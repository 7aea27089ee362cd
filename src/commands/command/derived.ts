// What COMMAND INFO reports, derived from a spec: flags in Redis's order, ACL categories with the
// implicit ones, movablekeys, and the key specs (the spec's own, or derived from first/last/step).
// Mirrors: redis src/server.c (addReplyFlagsForCommand, setImplicitACLCategories,
// populateCommandMovableKeys), src/acl.c (ACLCommandCategories).

import type { CommandFlag, CommandSpec, KeySpec, KeySpecFlag } from '../types.js';

// --- What COMMAND INFO reports, derived from a spec ---

/** The flags COMMAND INFO shows, in addReplyFlagsForCommand's order (the hidden ones are left out). */
const REPORTED_FLAG_ORDER: readonly CommandFlag[] = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading', 'no_multi',
  'movablekeys', 'allow_busy',
];

/** Every ACL category, in the order of acl.c's ACLCommandCategories table (ACL CAT prints the same order). */
export const ACL_CATEGORIES: readonly string[] = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream',
  'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];

/** Does the command find its keys by looking at its arguments (CMD_MOVABLE_KEYS)? */
export function hasMovableKeys(spec: CommandSpec): boolean {
  if (spec.getKeys !== undefined || spec.flags.includes('movablekeys')) return true;
  return (spec.keySpecs ?? []).some((ks) => ks.beginSearch.type !== 'index' || ks.findKeys.type !== 'range');
}

/** The flags COMMAND INFO reports for a spec, lowercase, in Redis's order. */
export function reportedFlags(spec: CommandSpec): CommandFlag[] {
  const flags = new Set(spec.flags);
  if (hasMovableKeys(spec)) flags.add('movablekeys');
  return REPORTED_FLAG_ORDER.filter((flag) => flags.has(flag));
}

/** The spec's ACL categories plus the implicit ones, without '@', in acl.c's order. */
export function aclCategories(spec: CommandSpec): string[] {
  const cats = new Set(spec.acl);
  const flags = new Set(spec.flags);
  if (flags.has('write')) cats.add('write');
  if (flags.has('readonly') && !cats.has('scripting')) cats.add('read');
  if (flags.has('admin')) cats.add('admin').add('dangerous');
  if (flags.has('pubsub')) cats.add('pubsub');
  if (flags.has('fast')) cats.add('fast');
  if (flags.has('blocking')) cats.add('blocking');
  if (!cats.has('fast')) cats.add('slow');
  return ACL_CATEGORIES.filter((cat) => cats.has(cat));
}

/** Key spec flags guessed from the command flags, for specs without their own key specs. */
export function derivedKeyFlags(spec: CommandSpec): KeySpecFlag[] {
  if (spec.flags.includes('write')) return ['RW', 'access', 'update'];
  if (spec.flags.includes('readonly')) return ['RO', 'access'];
  return ['RO'];
}

/** The key specs COMMAND INFO reports: the spec's own, or ones derived from first/last/step (see the header). */
export function keySpecsOf(spec: CommandSpec): readonly KeySpec[] {
  if (spec.keySpecs !== undefined) return spec.keySpecs;
  const specs: KeySpec[] = [];
  const flags = derivedKeyFlags(spec);
  const keys = spec.keys;
  if (keys !== undefined && keys.first > 0) {
    specs.push({
      flags,
      beginSearch: { type: 'index', index: keys.first },
      // A range spec's lastkey is relative to the first key when non-negative, from the end when negative.
      findKeys: { type: 'range', lastkey: keys.last < 0 ? keys.last : keys.last - keys.first, keystep: keys.step, limit: 0 },
    });
  }
  if (spec.getKeys !== undefined) specs.push({ flags, beginSearch: { type: 'unknown' }, findKeys: { type: 'unknown' } });
  return specs;
}
