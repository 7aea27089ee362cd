"""redis-py's Lock (Lua scripts: acquire via SET NX PX, extend, reacquire, release) against tsredis.

The server is started by test/clients/redis-py.test.ts inside the vitest process; its port
arrives in TSREDIS_PORT. Run by /usr/bin/python3 (python3-redis). Also runs django-redis's
incr script when django-redis is installed (it is optional here).
"""

import os
import sys
import time
import unittest

import redis

PORT = int(os.environ.get("TSREDIS_PORT", "6379"))


class LockFlow(unittest.TestCase):
    def setUp(self):
        self.r = redis.Redis(host="127.0.0.1", port=PORT)
        self.r.delete("resource-lock")

    def tearDown(self):
        self.r.close()

    def test_acquire_extend_release_and_exclusion(self):
        first = self.r.lock("resource-lock", timeout=5, blocking=False)
        second = self.r.lock("resource-lock", timeout=5, blocking=False)
        self.assertTrue(first.acquire())
        self.assertTrue(first.owned())
        # A second holder is excluded while the first holds the lock.
        self.assertFalse(second.acquire())
        self.assertFalse(second.owned())
        # extend adds to the TTL (the LUA_EXTEND_SCRIPT), replace_ttl sets it.
        self.assertTrue(first.extend(10))
        self.assertGreater(self.r.pttl("resource-lock"), 10000)
        self.assertTrue(first.extend(2, replace_ttl=True))
        self.assertLessEqual(self.r.pttl("resource-lock"), 2000)
        self.assertTrue(first.reacquire())
        self.assertGreater(self.r.pttl("resource-lock"), 4000)
        # Releasing with the wrong token fails (LUA_RELEASE_SCRIPT returns 0).
        with self.assertRaises(redis.exceptions.LockNotOwnedError):
            second.do_release(b"not-the-token")
        first.release()
        self.assertIsNone(self.r.get("resource-lock"))
        # Now the second can take it.
        self.assertTrue(second.acquire())
        # The first holder's token was cleared by release: extending is refused client-side.
        with self.assertRaises(redis.exceptions.LockError):
            first.extend(1)
        # A stale holder whose token no longer matches is refused by the script.
        first.local.token = b"stale-token"
        with self.assertRaises(redis.exceptions.LockNotOwnedError):
            first.extend(1)
        second.release()

    def test_blocking_acquire_times_out_then_succeeds(self):
        holder = self.r.lock("resource-lock", timeout=0.3)
        self.assertTrue(holder.acquire())
        waiter = self.r.lock("resource-lock", timeout=5, blocking_timeout=0.05)
        self.assertFalse(waiter.acquire())
        time.sleep(0.35)
        self.assertTrue(waiter.acquire(blocking_timeout=1))
        waiter.release()

    def test_django_redis_style_incr_script(self):
        # django-redis's DefaultClient._incr uses this script when the key may have a TTL.
        script = """
local exists = redis.call('EXISTS', KEYS[1])
if (exists == 1) then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
else return false end
"""
        self.r.delete("dj-counter")
        self.assertIsNone(self.r.eval(script, 1, "dj-counter", 1))
        self.r.set("dj-counter", 10)
        self.assertEqual(self.r.eval(script, 1, "dj-counter", 5), 15)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)
