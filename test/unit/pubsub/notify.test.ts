// Keyspace notifications: which classes publish, on which channels, with which message.

import { describe, expect, it } from 'vitest';
import { Config } from '../../../src/config/config.js';
import { NOTIFY_EXPIRED, NOTIFY_GENERIC, NOTIFY_STRING } from '../../../src/config/keyspace-events.js';
import { notifyKeyspaceEvent } from '../../../src/pubsub/notify.js';
import { PubSub, Subscriptions, type Subscriber } from '../../../src/pubsub/pubsub.js';
import { encodeReply } from '../../../src/protocol/reply.js';

function setup(classes: string): { config: Config; pubsub: PubSub; frames: string[] } {
  const config = Config.fromObject({ 'notify-keyspace-events': classes });
  const pubsub = new PubSub();
  const frames: string[] = [];
  const sub: Subscriber = {
    id: 1,
    subscriptions: new Subscriptions(),
    deliver: (frame) => frames.push(encodeReply(frame, 2).toString('latin1')),
  };
  pubsub.subscribePattern(sub, '__key*');
  return { config, pubsub, frames };
}

describe('notifyKeyspaceEvent', () => {
  it('publishes on __keyspace@<db>__:<key> (K) and __keyevent@<db>__:<event> (E)', () => {
    const target = setup('KEx');
    notifyKeyspaceEvent(target, NOTIFY_EXPIRED, 'expired', 'k', 3);
    expect(target.frames).toEqual([
      '*4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$16\r\n__keyspace@3__:k\r\n$7\r\nexpired\r\n',
      '*4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$22\r\n__keyevent@3__:expired\r\n$1\r\nk\r\n',
    ]);
  });

  it('publishes only the channel kinds that are enabled', () => {
    const keyevent = setup('Eg');
    notifyKeyspaceEvent(keyevent, NOTIFY_GENERIC, 'del', 'k', 0);
    expect(keyevent.frames).toEqual(['*4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$18\r\n__keyevent@0__:del\r\n$1\r\nk\r\n']);
    // A class without K or E publishes nothing at all.
    const neither = setup('A');
    notifyKeyspaceEvent(neither, NOTIFY_GENERIC, 'del', 'k', 0);
    expect(neither.frames).toEqual([]);
  });

  it('stays silent for classes that are not enabled', () => {
    const target = setup('KEg');
    notifyKeyspaceEvent(target, NOTIFY_STRING, 'set', 'k', 0);
    notifyKeyspaceEvent(target, NOTIFY_EXPIRED, 'expired', 'k', 0);
    expect(target.frames).toEqual([]);
  });

  it('keeps binary keys as bytes in both channel and message', () => {
    const target = setup('KEA');
    notifyKeyspaceEvent(target, NOTIFY_STRING, 'set', '\xff\x00', 0);
    expect(target.frames).toEqual([
      '*4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$17\r\n__keyspace@0__:\xff\x00\r\n$3\r\nset\r\n',
      '*4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$18\r\n__keyevent@0__:set\r\n$2\r\n\xff\x00\r\n',
    ]);
  });
});
