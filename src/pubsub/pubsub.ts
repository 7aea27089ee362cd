// The publish/subscribe registry: who listens to which channel or pattern, and how a published
// message reaches them.
// Mirrors: redis src/pubsub.c (pubsubSubscribeChannel, pubsubUnsubscribeChannel,
// pubsubSubscribePattern, pubsubUnsubscribePattern, pubsubUnsubscribeAll*, pubsubPublishMessage,
// clientSubscriptionsCount, channelList) and the pubsub fields of `struct redisServer`/`client`.
//
// Two sides of the same relation, as in Redis:
//   server side   channel → subscribers      (server.pubsub_channels)
//                 pattern → subscribers      (server.pubsub_patterns)
//                 shard channel → subscribers (server.pubsubshard_channels)
//   client side   the channels, patterns and shard channels one client holds (Subscriptions).
// The server side answers PUBLISH in O(subscribers of the channel + number of distinct patterns);
// the client side answers the running counts of the confirmation frames, UNSUBSCRIBE without
// arguments, and lets a disconnect drop everything the client held.
//
// Channels and patterns are bytes: Map keys are the latin1 strings of those bytes (one char per
// byte, lossless), like the keyspace's keys. Sets keep insertion order, so subscribers are served
// in the order they subscribed (Redis 7.0 keeps a list per channel and serves it in that order).
// SIMPLIFIED: Redis walks its pattern dict, and a client's channels when unsubscribing from all, in
// hash order (random per process); we use the order of first subscription, which is deterministic.

import { push, type PushReply, type Reply } from '../protocol/reply.js';
import { globMatch } from '../util/glob.js';

/** What a registry needs from a client: its own subscription sets and a way to send it a frame. */
export interface Subscriber {
  readonly id: number;
  readonly subscriptions: Subscriptions;
  /**
   * Queue one message frame (`message`, `pmessage`, `smessage`) for the client. It goes out as a
   * RESP3 push or a RESP2 array, whichever the client speaks; the client decides when to write it.
   */
  deliver(frame: PushReply): void;
}

/** One client's subscriptions (Redis's c->pubsub_channels, c->pubsub_patterns, c->pubsubshard_channels). */
export class Subscriptions {
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();

  /** clientSubscriptionsCount: the number SUBSCRIBE/PSUBSCRIBE and their UNs report. */
  get count(): number {
    return this.channels.size + this.patterns.size;
  }

  /** clientShardSubscriptionsCount: the number SSUBSCRIBE/SUNSUBSCRIBE report. */
  get shardCount(): number {
    return this.shardChannels.size;
  }

  /** clientTotalPubSubSubscriptionCount: while above 0 the client is in pub/sub mode. */
  get total(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size;
  }
}

/** A subscribed pattern: its bytes for the matcher, and who subscribed to it. */
interface PatternEntry {
  readonly pattern: Buffer;
  readonly subscribers: Set<Subscriber>;
}

/** The three kinds of subscription; each frame names its kind in its first element. */
export type ChannelKind = 'channel' | 'shard';

/** The bulk strings that open each frame (Redis's shared.messagebulk, shared.pmessagebulk ...). */
const MESSAGE = 'message';
const PMESSAGE = 'pmessage';
const SMESSAGE = 'smessage';

export class PubSub {
  private readonly channels = new Map<string, Set<Subscriber>>();
  private readonly shardChannels = new Map<string, Set<Subscriber>>();
  private readonly patterns = new Map<string, PatternEntry>();

  private channelMap(kind: ChannelKind): Map<string, Set<Subscriber>> {
    return kind === 'shard' ? this.shardChannels : this.channels;
  }

  private clientSet(sub: Subscriber, kind: ChannelKind): Set<string> {
    return kind === 'shard' ? sub.subscriptions.shardChannels : sub.subscriptions.channels;
  }

  // --- Subscribing (pubsubSubscribeChannel / pubsubUnsubscribeChannel) ---

  /** Add `sub` to a channel. False when it was already subscribed (Redis still confirms it). */
  subscribe(sub: Subscriber, channel: string, kind: ChannelKind = 'channel'): boolean {
    const mine = this.clientSet(sub, kind);
    if (mine.has(channel)) return false;
    mine.add(channel);
    const all = this.channelMap(kind);
    const subscribers = all.get(channel);
    if (subscribers === undefined) all.set(channel, new Set([sub]));
    else subscribers.add(sub);
    return true;
  }

  /** Remove `sub` from a channel; a channel nobody listens to any more is forgotten. */
  unsubscribe(sub: Subscriber, channel: string, kind: ChannelKind = 'channel'): boolean {
    if (!this.clientSet(sub, kind).delete(channel)) return false;
    const all = this.channelMap(kind);
    const subscribers = all.get(channel);
    if (subscribers !== undefined) {
      subscribers.delete(sub);
      // Dropping empty entries keeps PUBSUB CHANNELS to active channels and the map bounded.
      if (subscribers.size === 0) all.delete(channel);
    }
    return true;
  }

  // --- Patterns (pubsubSubscribePattern / pubsubUnsubscribePattern) ---

  subscribePattern(sub: Subscriber, pattern: string): boolean {
    const mine = sub.subscriptions.patterns;
    if (mine.has(pattern)) return false;
    mine.add(pattern);
    const entry = this.patterns.get(pattern);
    if (entry === undefined) {
      this.patterns.set(pattern, { pattern: Buffer.from(pattern, 'latin1'), subscribers: new Set([sub]) });
    } else {
      entry.subscribers.add(sub);
    }
    return true;
  }

  unsubscribePattern(sub: Subscriber, pattern: string): boolean {
    if (!sub.subscriptions.patterns.delete(pattern)) return false;
    const entry = this.patterns.get(pattern);
    if (entry !== undefined) {
      entry.subscribers.delete(sub);
      if (entry.subscribers.size === 0) this.patterns.delete(pattern);
    }
    return true;
  }

  /** Drop every subscription of a client, silently (RESET and disconnect: freeClient). */
  unsubscribeAll(sub: Subscriber): void {
    const subs = sub.subscriptions;
    if (subs.total === 0) return;
    for (const channel of [...subs.channels]) this.unsubscribe(sub, channel, 'channel');
    for (const channel of [...subs.shardChannels]) this.unsubscribe(sub, channel, 'shard');
    for (const pattern of [...subs.patterns]) this.unsubscribePattern(sub, pattern);
  }

  // --- Publishing (pubsubPublishMessage) ---

  /** Is anyone subscribed to anything? Lets keyspace notifications skip building channel names. */
  get isEmpty(): boolean {
    return this.channels.size === 0 && this.patterns.size === 0 && this.shardChannels.size === 0;
  }

  /**
   * Send `message` to the channel's subscribers, then to every client whose pattern matches the
   * channel (one pmessage per matching pattern, so a client can receive the same message more than
   * once). Returns the number of frames delivered: PUBLISH's reply.
   */
  publish(channel: Buffer | string, message: Buffer | string): number {
    const key = typeof channel === 'string' ? channel : channel.latin1Slice(0, channel.length);
    let receivers = 0;
    const subscribers = this.channels.get(key);
    if (subscribers !== undefined) {
      // One frame object shared by all subscribers; each encodes it in its own protocol.
      const frame = push([MESSAGE, channel, message]);
      for (const sub of subscribers) {
        sub.deliver(frame);
        receivers++;
      }
    }
    if (this.patterns.size === 0) return receivers;
    const channelBytes = typeof channel === 'string' ? Buffer.from(channel, 'latin1') : channel;
    for (const [pattern, entry] of this.patterns) {
      if (!globMatch(entry.pattern, channelBytes)) continue;
      const frame = push([PMESSAGE, pattern, channel, message]);
      for (const sub of entry.subscribers) {
        sub.deliver(frame);
        receivers++;
      }
    }
    return receivers;
  }

  /** SPUBLISH: shard channels only; patterns never see shard messages. */
  publishShard(channel: Buffer, message: Buffer): number {
    const subscribers = this.shardChannels.get(channel.latin1Slice(0, channel.length));
    if (subscribers === undefined) return 0;
    const frame = push([SMESSAGE, channel, message]);
    for (const sub of subscribers) sub.deliver(frame);
    return subscribers.size;
  }

  // --- Introspection (PUBSUB) ---

  /** Active channels (with at least one subscriber), optionally only those matching `pattern`. */
  activeChannels(kind: ChannelKind, pattern?: Buffer): Reply[] {
    const out: Reply[] = [];
    for (const channel of this.channelMap(kind).keys()) {
      if (pattern === undefined || globMatch(pattern, Buffer.from(channel, 'latin1'))) out.push(channel);
    }
    return out;
  }

  /** Subscribers of one channel, pattern subscriptions not counted (PUBSUB NUMSUB). */
  subscriberCount(channel: string, kind: ChannelKind = 'channel'): number {
    return this.channelMap(kind).get(channel)?.size ?? 0;
  }

  /** Distinct patterns with at least one subscriber (PUBSUB NUMPAT, Redis 7's dictSize). */
  get patternCount(): number {
    return this.patterns.size;
  }

  /** INFO stats pubsub_channels / pubsub_patterns / pubsubshard_channels. */
  get channelCount(): number {
    return this.channels.size;
  }

  get shardChannelCount(): number {
    return this.shardChannels.size;
  }
}
