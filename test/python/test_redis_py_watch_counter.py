"""Optimistic locking with redis-py: N threads each add 1 to one counter M times with a
WATCH / GET / MULTI / SET / EXEC retry loop (redis-py's pipeline + WatchError). Every lost update
would show up as a final value below N*M; every EXEC that ran despite a concurrent write, above.

The server is started by test/clients/redis-py-concurrency.test.ts inside the vitest process;
its port arrives in TSREDIS_PORT. Run by /usr/bin/python3 (python3-redis).
"""

import os
import threading
import unittest

import redis

PORT = int(os.environ.get("TSREDIS_PORT", "6379"))
THREADS = int(os.environ.get("WATCH_THREADS", "20"))
INCREMENTS = int(os.environ.get("WATCH_INCREMENTS", "200"))


class WatchCounter(unittest.TestCase):
    def test_n_threads_times_m_increments(self):
        setup = redis.Redis(host="127.0.0.1", port=PORT)
        setup.delete("counter")
        retries = [0] * THREADS
        errors = []

        def worker(index):
            r = redis.Redis(host="127.0.0.1", port=PORT)
            try:
                with r.pipeline() as pipe:
                    for _ in range(INCREMENTS):
                        while True:
                            try:
                                pipe.watch("counter")
                                value = int(pipe.get("counter") or 0)
                                pipe.multi()
                                pipe.set("counter", value + 1)
                                pipe.execute()
                                break
                            except redis.WatchError:
                                retries[index] += 1
            except Exception as err:  # reported below: a thread must not die silently
                errors.append(repr(err))
            finally:
                r.close()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(int(setup.get("counter")), THREADS * INCREMENTS)
        print("retries: %d" % sum(retries))
        setup.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
