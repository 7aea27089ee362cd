"""ACL users through redis-py 4.x: its acl_* helpers (which build ACL SETUSER rules and parse the
ACL GETUSER / ACL LOG replies), connections with a username (Redis(username=...), a
redis://user:pass@host URL as django-redis writes it), NOPERM and WRONGPASS as redis-py's
exceptions, and a deleted user's connection being dropped.

The server is started by test/integration/acl-python.test.ts inside the vitest process; its port
arrives in TSREDIS_PORT. The same file passes against redis-server 7.0.15 (run it by hand with
TSREDIS_PORT pointing at one). Run by /usr/bin/python3 (python3-redis).
"""

import os
import unittest

import redis

PORT = int(os.environ.get("TSREDIS_PORT", "6379"))


class AclUsers(unittest.TestCase):
    def setUp(self):
        self.admin = redis.Redis(host="127.0.0.1", port=PORT, decode_responses=True)
        for name in self.admin.acl_users():
            if name != "default":
                self.admin.acl_deluser(name)
        self.admin.acl_log_reset()

    def test_setuser_getuser_roundtrip(self):
        self.assertTrue(self.admin.acl_setuser(
            "app", enabled=True, passwords=["+s3cret"], keys=["app:*"], channels=["events"],
            categories=["+@read", "+@string"], commands=["-debug", "+client|list"],
        ))
        user = self.admin.acl_getuser("app")
        self.assertEqual(user["flags"], ["on"])
        self.assertEqual(len(user["passwords"]), 1)
        self.assertEqual(user["keys"], ["~app:*"])
        self.assertEqual(user["channels"], ["&events"])
        # redis-py splits the rule string into its categories and its single commands.
        self.assertEqual(user["categories"], ["-@all", "+@read", "+@string"])
        self.assertEqual(user["commands"], ["+client|list"])
        self.assertIsNone(self.admin.acl_getuser("missing"))
        self.assertEqual(sorted(self.admin.acl_users()), ["app", "default"])
        self.assertEqual(self.admin.acl_whoami(), "default")
        self.assertIn("string", self.admin.acl_cat())
        self.assertIn("get", self.admin.acl_cat("string"))
        self.assertEqual(len(self.admin.acl_genpass()), 64)

    def test_connect_with_username_and_permissions(self):
        self.admin.acl_setuser("app", enabled=True, passwords=["+s3cret"], keys=["app:*"],
                               categories=["+@all"], commands=["-flushall"])
        app = redis.Redis(host="127.0.0.1", port=PORT, username="app", password="s3cret", decode_responses=True)
        self.assertEqual(app.acl_whoami(), "app")
        self.assertTrue(app.set("app:1", "x"))
        self.assertEqual(app.get("app:1"), "x")
        with self.assertRaises(redis.exceptions.NoPermissionError) as denied:
            app.get("other")
        self.assertIn("no permissions to access one of the keys", str(denied.exception))
        with self.assertRaises(redis.exceptions.NoPermissionError):
            app.flushall()
        pipe = app.pipeline()
        pipe.set("app:2", "y").get("app:2")
        self.assertEqual(pipe.execute(), [True, "y"])
        url = redis.Redis.from_url(f"redis://app:s3cret@127.0.0.1:{PORT}/0", decode_responses=True)
        self.assertEqual(url.get("app:1"), "x")
        self.assertEqual(self.admin.acl_dryrun("app", "get", "other"),
                         "This user has no permissions to access the 'other' key")
        log = self.admin.acl_log()
        self.assertEqual(log[0]["reason"], "command")
        self.assertEqual(log[0]["object"], "flushall")
        self.assertEqual(log[0]["username"], "app")
        self.assertEqual(log[0]["client-info"]["user"], "app")

    def test_wrong_password_and_deleted_user(self):
        self.admin.acl_setuser("temp", enabled=True, passwords=["+pw"], keys=["*"], categories=["+@all"])
        with self.assertRaisesRegex(redis.exceptions.ResponseError, "WRONGPASS invalid username-password pair"):
            redis.Redis(host="127.0.0.1", port=PORT, username="temp", password="bad").ping()
        self.assertEqual(self.admin.acl_log()[0]["reason"], "auth")
        temp = redis.Redis(host="127.0.0.1", port=PORT, username="temp", password="pw",
                           single_connection_client=True, retry_on_timeout=False)
        self.assertTrue(temp.ping())
        self.assertEqual(self.admin.acl_deluser("temp"), 1)
        with self.assertRaises((redis.exceptions.ConnectionError, redis.exceptions.AuthenticationError)):
            temp.ping()


if __name__ == "__main__":
    unittest.main()
