"""tsredis as a Redis stand-in for a Python test suite, without pytest.

Spawns the tsredis CLI on a free port (--port 0), reads the port from its ready line
("listening on 127.0.0.1:PORT"), then uses redis-py and django-redis against it, moving the
server's clock with DEBUG CLOCK so TTL tests take milliseconds.

Run: /usr/bin/python3 test/python/test_standin.py   (after `npm run build`)
Environment: TSREDIS_NODE (node binary, default "node"), TSREDIS_CLI (default dist/cli.js of this
repository). Under CI=true a missing redis-py or django-redis is a failure, not a skip.
test/integration/testing/python.test.ts runs this file as part of `npm test`.
"""

import os
import re
import subprocess
import sys
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = os.environ.get("TSREDIS_CLI", os.path.join(HERE, "..", "..", "dist", "cli.js"))
NODE = os.environ.get("TSREDIS_NODE", "node")
IN_CI = os.environ.get("CI") == "true"
READY = re.compile(r"listening on 127\.0\.0\.1:(\d+)")


def require(module_name, apt_package):
    """Import a module, or skip loudly (fail under CI=true, where .ci/run installs it)."""
    try:
        return __import__(module_name)
    except ImportError:
        message = f"*** {module_name} is not installed for {sys.executable}: apt-get install {apt_package} ***"
        if IN_CI:
            raise
        sys.stderr.write(f"\n{message}\n")
        raise unittest.SkipTest(message)


class TsredisServer:
    """The CLI as a child process: started with --port 0, stopped with SIGTERM."""

    def __init__(self, *args):
        self.process = subprocess.Popen(
            # --save "": a stand-in for tests keeps nothing on disk (Redis's default save points would
            # leave a dump.rdb in the working directory on SIGTERM, and the next server would load it)
            [NODE, CLI, "--port", "0", "--save", "", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.port = self._wait_ready(timeout=10)

    def _wait_ready(self, timeout):
        found = {}
        lines = []

        def read():
            for line in self.process.stdout:
                lines.append(line)
                match = READY.search(line)
                if match:
                    found["port"] = int(match.group(1))
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        if "port" not in found:
            self.process.kill()
            raise RuntimeError("tsredis printed no ready line:\n" + "".join(lines))
        # Keep draining its output so the child never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()
        return found["port"]

    def stop(self):
        self.process.terminate()
        return self.process.wait(timeout=10)


class StandinTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.redis_module = require("redis", "python3-redis")
        cls.server = TsredisServer("--enable-debug-command", "yes")

    @classmethod
    def tearDownClass(cls):
        # Close every connection first: tsredis's shutdown half-closes client sockets and waits
        # for each peer to close its side, which an idle pooled redis-py connection never does.
        if "django_redis" in sys.modules:
            from django_redis import get_redis_connection

            get_redis_connection("default").connection_pool.disconnect()
        # SIGTERM is a clean shutdown: exit status 0.
        assert cls.server.stop() == 0

    def setUp(self):
        self.r = self.redis_module.Redis(host="127.0.0.1", port=self.server.port, decode_responses=True)
        self.r.flushall()
        self.r.execute_command("DEBUG", "CLOCK", "REAL")

    def tearDown(self):
        self.r.close()

    def test_set_get(self):
        self.assertTrue(self.r.set("greeting", "hello"))
        self.assertEqual(self.r.get("greeting"), "hello")
        self.assertEqual(self.r.incr("visits"), 1)

    def test_expire_by_advancing_the_clock(self):
        self.assertEqual(self.r.execute_command("DEBUG", "CLOCK", "FREEZE"), "OK")
        self.r.set("session", "abc")
        self.assertTrue(self.r.expire("session", 3600))
        self.assertEqual(self.r.pttl("session"), 3_600_000)
        self.r.execute_command("DEBUG", "CLOCK", "ADVANCE", 1000)
        self.assertEqual(self.r.pttl("session"), 3_599_000)
        self.assertEqual(self.r.ttl("session"), 3599)
        self.r.execute_command("DEBUG", "CLOCK", "ADVANCE", 3_599_000)
        self.assertEqual(self.r.pttl("session"), 0)
        self.r.execute_command("DEBUG", "CLOCK", "ADVANCE", 1)
        self.assertIsNone(self.r.get("session"))
        self.assertEqual(self.r.exists("session"), 0)

    def test_clock_get_and_set(self):
        self.r.execute_command("DEBUG", "CLOCK", "FREEZE")
        self.r.execute_command("DEBUG", "CLOCK", "SET", 1_900_000_000_000)
        self.assertEqual(self.r.execute_command("DEBUG", "CLOCK", "GET"), 1_900_000_000_000)
        self.assertEqual(self.r.time(), (1_900_000_000, 0))

    def test_django_cache_timeout(self):
        require("django_redis", "python3-django-redis")
        import django
        from django.conf import settings

        if not settings.configured:
            settings.configure(
                CACHES={
                    "default": {
                        "BACKEND": "django_redis.cache.RedisCache",
                        "LOCATION": f"redis://127.0.0.1:{self.server.port}/1",
                        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
                    }
                }
            )
            django.setup()
        from django.core.cache import cache

        self.r.execute_command("DEBUG", "CLOCK", "FREEZE")
        cache.set("user:1", {"name": "ann"}, timeout=60)
        self.assertEqual(cache.get("user:1"), {"name": "ann"})
        self.assertEqual(cache.ttl("user:1"), 60)
        self.r.execute_command("DEBUG", "CLOCK", "ADVANCE", 60_001)
        self.assertIsNone(cache.get("user:1"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
