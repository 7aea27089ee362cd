// The pub/sub registry without sockets: subscription bookkeeping on both sides, who receives a
// published message and how often, and the frames they receive.

import { describe, expect, it } from 'vitest';
import { PubSub, Subscriptions, type Subscriber } from '../../../src/pubsub/pubsub.js';
import { encodeReply, type PushReply } from '../../../src/protocol/reply.js';

/** A subscriber that records the frames it is sent, encoded as a RESP3 (or RESP2) client would get them. */
function fakeSubscriber(id: number, resp: 2 | 3 = 3): Subscriber & { frames: string[] } {
  const frames: string[] = [];
  return {
    id,
    subscriptions: new Subscriptions(),
    frames,
    deliver(frame: PushReply) {
      frames.push(encodeReply(frame, resp).toString('latin1'));
    },
  };
}

describe('subscriptions', () => {
  it('counts channels and patterns together, shard channels apart (clientSubscriptionsCount)', () => {
    const ps = new PubSub();
    const a = fakeSubscriber(1);
    expect(ps.subscribe(a, 'news')).toBe(true);
    expect(ps.subscribe(a, 'news')).toBe(false);
    expect(ps.subscribePattern(a, 'n*')).toBe(true);
    expect(ps.subscribe(a, 'news', 'shard')).toBe(true);
    expect(a.subscriptions.count).toBe(2);
    expect(a.subscriptions.shardCount).toBe(1);
    expect(a.subscriptions.total).toBe(3);
  });

  it('forgets a channel once its last subscriber leaves', () => {
    const ps = new PubSub();
    const a = fakeSubscriber(1);
    const b = fakeSubscriber(2);
    ps.subscribe(a, 'x');
    ps.subscribe(b, 'x');
    expect(ps.subscriberCount('x')).toBe(2);
    expect(ps.unsubscribe(a, 'x')).toBe(true);
    expect(ps.unsubscribe(a, 'x')).toBe(false);
    expect(ps.activeChannels('channel')).toEqual(['x']);
    ps.unsubscribe(b, 'x');
    expect(ps.activeChannels('channel')).toEqual([]);
    expect(ps.isEmpty).toBe(true);
  });

  it('NUMPAT counts distinct patterns, not subscriptions', () => {
    const ps = new PubSub();
    const a = fakeSubscriber(1);
    const b = fakeSubscriber(2);
    ps.subscribePattern(a, 'a*');
    ps.subscribePattern(b, 'a*');
    ps.subscribePattern(b, '*');
    expect(ps.patternCount).toBe(2);
    ps.unsubscribePattern(a, 'a*');
    expect(ps.patternCount).toBe(2);
    ps.unsubscribePattern(b, 'a*');
    expect(ps.patternCount).toBe(1);
  });

  it('unsubscribeAll drops every kind of subscription on both sides', () => {
    const ps = new PubSub();
    const a = fakeSubscriber(1);
    ps.subscribe(a, 'c1');
    ps.subscribe(a, 'c2');
    ps.subscribePattern(a, 'p*');
    ps.subscribe(a, 's1', 'shard');
    ps.unsubscribeAll(a);
    expect(a.subscriptions.total).toBe(0);
    expect(ps.isEmpty).toBe(true);
    expect(ps.publish(Buffer.from('c1'), Buffer.from('m'))).toBe(0);
  });

  it('PUBSUB CHANNELS filters active channels with the glob matcher, over bytes', () => {
    const ps = new PubSub();
    const a = fakeSubscriber(1);
    for (const ch of ['news.tech', 'news.art', 'sport', '\xff\x00']) ps.subscribe(a, ch);
    expect(ps.activeChannels('channel', Buffer.from('news.*'))).toEqual(['news.tech', 'news.art']);
    expect(ps.activeChannels('channel', Buffer.from([0xff, 0x2a]))).toEqual(['\xff\x00']);
    expect(ps.activeChannels('shard')).toEqual([]);
  });
});

describe('publishing', () => {
  it('counts one receiver per frame: a channel subscription plus every matching pattern', () => {
    const ps = new PubSub();
    const a = fakeSubscriber(1);
    ps.subscribe(a, 'news');
    ps.subscribePattern(a, 'n*');
    ps.subscribePattern(a, '*');
    ps.subscribePattern(a, 'x*');
    expect(ps.publish(Buffer.from('news'), Buffer.from('hi'))).toBe(3);
    expect(a.frames).toEqual([
      '>3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n',
      '>4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n',
      '>4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$4\r\nnews\r\n$2\r\nhi\r\n',
    ]);
  });

  it('serves channel subscribers in the order they subscribed, before pattern subscribers', () => {
    const ps = new PubSub();
    const order: number[] = [];
    const make = (id: number): Subscriber => ({ id, subscriptions: new Subscriptions(), deliver: () => order.push(id) });
    const [p, s1, s2] = [make(1), make(2), make(3)];
    ps.subscribePattern(p, 'c*');
    ps.subscribe(s1, 'ch');
    ps.subscribe(s2, 'ch');
    ps.publish(Buffer.from('ch'), Buffer.from('m'));
    expect(order).toEqual([2, 3, 1]);
  });

  it('sends RESP2 clients plain arrays', () => {
    const ps = new PubSub();
    const a = fakeSubscriber(1, 2);
    ps.subscribePattern(a, 'k*');
    ps.publish('key', 'ev');
    expect(a.frames).toEqual(['*4\r\n$8\r\npmessage\r\n$2\r\nk*\r\n$3\r\nkey\r\n$2\r\nev\r\n']);
  });

  it('keeps channel and message bytes as they are (no UTF-8 decoding)', () => {
    const ps = new PubSub();
    const a = fakeSubscriber(1);
    const channel = Buffer.from([0xff, 0x00, 0xe9]);
    ps.subscribe(a, channel.toString('latin1'));
    expect(ps.publish(channel, Buffer.from([0xc3, 0x28]))).toBe(1);
    expect(a.frames[0]).toBe('>3\r\n$7\r\nmessage\r\n$3\r\n\xff\x00\xe9\r\n$2\r\n\xc3\x28\r\n');
  });

  it('a `*` pattern does not match the empty channel (stringmatchlen)', () => {
    const ps = new PubSub();
    const a = fakeSubscriber(1);
    ps.subscribePattern(a, '*');
    expect(ps.publish(Buffer.alloc(0), Buffer.from('m'))).toBe(0);
  });

  it('shard messages reach shard subscribers only, never patterns or plain channels', () => {
    const ps = new PubSub();
    const a = fakeSubscriber(1);
    ps.subscribe(a, 'ch', 'shard');
    ps.subscribe(a, 'ch');
    ps.subscribePattern(a, '*');
    expect(ps.publishShard(Buffer.from('ch'), Buffer.from('m'))).toBe(1);
    expect(a.frames).toEqual(['>3\r\n$8\r\nsmessage\r\n$2\r\nch\r\n$1\r\nm\r\n']);
    expect(ps.publishShard(Buffer.from('other'), Buffer.from('m'))).toBe(0);
  });
});
