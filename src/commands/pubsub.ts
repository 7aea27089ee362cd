// Pub/Sub commands: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, PUBSUB, and the
// sharded SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH.
// Mirrors: redis src/pubsub.c (subscribeCommand ... pubsubCommand, addReplyPubsub*) and
// src/commands/{subscribe,unsubscribe,psubscribe,punsubscribe,publish,pubsub-*,ssubscribe,
// sunsubscribe,spublish}.json.
//
// A (un)subscribe command answers with one frame per channel, not one reply: `subscribe <channel>
// <count>` where count is how many subscriptions the client holds after this one. Redis sends
// those frames as pushes (RESP3 `>3`, RESP2 `*3`), exactly like messages: they go out even under
// CLIENT REPLY OFF. So the handlers deliver them through the client's pub/sub channel
// (ctx.subscriber.deliver) and return NO_REPLY. Inside EXEC they land in order inside the array,
// which then holds more frames than it announced: the same miscount Redis 7.0 produces.

import { ReplyError, subcommandSyntaxError } from '../errors.js';
import { NO_REPLY, push, type Reply } from '../protocol/reply.js';
import type { ChannelKind } from '../pubsub/pubsub.js';
import type { CommandContext } from './context.js';
import { helpLines } from './help.js';
import type { CommandSpec, KeySpec } from './types.js';
import { keyAt } from './key-specs.js';

// --- Frames ---

/** Send the confirmation frames as pushes (addReplyPubsubSubscribed and friends); no reply follows. */
function frames(ctx: CommandContext, items: readonly (readonly Reply[])[]): Reply {
  for (const item of items) ctx.subscriber.deliver(push(item));
  return NO_REPLY;
}

const latin1 = (arg: Buffer): string => arg.latin1Slice(0, arg.length);

/** The frame names of each subscription kind (Redis's shared.subscribebulk, ssubscribebulk ...). */
const FRAME_NAMES: Readonly<Record<ChannelKind, { readonly sub: string; readonly unsub: string }>> = {
  channel: { sub: 'subscribe', unsub: 'unsubscribe' },
  shard: { sub: 'ssubscribe', unsub: 'sunsubscribe' },
};

/** The running count a frame reports: channels + patterns, or shard channels alone. */
function countFor(ctx: CommandContext, kind: ChannelKind): number {
  const subs = ctx.subscriber.subscriptions;
  return kind === 'shard' ? subs.shardCount : subs.count;
}

/** subscribeCommand / ssubscribeCommand: subscribe to each argument, one confirmation each. */
function subscribeTo(ctx: CommandContext, argv: readonly Buffer[], kind: ChannelKind): Reply {
  const pubsub = ctx.server.pubsub;
  const out: Reply[][] = [];
  for (let j = 1; j < argv.length; j++) {
    const channel = argv[j] as Buffer;
    // Already subscribed: nothing changes, but Redis confirms it again with the same count.
    pubsub.subscribe(ctx.subscriber, latin1(channel), kind);
    out.push([FRAME_NAMES[kind].sub, channel, countFor(ctx, kind)]);
  }
  return frames(ctx, out);
}

/**
 * unsubscribeCommand / sunsubscribeCommand: the named channels, or every channel held. With
 * nothing to unsubscribe from, Redis still answers one frame whose channel is null.
 */
function unsubscribeFrom(ctx: CommandContext, argv: readonly Buffer[], kind: ChannelKind): Reply {
  const pubsub = ctx.server.pubsub;
  const sub = ctx.subscriber;
  const name = FRAME_NAMES[kind].unsub;
  const out: Reply[][] = [];
  if (argv.length === 1) {
    const held = kind === 'shard' ? sub.subscriptions.shardChannels : sub.subscriptions.channels;
    for (const channel of [...held]) {
      pubsub.unsubscribe(sub, channel, kind);
      out.push([name, channel, countFor(ctx, kind)]);
    }
    if (out.length === 0) out.push([name, null, countFor(ctx, kind)]);
  } else {
    for (let j = 1; j < argv.length; j++) {
      const channel = argv[j] as Buffer;
      pubsub.unsubscribe(sub, latin1(channel), kind);
      out.push([name, channel, countFor(ctx, kind)]);
    }
  }
  return frames(ctx, out);
}

// --- Commands ---

/**
 * Listen for messages published to the given channels.
 * Format: SUBSCRIBE channel [channel ...]
 */
function subscribeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  // Redis refuses SUBSCRIBE to "deny blocking" clients except inside MULTI/EXEC; the only such
  // clients here are EXEC (allowed) and scripts (SUBSCRIBE is noscript), so there is no check.
  return subscribeTo(ctx, argv, 'channel');
}

/**
 * Stop listening to the given channels, or to all of them.
 * Format: UNSUBSCRIBE [channel [channel ...]]
 */
function unsubscribeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return unsubscribeFrom(ctx, argv, 'channel');
}

/**
 * Listen for messages published to channels matching the given glob patterns.
 * Format: PSUBSCRIBE pattern [pattern ...]
 */
function psubscribeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const pubsub = ctx.server.pubsub;
  const out: Reply[][] = [];
  for (let j = 1; j < argv.length; j++) {
    const pattern = argv[j] as Buffer;
    pubsub.subscribePattern(ctx.subscriber, latin1(pattern));
    out.push(['psubscribe', pattern, ctx.subscriber.subscriptions.count]);
  }
  return frames(ctx, out);
}

/**
 * Stop listening to the given patterns, or to all of them.
 * Format: PUNSUBSCRIBE [pattern [pattern ...]]
 */
function punsubscribeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const pubsub = ctx.server.pubsub;
  const sub = ctx.subscriber;
  const out: Reply[][] = [];
  if (argv.length === 1) {
    for (const pattern of [...sub.subscriptions.patterns]) {
      pubsub.unsubscribePattern(sub, pattern);
      out.push(['punsubscribe', pattern, sub.subscriptions.count]);
    }
    if (out.length === 0) out.push(['punsubscribe', null, sub.subscriptions.count]);
  } else {
    for (let j = 1; j < argv.length; j++) {
      const pattern = argv[j] as Buffer;
      pubsub.unsubscribePattern(sub, latin1(pattern));
      out.push(['punsubscribe', pattern, sub.subscriptions.count]);
    }
  }
  return frames(ctx, out);
}

/**
 * Post a message to a channel; replies how many subscriptions received it.
 * Format: PUBLISH channel message
 */
function publishCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return ctx.server.pubsub.publish(argv[1] as Buffer, argv[2] as Buffer);
}

/**
 * Listen for messages published to the given shard channels.
 * Format: SSUBSCRIBE shardchannel [shardchannel ...]
 */
function ssubscribeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  // Unlike SUBSCRIBE, Redis 7.0 refuses SSUBSCRIBE inside EXEC too (CLIENT_DENY_BLOCKING).
  if (!ctx.mayBlock) throw new ReplyError("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
  return subscribeTo(ctx, argv, 'shard');
}

/**
 * Stop listening to the given shard channels, or to all of them.
 * Format: SUNSUBSCRIBE [shardchannel [shardchannel ...]]
 */
function sunsubscribeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return unsubscribeFrom(ctx, argv, 'shard');
}

/**
 * Post a message to a shard channel. Without cluster mode every channel is in this shard.
 * Format: SPUBLISH shardchannel message
 */
function spublishCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return ctx.server.pubsub.publishShard(argv[1] as Buffer, argv[2] as Buffer);
}

// --- PUBSUB introspection ---

/**
 * The active channels, optionally only those matching a glob pattern.
 * Format: PUBSUB CHANNELS [pattern]
 */
function pubsubChannelsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw subcommandSyntaxError(argv[1] as Buffer, 'pubsub');
  return ctx.server.pubsub.activeChannels('channel', argv[2]);
}

/**
 * The active shard channels, optionally only those matching a glob pattern.
 * Format: PUBSUB SHARDCHANNELS [pattern]
 */
function pubsubShardchannelsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw subcommandSyntaxError(argv[1] as Buffer, 'pubsub');
  return ctx.server.pubsub.activeChannels('shard', argv[2]);
}

/** NUMSUB and SHARDNUMSUB: a flat array of channel, subscriber count pairs. */
function numsub(ctx: CommandContext, argv: readonly Buffer[], kind: ChannelKind): Reply {
  const out: Reply[] = [];
  for (let j = 2; j < argv.length; j++) {
    const channel = argv[j] as Buffer;
    out.push(channel, ctx.server.pubsub.subscriberCount(latin1(channel), kind));
  }
  return out;
}

/**
 * Subscriber counts of the given channels (pattern subscriptions not included).
 * Format: PUBSUB NUMSUB [channel [channel ...]]
 */
function pubsubNumsubCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return numsub(ctx, argv, 'channel');
}

/**
 * Subscriber counts of the given shard channels.
 * Format: PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]
 */
function pubsubShardnumsubCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return numsub(ctx, argv, 'shard');
}

/**
 * The number of distinct patterns subscribed to, by any client.
 * Format: PUBSUB NUMPAT
 */
function pubsubNumpatCommand(ctx: CommandContext): Reply {
  return ctx.server.pubsub.patternCount;
}

/** PUBSUB HELP's lines, as Redis 7.0 prints them (each a status reply). */
const PUBSUB_HELP = helpLines([
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Prints this help.',
]);

/**
 * Describe the PUBSUB subcommands.
 * Format: PUBSUB HELP
 */
function pubsubHelpCommand(): Reply {
  return PUBSUB_HELP;
}

// --- Specs (redis src/commands/*.json) ---

/** SSUBSCRIBE, SUNSUBSCRIBE and SPUBLISH name their channels in key positions, flagged not_key. */
function shardChannelKeys(lastkey: number): KeySpec {
  return keyAt(1, ['not_key'], lastkey);
}

const SUBSCRIBE_FLAGS = ['pubsub', 'noscript', 'loading', 'stale'] as const;
const PUBSUB_SUB_FLAGS = ['pubsub', 'loading', 'stale'] as const;

export const pubsubCommands: readonly CommandSpec[] = [
  {
    name: 'subscribe', group: 'pubsub', arity: -2, flags: SUBSCRIBE_FLAGS, acl: ['pubsub', 'slow'],
    summary: 'Listen for messages published to the given channels', since: '2.0.0',
    complexity: 'O(N) where N is the number of channels to subscribe to.',
    arguments: [{ name: 'channel', type: 'string', flags: ['multiple'] }], handler: subscribeCommand,
  } satisfies CommandSpec,
  {
    name: 'unsubscribe', group: 'pubsub', arity: -1, flags: SUBSCRIBE_FLAGS, acl: ['pubsub', 'slow'],
    summary: 'Stop listening for messages posted to the given channels', since: '2.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a channel.',
    arguments: [{ name: 'channel', type: 'string', flags: ['optional', 'multiple'] }], handler: unsubscribeCommand,
  } satisfies CommandSpec,
  {
    name: 'psubscribe', group: 'pubsub', arity: -2, flags: SUBSCRIBE_FLAGS, acl: ['pubsub', 'slow'],
    summary: 'Listen for messages published to channels matching the given patterns', since: '2.0.0',
    complexity: 'O(N) where N is the number of patterns the client is already subscribed to.',
    arguments: [{ name: 'pattern', type: 'block', flags: ['multiple'], arguments: [{ name: 'pattern', type: 'pattern' }] }],
    handler: psubscribeCommand,
  } satisfies CommandSpec,
  {
    name: 'punsubscribe', group: 'pubsub', arity: -1, flags: SUBSCRIBE_FLAGS, acl: ['pubsub', 'slow'],
    summary: 'Stop listening for messages posted to channels matching the given patterns', since: '2.0.0',
    complexity: 'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
    arguments: [{ name: 'pattern', type: 'pattern', flags: ['optional', 'multiple'] }], handler: punsubscribeCommand,
  } satisfies CommandSpec,
  {
    name: 'publish', group: 'pubsub', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    acl: ['pubsub', 'fast'], summary: 'Post a message to a channel', since: '2.0.0',
    complexity: 'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
    arguments: [{ name: 'channel', type: 'string' }, { name: 'message', type: 'string' }], handler: publishCommand,
  } satisfies CommandSpec,
  {
    name: 'ssubscribe', group: 'pubsub', arity: -2, flags: SUBSCRIBE_FLAGS, keys: { first: 1, last: -1, step: 1 },
    acl: ['pubsub', 'slow'], summary: 'Listen for messages published to the given shard channels', since: '7.0.0',
    complexity: 'O(N) where N is the number of shard channels to subscribe to.', keySpecs: [shardChannelKeys(-1)],
    arguments: [{ name: 'shardchannel', type: 'string', flags: ['multiple'] }], handler: ssubscribeCommand,
  } satisfies CommandSpec,
  {
    name: 'sunsubscribe', group: 'pubsub', arity: -1, flags: SUBSCRIBE_FLAGS, keys: { first: 1, last: -1, step: 1 },
    acl: ['pubsub', 'slow'], summary: 'Stop listening for messages posted to the given shard channels', since: '7.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.',
    keySpecs: [shardChannelKeys(-1)],
    arguments: [{ name: 'shardchannel', type: 'string', flags: ['optional', 'multiple'] }], handler: sunsubscribeCommand,
  } satisfies CommandSpec,
  {
    name: 'spublish', group: 'pubsub', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    keys: { first: 1, last: 1, step: 1 }, acl: ['pubsub', 'fast'], summary: 'Post a message to a shard channel',
    since: '7.0.0', complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
    keySpecs: [shardChannelKeys(0)],
    arguments: [{ name: 'shardchannel', type: 'string' }, { name: 'message', type: 'string' }], handler: spublishCommand,
  } satisfies CommandSpec,
  {
    name: 'pubsub', group: 'pubsub', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for Pub/Sub commands', since: '2.8.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'channels', group: 'pubsub', arity: -2, flags: PUBSUB_SUB_FLAGS, acl: ['pubsub', 'slow'],
        summary: 'List active channels', since: '2.8.0',
        complexity: 'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
        arguments: [{ name: 'pattern', type: 'pattern', flags: ['optional'] }], handler: pubsubChannelsCommand,
      },
      {
        name: 'numpat', group: 'pubsub', arity: 2, flags: PUBSUB_SUB_FLAGS, acl: ['pubsub', 'slow'],
        summary: 'Get the count of unique patterns pattern subscriptions', since: '2.8.0', complexity: 'O(1)',
        handler: pubsubNumpatCommand,
      },
      {
        name: 'numsub', group: 'pubsub', arity: -2, flags: PUBSUB_SUB_FLAGS, acl: ['pubsub', 'slow'],
        summary: 'Get the count of subscribers for channels', since: '2.8.0',
        complexity: 'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
        arguments: [{ name: 'channel', type: 'string', flags: ['optional', 'multiple'] }], handler: pubsubNumsubCommand,
      },
      {
        name: 'shardchannels', group: 'pubsub', arity: -2, flags: PUBSUB_SUB_FLAGS, acl: ['pubsub', 'slow'],
        summary: 'List active shard channels', since: '7.0.0',
        complexity: 'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
        arguments: [{ name: 'pattern', type: 'pattern', flags: ['optional'] }], handler: pubsubShardchannelsCommand,
      },
      {
        name: 'shardnumsub', group: 'pubsub', arity: -2, flags: PUBSUB_SUB_FLAGS, acl: ['pubsub', 'slow'],
        summary: 'Get the count of subscribers for shard channels', since: '7.0.0',
        complexity: 'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
        arguments: [{ name: 'shardchannel', type: 'string', flags: ['optional', 'multiple'] }],
        handler: pubsubShardnumsubCommand,
      },
      {
        name: 'help', group: 'pubsub', arity: 2, flags: ['loading', 'stale'], acl: ['slow'],
        summary: 'Show helpful text about the different subcommands', since: '6.2.0', complexity: 'O(1)',
        handler: pubsubHelpCommand,
      },
    ],
  } satisfies CommandSpec,
];
