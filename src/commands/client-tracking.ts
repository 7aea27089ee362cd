// CLIENT TRACKING, CACHING, GETREDIR, TRACKINGINFO: a connection steering its client-side caching.
// Mirrors: redis src/networking.c (clientCommand's tracking, caching, getredir and trackinginfo
// branches) and src/commands/client-tracking*.json, client-caching.json, client-getredir.json.
// The tracking itself (what is remembered, who is told what) is src/pubsub/tracking.ts.

import { ReplyError, syntaxError } from '../errors.js';
import { OK, map, set, type Reply } from '../protocol/reply.js';
import type { TrackingClient } from '../pubsub/tracking.js';
import { intArg, optionOf } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './types.js';

/** The connection running the command (only socket clients track). */
function self(ctx: CommandContext): TrackingClient {
  const client = ctx.server.trackingClient(ctx.id);
  if (client === undefined) throw new ReplyError('ERR client-side caching is only available to connected clients');
  return client;
}

/**
 * Turn tracking on (with its options) or off. Options are parsed first, then checked against each
 * other and the client's current mode, in Redis's order.
 * Format: CLIENT TRACKING ON|OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]
 */
function clientTrackingCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let redirect = 0;
  let bcast = false;
  let optin = false;
  let optout = false;
  let noloop = false;
  const prefixes: string[] = [];
  for (let i = 3; i < argv.length; i++) {
    const option = optionOf(argv[i] as Buffer);
    const more = i < argv.length - 1;
    if (option === 'REDIRECT' && more) {
      i++;
      if (redirect !== 0) throw new ReplyError('ERR A client can only redirect to a single other client');
      redirect = intArg(argv[i] as Buffer);
      if (ctx.server.trackingClient(redirect) === undefined) throw new ReplyError('ERR The client ID you want redirect to does not exist');
    } else if (option === 'BCAST') {
      bcast = true;
    } else if (option === 'OPTIN') {
      optin = true;
    } else if (option === 'OPTOUT') {
      optout = true;
    } else if (option === 'NOLOOP') {
      noloop = true;
    } else if (option === 'PREFIX' && more) {
      i++;
      const prefix = argv[i] as Buffer;
      prefixes.push(prefix.latin1Slice(0, prefix.length));
    } else {
      throw syntaxError();
    }
  }
  const tracking = ctx.server.tracking;
  const client = self(ctx);
  const mode = optionOf(argv[2] as Buffer);
  if (mode === 'OFF') {
    tracking.disable(client);
    return OK;
  }
  if (mode !== 'ON') throw syntaxError();
  const current = client.tracking;
  if (!bcast && prefixes.length > 0) throw new ReplyError('ERR PREFIX option requires BCAST mode to be enabled');
  if (current !== undefined && current.bcast !== bcast) {
    throw new ReplyError(
      "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.",
    );
  }
  if (bcast && (optin || optout)) throw new ReplyError('ERR OPTIN and OPTOUT are not compatible with BCAST');
  if (optin && optout) throw new ReplyError("ERR You can't specify both OPTIN mode and OPTOUT mode");
  if (current !== undefined && ((optin && current.optout) || (optout && current.optin))) {
    throw new ReplyError(
      "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.",
    );
  }
  if (bcast) {
    const collision = tracking.prefixCollision(client, prefixes);
    if (collision !== undefined) throw new ReplyError(collision);
  }
  tracking.enable(client, { redirect, bcast, optin, optout, noloop, prefixes });
  return OK;
}

/**
 * In OPTIN mode, YES makes the next command's keys tracked; in OPTOUT mode, NO keeps them out.
 * Format: CLIENT CACHING YES|NO
 */
function clientCachingCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const tracking = self(ctx).tracking;
  if (tracking === undefined) {
    throw new ReplyError('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
  }
  const option = optionOf(argv[2] as Buffer);
  if (option === 'YES') {
    if (!tracking.optin) throw new ReplyError('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
  } else if (option === 'NO') {
    if (!tracking.optout) throw new ReplyError('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
  } else {
    throw syntaxError();
  }
  tracking.caching = true;
  return OK;
}

/**
 * The client invalidations are redirected to: -1 when tracking is off, 0 when not redirected.
 * Format: CLIENT GETREDIR
 */
function clientGetredirCommand(ctx: CommandContext): Reply {
  const tracking = self(ctx).tracking;
  return tracking === undefined ? -1 : tracking.redirect;
}

/**
 * This connection's tracking: flags (a set in RESP3), redirect, prefixes (sorted, as Redis's radix tree).
 * Format: CLIENT TRACKINGINFO
 */
function clientTrackinginfoCommand(ctx: CommandContext): Reply {
  const tracking = self(ctx).tracking;
  const flags: string[] = [];
  if (tracking === undefined) {
    flags.push('off');
  } else {
    flags.push('on');
    if (tracking.bcast) flags.push('bcast');
    if (tracking.optin) flags.push('optin', ...(tracking.caching ? ['caching-yes'] : []));
    if (tracking.optout) flags.push('optout', ...(tracking.caching ? ['caching-no'] : []));
    if (tracking.noloop) flags.push('noloop');
    if (tracking.brokenRedirect) flags.push('broken_redirect');
  }
  const prefixes = tracking === undefined ? [] : [...tracking.prefixes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return map(['flags', set(flags), 'redirect', tracking === undefined ? -1 : tracking.redirect, 'prefixes', prefixes]);
}

const SUB_FLAGS = ['noscript', 'loading', 'stale'] as const;
const CONNECTION_ACL = ['slow', 'connection'] as const;

/** CLIENT's tracking subcommands, listed in client.ts's container. */
export const clientTrackingSubcommands: readonly CommandSpec[] = [
  {
    name: 'tracking', group: 'connection', arity: -3, flags: SUB_FLAGS, acl: CONNECTION_ACL,
    summary: 'Enable or disable server assisted client side caching support', since: '6.0.0',
    complexity: 'O(1). Some options may introduce additional complexity.', handler: clientTrackingCommand,
  },
  {
    name: 'caching', group: 'connection', arity: 3, flags: SUB_FLAGS, acl: CONNECTION_ACL,
    summary: 'Instruct the server about tracking or not keys in the next request', since: '6.0.0', complexity: 'O(1)',
    handler: clientCachingCommand,
  },
  {
    name: 'getredir', group: 'connection', arity: 2, flags: SUB_FLAGS, acl: CONNECTION_ACL,
    summary: 'Get tracking notifications redirection client ID if any', since: '6.0.0', complexity: 'O(1)',
    handler: clientGetredirCommand,
  },
  {
    name: 'trackinginfo', group: 'connection', arity: 2, flags: SUB_FLAGS, acl: CONNECTION_ACL,
    summary: 'Return information about server assisted client side caching for the current connection', since: '6.2.0',
    complexity: 'O(1)', handler: clientTrackinginfoCommand,
  },
];
