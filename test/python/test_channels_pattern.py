"""Django Channels' Redis channel layer pattern (channels_redis), reproduced with redis-py.

channels_redis keeps each group as a sorted set of channel names scored by the time they joined
(ZADD + EXPIRE, stale members trimmed with ZREMRANGEBYSCORE), and each channel's pending messages
in a sorted set scored by send time, written by a Lua script that checks the channel's capacity
(ZCOUNT) before ZADD + EXPIRE, and read with BZPOPMIN after a cleanup script that restores a
backup set (channels_redis 4). Its 2.x releases used lists (RPUSH + EXPIRE in the Lua script, BLPOP
to receive). Several consumer threads receive at once; every message must reach every member of
the group exactly once, a discarded member must get nothing more, a full channel must be refused.

Started by test/clients/redis-py-concurrency.test.ts (TSREDIS_PORT); /usr/bin/python3, python3-redis.
"""

import json
import os
import random
import string
import threading
import time
import unittest

import redis

PORT = int(os.environ.get("TSREDIS_PORT", "6379"))
PREFIX = "asgi:"
GROUP_EXPIRY = 86400
EXPIRY = 60
CAPACITY = 100

GROUP_SEND_ZSET = """
local over_capacity = 0
local now = ARGV[#ARGV - 1]
local expiry = ARGV[#ARGV]
for i = 1, #KEYS do
    if redis.call('ZCOUNT', KEYS[i], '-inf', '+inf') < tonumber(ARGV[i + #KEYS]) then
        redis.call('ZADD', KEYS[i], now, ARGV[i])
        redis.call('EXPIRE', KEYS[i], expiry)
    else
        over_capacity = over_capacity + 1
    end
end
return over_capacity
"""

RESTORE_BACKUP = """
local backed_up = redis.call('ZRANGE', ARGV[2], 0, -1, 'WITHSCORES')
for i = #backed_up, 1, -2 do
    redis.call('ZADD', ARGV[1], backed_up[i], backed_up[i - 1])
end
redis.call('DEL', ARGV[2])
"""

GROUP_SEND_LIST = """
for i, channel in ipairs(KEYS) do
    redis.call('RPUSH', channel, ARGV[1])
    redis.call('EXPIRE', channel, ARGV[2])
end
"""


def serialize(message):
    # channels_redis prefixes a random string so equal messages stay distinct set members.
    salt = "".join(random.choice(string.ascii_letters) for _ in range(12)).encode()
    return salt + json.dumps(message).encode()


def deserialize(raw):
    return json.loads(raw[12:].decode())


class Layer:
    """The channels_redis 4 command pattern on one connection pool."""

    def __init__(self):
        self.r = redis.Redis(host="127.0.0.1", port=PORT)
        self.group_send_script = self.r.register_script(GROUP_SEND_ZSET)
        self.restore_script = self.r.register_script(RESTORE_BACKUP)

    def new_channel(self):
        return "specific.client!" + "".join(random.choice(string.ascii_letters) for _ in range(12))

    def group_add(self, group, channel):
        key = PREFIX + "group:" + group
        self.r.zadd(key, {channel: time.time()})
        self.r.expire(key, GROUP_EXPIRY)

    def group_discard(self, group, channel):
        self.r.zrem(PREFIX + "group:" + group, channel)

    def send(self, channel, message, capacity=CAPACITY):
        key = PREFIX + channel
        self.r.zremrangebyscore(key, min=0, max=int(time.time()) - EXPIRY)
        if self.r.zcount(key, "-inf", "+inf") >= capacity:
            raise OverflowError("ChannelFull")
        self.r.zadd(key, {serialize(message): time.time()})
        self.r.expire(key, EXPIRY)

    def group_send(self, group, message, capacity=CAPACITY):
        key = PREFIX + "group:" + group
        self.r.zremrangebyscore(key, min=0, max=int(time.time()) - GROUP_EXPIRY)
        channels = [c.decode() for c in self.r.zrange(key, 0, -1)]
        if not channels:
            return 0
        keys = [PREFIX + c for c in channels]
        args = [serialize(message) for _ in keys] + [capacity for _ in keys] + [time.time(), EXPIRY]
        return self.group_send_script(keys=keys, args=args)

    def receive(self, channel, timeout=1):
        key = PREFIX + channel
        backup = key + "$inflight"
        self.restore_script(keys=[], args=[key, backup])
        result = self.r.bzpopmin(key, timeout=timeout)
        if result is None:
            return None
        _, member, score = result
        self.r.zadd(backup, {member: float(score)})
        message = deserialize(member)
        self.r.zrem(backup, member)
        return message

    def close(self):
        self.r.close()


class ChannelsPattern(unittest.TestCase):
    def setUp(self):
        redis.Redis(host="127.0.0.1", port=PORT).flushall()

    def test_group_send_reaches_every_consumer_once(self):
        consumers, messages = 4, 60
        producer = Layer()
        layers = [Layer() for _ in range(consumers)]
        channels = [layer.new_channel() for layer in layers]
        for channel in channels:
            producer.group_add("chat", channel)
        self.assertGreater(producer.r.ttl(PREFIX + "group:chat"), GROUP_EXPIRY - 5)
        received = [[] for _ in range(consumers)]

        def consume(i):
            deadline = time.time() + 20
            while len(received[i]) < messages and time.time() < deadline:
                message = layers[i].receive(channels[i])
                if message is not None:
                    received[i].append(message["n"])

        threads = [threading.Thread(target=consume, args=(i,)) for i in range(consumers)]
        for t in threads:
            t.start()
        for n in range(messages):
            self.assertEqual(producer.group_send("chat", {"type": "chat.message", "n": n}), 0)
        for t in threads:
            t.join()
        for got in received:
            self.assertEqual(sorted(got), list(range(messages)))
        # Nothing left behind: channels drained, in-flight backups removed.
        for channel in channels:
            self.assertEqual(producer.r.exists(PREFIX + channel, PREFIX + channel + "$inflight"), 0)
        for layer in layers + [producer]:
            layer.close()

    def test_discarded_member_gets_nothing_and_full_channels_are_refused(self):
        layer = Layer()
        a, b = layer.new_channel(), layer.new_channel()
        layer.group_add("room", a)
        layer.group_add("room", b)
        layer.group_send("room", {"n": 1})
        layer.group_discard("room", b)
        layer.group_send("room", {"n": 2})
        self.assertEqual(layer.receive(a)["n"], 1)
        self.assertEqual(layer.receive(a)["n"], 2)
        self.assertEqual(layer.receive(b)["n"], 1)
        self.assertIsNone(layer.receive(b, timeout=0.2))
        # Capacity: the Lua script counts full channels instead of adding to them.
        for n in range(3):
            layer.send(a, {"n": n}, capacity=3)
        with self.assertRaises(OverflowError):
            layer.send(a, {"n": 3}, capacity=3)
        self.assertEqual(layer.group_send("room", {"n": 4}, capacity=3), 1)
        self.assertGreater(layer.r.ttl(PREFIX + a), 0)
        layer.close()

    def test_list_based_layer_with_blpop(self):
        # channels_redis 2.x: RPUSH + EXPIRE from a Lua script, BLPOP to receive.
        r = redis.Redis(host="127.0.0.1", port=PORT)
        script = r.register_script(GROUP_SEND_LIST)
        keys = [PREFIX + "specific.list!%d" % i for i in range(3)]
        got = {key: [] for key in keys}

        def consume(key):
            c = redis.Redis(host="127.0.0.1", port=PORT)
            while len(got[key]) < 20:
                item = c.blpop(key, timeout=5)
                if item is None:
                    break
                got[key].append(json.loads(item[1]))
            c.close()

        threads = [threading.Thread(target=consume, args=(key,)) for key in keys]
        for t in threads:
            t.start()
        for n in range(20):
            script(keys=keys, args=[json.dumps(n), EXPIRY])
        for t in threads:
            t.join()
        for key in keys:
            self.assertEqual(got[key], list(range(20)))
        r.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
