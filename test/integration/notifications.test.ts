// Keyspace notifications from the string, generic (keyspace and expire), hash and set families:
// for each command, the exact ordered (channel, message) pairs a PSUBSCRIBE __key*__:* subscriber
// receives. Every expectation below was observed on redis-server 7.0.15 with
// notify-keyspace-events KEA, running the same setup and commands (and the same marker scheme).

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestServer, type RunningServer } from '../helpers/server.js';

type Pair = readonly [channel: string, message: string];

/** One event as K and E publish it: on the key's channel first, then on the event's. */
function ev(event: string, key: string, db = 0): Pair[] {
  return [[`__keyspace@${db}__:${key}`, event], [`__keyevent@${db}__:${event}`, key]];
}

/**
 * Listens on __key*__:* and hands back what arrived between two markers: `capture` runs commands,
 * then PUBLISHes to a marker channel the pattern also matches, and returns every pair received
 * before the marker. Pub/sub keeps order per connection, so nothing of the commands can arrive late.
 */
class Recorder {
  private received: Pair[] = [];
  private wake: (() => void) | undefined;
  private markers = 0;

  private constructor(readonly client: Redis, private readonly sub: Redis) {
    sub.on('pmessage', (_pattern: string, channel: string, message: string) => {
      this.received.push([channel, message]);
      this.wake?.();
    });
  }

  static async connect(port: number): Promise<Recorder> {
    const sub = new Redis({ port, lazyConnect: true });
    await sub.connect();
    await sub.psubscribe('__key*__:*');
    const client = new Redis({ port, lazyConnect: true });
    await client.connect();
    return new Recorder(client, sub);
  }

  /** Run the commands (reply errors are expected in some cases and ignored); the events they sent. */
  async capture(commands: readonly (readonly string[])[]): Promise<Pair[]> {
    const marker = `__keyevent@0__:marker${this.markers++}`;
    for (const [name, ...args] of commands) {
      await this.client.call(name as string, ...args).catch((err: unknown) => {
        if (!(err instanceof Error) || err.name !== 'ReplyError') throw err;
      });
    }
    await this.client.publish(marker, 'x');
    let at = this.received.findIndex(([channel]) => channel === marker);
    while (at === -1) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      at = this.received.findIndex(([channel]) => channel === marker);
    }
    const events = this.received.slice(0, at);
    this.received = this.received.slice(at + 1);
    return events;
  }

  close(): void {
    this.client.disconnect();
    this.sub.disconnect();
  }
}

interface Scenario {
  readonly name: string;
  /** Run first (on an empty keyspace); its events are discarded. */
  readonly setup: readonly (readonly string[])[];
  readonly run: readonly (readonly string[])[];
  /** What redis-server 7.0.15 published for `run`, in order. */
  readonly events: readonly Pair[];
}

// Observed on redis-server 7.0.15 (notify-keyspace-events KEA).
const SCENARIOS: readonly Scenario[] = [
  {
    name: 'DEL and UNLINK send del for each key that existed',
    setup: [['SET', 'a', '1'], ['SET', 'b', '2'], ['SET', 'c', '3']],
    run: [['DEL', 'a', 'b', 'zz'], ['UNLINK', 'c']],
    events: [...ev('del', 'a'), ...ev('del', 'b'), ...ev('del', 'c')],
  },
  {
    name: 'RENAME sends rename_from then rename_to, with no del for a replaced target',
    setup: [['SET', 'a', '1', 'EX', '100'], ['SET', 'b', '2']],
    run: [['RENAME', 'a', 'b']],
    events: [...ev('rename_from', 'a'), ...ev('rename_to', 'b')],
  },
  {
    name: 'RENAME of a key onto itself sends nothing',
    setup: [['SET', 'a', '1']],
    run: [['RENAME', 'a', 'a']],
    events: [],
  },
  {
    name: 'RENAMENX sends rename_from and rename_to only when it renames',
    setup: [['SET', 'a', '1'], ['SET', 'b', '2'], ['SET', 'c', '3']],
    run: [['RENAMENX', 'a', 'b'], ['RENAMENX', 'a', 'd']],
    events: [...ev('rename_from', 'a'), ...ev('rename_to', 'd')],
  },
  {
    name: 'COPY sends copy_to on the destination, in the destination database',
    setup: [['SET', 'a', '1'], ['SET', 'b', '2']],
    run: [['COPY', 'a', 'b'], ['COPY', 'a', 'b', 'REPLACE'], ['COPY', 'a', 'c', 'DB', '1']],
    events: [...ev('copy_to', 'b'), ...ev('copy_to', 'c', 1)],
  },
  {
    name: 'MOVE sends move_from in the source database and move_to in the destination',
    setup: [['SET', 'a', '1'], ['SET', 'b', '1'], ['SELECT', '1'], ['SET', 'b', '2'], ['SELECT', '0']],
    run: [['MOVE', 'a', '1'], ['MOVE', 'b', '1']],
    events: [...ev('move_from', 'a'), ...ev('move_to', 'a', 1)],
  },
  {
    name: 'EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT send expire',
    setup: [['SET', 'a', '1']],
    run: [
      ['EXPIRE', 'a', '100'],
      ['PEXPIRE', 'a', '100000'],
      ['EXPIREAT', 'a', '4102444800'],
      ['PEXPIREAT', 'a', '4102444800000'],
      ['EXPIRE', 'a', '200', 'NX'],
      ['EXPIRE', 'missing', '100'],
    ],
    events: [...ev('expire', 'a'), ...ev('expire', 'a'), ...ev('expire', 'a'), ...ev('expire', 'a')],
  },
  {
    name: 'EXPIRE with a time already past deletes the key with del',
    setup: [['SET', 'a', '1'], ['SET', 'b', '1'], ['SET', 'c', '1']],
    run: [['EXPIRE', 'a', '-1'], ['PEXPIREAT', 'b', '1'], ['EXPIREAT', 'c', '0']],
    events: [...ev('del', 'a'), ...ev('del', 'b'), ...ev('del', 'c')],
  },
  {
    name: 'PERSIST sends persist only when it removed a TTL',
    setup: [['SET', 'a', '1', 'EX', '100'], ['SET', 'b', '1']],
    run: [['PERSIST', 'a'], ['PERSIST', 'a'], ['PERSIST', 'b']],
    events: [...ev('persist', 'a')],
  },
  {
    name: 'SET with an expiry sends set then expire',
    setup: [],
    run: [
      ['SET', 'a', '1', 'EX', '100'],
      ['SET', 'b', '1', 'PX', '100000'],
      ['SET', 'c', '1', 'EXAT', '4102444800'],
      ['SET', 'd', '1', 'PXAT', '4102444800000'],
    ],
    events: [
      ...ev('set', 'a'),
      ...ev('expire', 'a'),
      ...ev('set', 'b'),
      ...ev('expire', 'b'),
      ...ev('set', 'c'),
      ...ev('expire', 'c'),
      ...ev('set', 'd'),
      ...ev('expire', 'd'),
    ],
  },
  {
    name: 'SETEX and PSETEX send set then expire',
    setup: [],
    run: [['SETEX', 'a', '100', '1'], ['PSETEX', 'b', '100000', '1']],
    events: [...ev('set', 'a'), ...ev('expire', 'a'), ...ev('set', 'b'), ...ev('expire', 'b')],
  },
  {
    name: 'GETEX sends expire, persist or del, and nothing without options',
    setup: [['SET', 'a', '1'], ['SET', 'b', '1', 'EX', '100'], ['SET', 'c', '1']],
    run: [
      ['GETEX', 'a'],
      ['GETEX', 'a', 'EX', '100'],
      ['GETEX', 'b', 'PERSIST'],
      ['GETEX', 'a', 'PERSIST'],
      ['GETEX', 'b', 'PERSIST'],
      ['GETEX', 'c', 'PXAT', '1'],
      ['GETEX', 'missing', 'EX', '10'],
    ],
    events: [...ev('expire', 'a'), ...ev('persist', 'b'), ...ev('persist', 'a'), ...ev('del', 'c')],
  },
  {
    name: 'GETDEL sends del when the key existed',
    setup: [['SET', 'a', '1']],
    run: [['GETDEL', 'a'], ['GETDEL', 'a']],
    events: [...ev('del', 'a')],
  },
  {
    name: 'FLUSHDB and FLUSHALL send no per-key events',
    setup: [['SET', 'a', '1'], ['HSET', 'h', 'f', 'v']],
    run: [['FLUSHDB'], ['SET', 'b', '1'], ['FLUSHALL']],
    events: [...ev('set', 'b')],
  },
  {
    name: 'SET variants send set, and nothing when NX or XX stops them',
    setup: [['SET', 'a', '1', 'EX', '100']],
    run: [
      ['SET', 'a', '2'],
      ['SET', 'a', '3', 'NX'],
      ['SET', 'b', '3', 'XX'],
      ['SET', 'a', '4', 'GET'],
      ['SET', 'a', '5', 'KEEPTTL'],
      ['SET', 'a', '6', 'XX', 'GET'],
    ],
    events: [...ev('set', 'a'), ...ev('set', 'a'), ...ev('set', 'a'), ...ev('set', 'a')],
  },
  {
    name: 'SETNX sends set only when it sets',
    setup: [['SET', 'a', '1']],
    run: [['SETNX', 'a', '2'], ['SETNX', 'b', '2']],
    events: [...ev('set', 'b')],
  },
  {
    name: 'MSET and MSETNX send set for each key',
    setup: [['SET', 'z', '1']],
    run: [['MSET', 'a', '1', 'b', '2'], ['MSETNX', 'c', '1', 'd', '2'], ['MSETNX', 'e', '1', 'z', '2']],
    events: [...ev('set', 'a'), ...ev('set', 'b'), ...ev('set', 'c'), ...ev('set', 'd')],
  },
  {
    name: 'GETSET sends set',
    setup: [['SET', 'a', '1']],
    run: [['GETSET', 'a', '2'], ['GETSET', 'b', '2']],
    events: [...ev('set', 'a'), ...ev('set', 'b')],
  },
  {
    name: 'SETRANGE sends setrange unless it writes nothing',
    setup: [['SET', 'a', 'hello']],
    run: [
      ['SETRANGE', 'a', '1', 'E'],
      ['SETRANGE', 'b', '2', 'x'],
      ['SETRANGE', 'a', '0', ''],
      ['SETRANGE', 'c', '0', ''],
    ],
    events: [...ev('setrange', 'a'), ...ev('setrange', 'b')],
  },
  {
    name: 'APPEND sends append',
    setup: [['SET', 'a', 'hello']],
    run: [['APPEND', 'a', '!'], ['APPEND', 'b', 'x']],
    events: [...ev('append', 'a'), ...ev('append', 'b')],
  },
  {
    name: 'INCR, DECR, INCRBY and DECRBY send incrby; INCRBYFLOAT sends incrbyfloat',
    setup: [['SET', 's', 'abc']],
    run: [
      ['INCR', 'n'],
      ['DECR', 'n'],
      ['INCRBY', 'n', '5'],
      ['DECRBY', 'n', '2'],
      ['INCRBYFLOAT', 'n', '1.5'],
      ['INCR', 's'],
    ],
    events: [
      ...ev('incrby', 'n'),
      ...ev('incrby', 'n'),
      ...ev('incrby', 'n'),
      ...ev('incrby', 'n'),
      ...ev('incrbyfloat', 'n'),
    ],
  },
  {
    name: 'HSET, HMSET and HSETNX send one hset per command',
    setup: [['HSET', 'h', 'f', 'v']],
    run: [
      ['HSET', 'h', 'f', 'v', 'g', 'w'],
      ['HMSET', 'h2', 'a', '1', 'b', '2'],
      ['HSETNX', 'h', 'f', 'x'],
      ['HSETNX', 'h', 'n', 'x'],
    ],
    events: [...ev('hset', 'h'), ...ev('hset', 'h2'), ...ev('hset', 'h')],
  },
  {
    name: 'HINCRBY sends hincrby and HINCRBYFLOAT sends hincrbyfloat',
    setup: [],
    run: [['HINCRBY', 'h', 'f', '2'], ['HINCRBYFLOAT', 'h', 'g', '1.5']],
    events: [...ev('hincrby', 'h'), ...ev('hincrbyfloat', 'h')],
  },
  {
    name: 'HDEL sends hdel if a field went, then del when the hash emptied',
    setup: [['HSET', 'h', 'a', '1', 'b', '2', 'c', '3']],
    run: [['HDEL', 'h', 'zz'], ['HDEL', 'h', 'a', 'zz'], ['HDEL', 'h', 'b', 'c', 'zz'], ['HDEL', 'h', 'b']],
    events: [...ev('hdel', 'h'), ...ev('hdel', 'h'), ...ev('del', 'h')],
  },
  {
    name: 'SADD sends sadd only when a member was added',
    setup: [['SADD', 's', 'a']],
    run: [['SADD', 's', 'a'], ['SADD', 's', 'a', 'b'], ['SADD', 't', 'x']],
    events: [...ev('sadd', 's'), ...ev('sadd', 't')],
  },
  {
    name: 'SREM sends srem, then del when the set emptied',
    setup: [['SADD', 's', 'a', 'b', 'c']],
    run: [['SREM', 's', 'zz'], ['SREM', 's', 'a'], ['SREM', 's', 'b', 'c', 'zz']],
    events: [...ev('srem', 's'), ...ev('srem', 's'), ...ev('del', 's')],
  },
  {
    name: 'SMOVE sends srem on the source, del if it emptied, then sadd on the destination',
    setup: [['SADD', 'src', 'a', 'b', 'c'], ['SADD', 'dst', 'b']],
    run: [
      ['SMOVE', 'src', 'new', 'a'],
      ['SMOVE', 'src', 'dst', 'b'],
      ['SMOVE', 'src', 'dst', 'zz'],
      ['SMOVE', 'src', 'src', 'c'],
      ['SMOVE', 'src', 'dst', 'c'],
    ],
    events: [
      ...ev('srem', 'src'),
      ...ev('sadd', 'new'),
      ...ev('srem', 'src'),
      ...ev('srem', 'src'),
      ...ev('del', 'src'),
      ...ev('sadd', 'dst'),
    ],
  },
  {
    name: 'SPOP sends spop, then del when the set emptied',
    setup: [['SADD', 's', 'a'], ['SADD', 't', 'a', 'b', 'c', 'd'], ['SADD', 'u', 'a', 'b']],
    run: [
      ['SPOP', 's'],
      ['SPOP', 't', '0'],
      ['SPOP', 't', '2'],
      ['SPOP', 't', '5'],
      ['SPOP', 'u'],
      ['SPOP', 'missing'],
    ],
    events: [
      ...ev('spop', 's'),
      ...ev('del', 's'),
      ...ev('spop', 't'),
      ...ev('spop', 't'),
      ...ev('del', 't'),
      ...ev('spop', 'u'),
    ],
  },
  {
    name: 'SINTERSTORE sends sinterstore, or del when the result is empty and the destination existed',
    setup: [['SADD', 'a', '1', '2'], ['SADD', 'b', '2', '3'], ['SADD', 'c', '9']],
    run: [
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['SINTERSTORE', 'd', 'a', 'c'],
      ['SINTERSTORE', 'd', 'a', 'c'],
      ['SINTERSTORE', 'a', 'a', 'missing'],
    ],
    events: [...ev('sinterstore', 'd'), ...ev('del', 'd'), ...ev('del', 'a')],
  },
  {
    name: 'SUNIONSTORE and SDIFFSTORE send their own event, or del for an empty result',
    setup: [['SADD', 'a', '1', '2'], ['SADD', 'b', '1', '2']],
    run: [
      ['SUNIONSTORE', 'd', 'a', 'b'],
      ['SDIFFSTORE', 'e', 'a', 'b'],
      ['SDIFFSTORE', 'd', 'a', 'b'],
      ['SUNIONSTORE', 'd', 'missing'],
    ],
    events: [...ev('sunionstore', 'd'), ...ev('del', 'd')],
  },
];

describe('keyspace notifications with notify-keyspace-events KEA', () => {
  let srv: RunningServer;
  let rec: Recorder;

  beforeAll(async () => {
    srv = await startTestServer({ 'notify-keyspace-events': 'KEA' });
    rec = await Recorder.connect(srv.port);
  });

  afterAll(async () => {
    rec.close();
    await srv.close();
  });

  afterEach(async () => {
    await rec.client.select(0);
    await rec.client.flushall();
  });

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      await rec.capture(scenario.setup);
      expect(await rec.capture(scenario.run)).toEqual(scenario.events);
    });
  }
});

describe('notify-keyspace-events filters by class and channel kind', () => {
  // Observed on redis-server 7.0.15: the same commands under each setting.
  const COMMANDS: readonly (readonly string[])[] = [
    ['SET', 'a', '1', 'EX', '100'], ['LPUSH', 'l', 'x'], ['HSET', 'h', 'f', 'v'], ['SADD', 's', 'x'], ['INCR', 'n'],
    ['DEL', 'a', 'l'],
  ];
  const CASES: readonly (readonly [classes: string, events: readonly Pair[]])[] = [
    ['E$', [['__keyevent@0__:set', 'a'], ['__keyevent@0__:incrby', 'n']]],
    ['Kl', [['__keyspace@0__:l', 'lpush']]],
    ['Eg', [['__keyevent@0__:expire', 'a'], ['__keyevent@0__:del', 'a'], ['__keyevent@0__:del', 'l']]],
  ];

  for (const [classes, events] of CASES) {
    it(`"${classes}" publishes only its classes on its channel kind`, async () => {
      const srv = await startTestServer({ 'notify-keyspace-events': classes });
      const rec = await Recorder.connect(srv.port);
      try {
        expect(await rec.capture(COMMANDS)).toEqual(events);
      } finally {
        rec.close();
        await srv.close();
      }
    });
  }
});
