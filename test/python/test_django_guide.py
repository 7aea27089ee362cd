"""The Django guide's examples, run against tsredis with Debian's Django, django-redis and redis-py.

A Django project configured as the guide configures its cache: django-redis's RedisCache on db 1,
a KEY_PREFIX, a PASSWORD, socket timeouts, the zlib compressor, IGNORE_EXCEPTIONS, pool options, and
cache-backed sessions. Each test runs one example of the guide and asserts what the guide says
happens. The server (started by test/clients/django.test.ts with `requirepass`) arrives as
TSREDIS_PORT and TSREDIS_PASSWORD. Run by /usr/bin/python3.
"""

import os
import subprocess
import threading
import time
import unittest

import django
from django.conf import settings

PORT = int(os.environ.get("TSREDIS_PORT", "6379"))
PASSWORD = os.environ.get("TSREDIS_PASSWORD", "")
REDIS_CLI = os.environ.get("TSREDIS_REDIS_CLI", "redis-cli")


def redis_cache(db, password=PASSWORD, ignore_exceptions=True):
    """The guide's CACHES entry, for database `db`."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{PORT}/{db}",
        "KEY_PREFIX": "guide",
        "TIMEOUT": 300,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "PASSWORD": password,
            "SOCKET_CONNECT_TIMEOUT": 5,
            "SOCKET_TIMEOUT": 5,
            "COMPRESSOR": "django_redis.compressors.zlib.ZlibCompressor",
            "IGNORE_EXCEPTIONS": ignore_exceptions,
            "CONNECTION_POOL_KWARGS": {"max_connections": 50, "retry_on_timeout": True},
        },
    }


settings.configure(
    DEBUG=False,
    SECRET_KEY="guide-tests-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.sessions"],
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware"],
    CACHES={
        "default": redis_cache(1),
        "other": redis_cache(2),
        # db 3: django-redis shares one connection pool per URL, so a wrong password needs its own URL
        "wrong_password": redis_cache(3, password="not-the-password", ignore_exceptions=False),
    },
    SESSION_ENGINE="django.contrib.sessions.backends.cache",
    SESSION_CACHE_ALIAS="default",
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False,
)
django.setup()

from django.core.cache import cache, caches  # noqa: E402  (after settings.configure)
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.cache import cache_page  # noqa: E402
from django_redis import get_redis_connection  # noqa: E402

VIEW_CALLS = {"expensive": 0}


@cache_page(60)
def expensive_view(request):
    VIEW_CALLS["expensive"] += 1
    return HttpResponse(f"computed {VIEW_CALLS['expensive']} time(s)")


def visits_view(request):
    request.session["visits"] = request.session.get("visits", 0) + 1
    return HttpResponse(str(request.session["visits"]))


urlpatterns = [path("expensive/", expensive_view), path("visits/", visits_view)]


def redis_cli(*args):
    """redis-cli as the guide uses it, authenticated; returns stdout."""
    cmd = [REDIS_CLI, "-p", str(PORT), "-a", PASSWORD, "--no-auth-warning", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=10, check=True).stdout


class GuideTestCase(unittest.TestCase):
    def setUp(self):
        cache.clear()
        caches["other"].clear()


class BasicCache(GuideTestCase):
    def test_set_with_timeout_and_ttl(self):
        cache.set("greeting", "hello", timeout=30)
        self.assertEqual(cache.get("greeting"), "hello")
        ttl = cache.ttl("greeting")
        self.assertTrue(28 <= ttl <= 30, ttl)
        cache.set("forever", "x", timeout=None)
        self.assertIsNone(cache.ttl("forever"))
        self.assertEqual(cache.ttl("missing"), 0)

    def test_get_default_get_or_set_delete(self):
        self.assertEqual(cache.get("nope", "fallback"), "fallback")
        self.assertEqual(cache.get_or_set("computed", lambda: {"n": 42}, timeout=60), {"n": 42})
        self.assertEqual(cache.get_or_set("computed", lambda: {"n": 0}, timeout=60), {"n": 42})
        self.assertTrue(cache.delete("computed"))
        self.assertFalse(cache.delete("computed"))
        self.assertIsNone(cache.get("computed"))

    def test_values_are_compressed_and_prefixed_on_the_server(self):
        big = "abc" * 1000
        cache.set("big", big)
        self.assertEqual(cache.get("big"), big)
        raw = get_redis_connection("default")
        stored = raw.get("guide:1:big")
        self.assertIsNotNone(stored)
        self.assertLess(len(stored), len(big) // 10)  # zlib shrank the pickled value

    def test_incr_add_touch(self):
        cache.set("counter", 10)
        self.assertEqual(cache.incr("counter"), 11)
        self.assertEqual(cache.incr("counter", 5), 16)
        self.assertEqual(cache.decr("counter"), 15)
        with self.assertRaises(ValueError):
            cache.incr("no-such-counter")
        self.assertTrue(cache.add("once", 1))
        self.assertFalse(cache.add("once", 2))
        self.assertEqual(cache.get("once"), 1)
        cache.set("short", "v", timeout=5)
        self.assertTrue(cache.touch("short", 100))
        self.assertTrue(95 <= cache.ttl("short") <= 100)
        self.assertFalse(cache.touch("missing", 10))

    def test_set_many_get_many_keys_delete_pattern_clear(self):
        cache.set_many({"user:1": "ann", "user:2": "bob", "item:1": "pen"}, timeout=60)
        self.assertEqual(cache.get_many(["user:1", "user:2", "nope"]), {"user:1": "ann", "user:2": "bob"})
        self.assertEqual(sorted(cache.keys("user:*")), ["user:1", "user:2"])
        self.assertEqual(sorted(cache.iter_keys("*")), ["item:1", "user:1", "user:2"])
        self.assertEqual(cache.delete_pattern("user:*"), 2)
        self.assertEqual(cache.keys("*"), ["item:1"])
        cache.clear()
        self.assertEqual(cache.keys("*"), [])

    def test_versioned_keys(self):
        cache.set("config", "v1", version=1)
        cache.set("config", "v2", version=2)
        self.assertEqual(cache.get("config", version=1), "v1")
        self.assertEqual(cache.get("config", version=2), "v2")
        self.assertEqual(cache.incr_version("config", version=2), 3)
        self.assertIsNone(cache.get("config", version=2))
        self.assertEqual(cache.get("config", version=3), "v2")

    def test_database_isolation(self):
        cache.set("shared-name", "db1")
        caches["other"].set("shared-name", "db2")
        self.assertEqual(cache.get("shared-name"), "db1")
        self.assertEqual(caches["other"].get("shared-name"), "db2")
        self.assertEqual(get_redis_connection("default").connection_pool.connection_kwargs["db"], 1)
        self.assertEqual(redis_cli("-n", "2", "DBSIZE").strip(), "1")

    def test_wrong_password_fails(self):
        import redis

        # redis-py 4.3 raises ResponseError for WRONGPASS (as against real Redis 7.0); django-redis re-raises it
        with self.assertRaisesRegex(redis.exceptions.ResponseError, "WRONGPASS invalid username-password pair or user is disabled."):
            caches["wrong_password"].get("anything")


class Views(GuideTestCase):
    def test_cache_page_serves_the_second_request_from_the_cache(self):
        client = Client()
        before = VIEW_CALLS["expensive"]
        first = client.get("/expensive/")
        second = client.get("/expensive/")
        self.assertEqual(first.status_code, 200)
        self.assertEqual(second.content, first.content)
        self.assertEqual(VIEW_CALLS["expensive"], before + 1)
        self.assertTrue(any(k.startswith("views.decorators.cache.cache_page") for k in cache.keys("*")))

    def test_sessions_saved_and_loaded_through_the_cache(self):
        client = Client()
        self.assertEqual(client.get("/visits/").content, b"1")
        self.assertEqual(client.get("/visits/").content, b"2")
        session_key = client.cookies["sessionid"].value
        stored = cache.get(f"django.contrib.sessions.cache{session_key}")
        self.assertEqual(stored, {"visits": 2})
        other = Client()
        self.assertEqual(other.get("/visits/").content, b"1")


class NativeClient(GuideTestCase):
    def test_pipeline_keeps_the_last_ten(self):
        r = get_redis_connection("default")
        r.delete("recent")
        for i in range(25):
            pipe = r.pipeline()
            pipe.lpush("recent", f"event-{i}")
            pipe.ltrim("recent", 0, 9)
            pipe.execute()
        self.assertEqual(r.lrange("recent", 0, -1), [f"event-{i}".encode() for i in range(24, 14, -1)])

    def test_lock_excludes_a_second_holder(self):
        with cache.lock("report-job", timeout=5):
            second = cache.lock("report-job", timeout=5)
            self.assertFalse(second.acquire(blocking=False))
        third = cache.lock("report-job", timeout=5)
        self.assertTrue(third.acquire(blocking=False))
        third.release()

    def test_watch_multi_counter_under_ten_threads(self):
        import redis

        r = get_redis_connection("default")
        r.set("page-views", 0)
        threads, per_thread = 10, 50
        errors = []

        def worker():
            try:
                conn = get_redis_connection("default")
                for _ in range(per_thread):
                    with conn.pipeline() as pipe:
                        while True:
                            try:
                                pipe.watch("page-views")
                                value = int(pipe.get("page-views"))
                                pipe.multi()
                                pipe.set("page-views", value + 1)
                                pipe.execute()
                                break
                            except redis.WatchError:
                                continue
            except Exception as err:  # reported below: a thread's exception would be lost
                errors.append(err)

        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(int(r.get("page-views")), threads * per_thread)


class RedisCli(GuideTestCase):
    def test_the_guides_redis_cli_commands(self):
        cache.set_many({"a": 1, "b": 2})
        get_redis_connection("default").rpush("guide:1:list", "x")
        self.assertEqual(redis_cli("-n", "1", "DBSIZE").strip(), "3")
        self.assertEqual(redis_cli("-n", "1", "TYPE", "guide:1:list").strip(), "list")
        self.assertEqual(redis_cli("-n", "1", "TYPE", "guide:1:a").strip(), "string")
        self.assertEqual(sorted(redis_cli("-n", "1", "KEYS", "*").split()), ["guide:1:a", "guide:1:b", "guide:1:list"])
        cursor, *keys = redis_cli("-n", "1", "SCAN", "0").split()
        self.assertEqual(cursor, "0")
        self.assertEqual(sorted(keys), ["guide:1:a", "guide:1:b", "guide:1:list"])
        self.assertIn("db1:keys=3,expires=2,avg_ttl=", redis_cli("INFO", "keyspace"))  # the list has no TTL
        # SELECT in an interactive-style session: commands piped through one connection
        piped = subprocess.run(
            [REDIS_CLI, "-p", str(PORT), "-a", PASSWORD, "--no-auth-warning"],
            input="SELECT 1\nDBSIZE\nSELECT 2\nDBSIZE\n",
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.split()
        self.assertEqual(piped, ["OK", "3", "OK", "0"])
        self.assertEqual(redis_cli("-n", "1", "FLUSHDB").strip(), "OK")
        self.assertEqual(redis_cli("-n", "1", "DBSIZE").strip(), "0")
        caches["other"].set("k", "v")
        self.assertEqual(redis_cli("FLUSHALL").strip(), "OK")
        self.assertEqual(redis_cli("-n", "2", "DBSIZE").strip(), "0")

    def test_monitor_shows_what_django_sends(self):
        monitor = subprocess.Popen(
            [REDIS_CLI, "-p", str(PORT), "-a", PASSWORD, "--no-auth-warning", "MONITOR"],
            stdout=subprocess.PIPE, text=True,
        )
        try:
            self.assertEqual(monitor.stdout.readline().strip(), "OK")
            cache.set("watched-key", "v", timeout=60)
            deadline = time.time() + 5
            seen = ""
            while time.time() < deadline and "guide:1:watched-key" not in seen:
                seen += monitor.stdout.readline()
            self.assertIn('"SET" "guide:1:watched-key"', seen)
            self.assertIn('"PX" "60000"', seen)  # django-redis sends its timeouts in ms
        finally:
            monitor.kill()
            monitor.wait()


if __name__ == "__main__":
    unittest.main(verbosity=2)
