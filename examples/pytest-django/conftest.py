"""pytest fixtures: one tsredis per test session, with Django's cache pointed at it.

The `tsredis` fixture spawns the tsredis CLI with --port 0 (a free port), reads the port from the
line it prints when ready ("listening on 127.0.0.1:PORT"), and stops it with SIGTERM at the end.
The `django_cache` fixture points CACHES (django-redis) at it for the whole session, and
`redis_clock` moves the server's clock with DEBUG CLOCK so timeouts are tested without sleeping.

In your project, set TSREDIS_CLI to node_modules/tsredis/dist/cli.js (after `npm install tsredis`),
or run `npx tsredis-server` instead of `node CLI`.
"""

import os
import pathlib
import re
import subprocess
import threading

import django
import pytest
from django.conf import settings

CLI = os.environ.get("TSREDIS_CLI", str(pathlib.Path(__file__).resolve().parents[2] / "dist" / "cli.js"))
NODE = os.environ.get("TSREDIS_NODE", "node")
READY = re.compile(r"listening on 127\.0\.0\.1:(\d+)")

# Without pytest-django (or without a DJANGO_SETTINGS_MODULE), configure a minimal Django here;
# the cache is pointed at tsredis by the django_cache fixture below.
if not settings.configured:
    settings.configure(INSTALLED_APPS=[], USE_TZ=True)
    django.setup()


@pytest.fixture(scope="session")
def tsredis():
    """Start tsredis for the session; yields {"host", "port", "url"}."""
    process = subprocess.Popen(
        # --save "": nothing is written to disk (no dump.rdb left behind on SIGTERM)
        [NODE, CLI, "--port", "0", "--save", "", "--enable-debug-command", "yes"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = {}

    def read_output():
        for line in process.stdout:
            match = READY.search(line)
            if match and "port" not in ready:
                ready["port"] = int(match.group(1))
                ready["event"].set()
        ready["event"].set()

    ready["event"] = threading.Event()
    threading.Thread(target=read_output, daemon=True).start()
    if not ready["event"].wait(timeout=10) or "port" not in ready:
        process.kill()
        raise RuntimeError("tsredis did not print its ready line")
    port = ready["port"]
    yield {"host": "127.0.0.1", "port": port, "url": f"redis://127.0.0.1:{port}"}
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        # A client still holding a connection keeps the shutdown waiting: do not wait for it.
        process.kill()


@pytest.fixture(scope="session", autouse=True)
def django_cache(tsredis):
    """Django's default cache on tsredis (database 1), for every test of the session."""
    from django.core.cache import caches
    from django.test.utils import override_settings

    caches_setting = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"{tsredis['url']}/1",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    # override_settings sends setting_changed, on which Django rebuilds its cache handlers.
    with override_settings(CACHES=caches_setting):
        yield caches["default"]
        # Close the pooled connections, so the server's shutdown does not wait for them.
        from django_redis import get_redis_connection

        get_redis_connection("default").connection_pool.disconnect()


@pytest.fixture
def redis_clock(tsredis, django_cache):
    """Freeze the server clock for one test; `redis_clock.advance(ms)` moves it (keys expire at once)."""
    from django_redis import get_redis_connection

    connection = get_redis_connection("default")

    class Clock:
        def advance(self, ms):
            connection.execute_command("DEBUG", "CLOCK", "ADVANCE", ms)

        def now(self):
            return connection.execute_command("DEBUG", "CLOCK", "GET")

    connection.execute_command("DEBUG", "CLOCK", "FREEZE")
    django_cache.clear()
    yield Clock()
    connection.execute_command("DEBUG", "CLOCK", "REAL")
