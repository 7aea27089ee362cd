"""A Django view-level cache helper and its test: a one-minute cache, tested in milliseconds."""

from django.core.cache import cache


def cached_profile(user_id, load):
    """The code under test: cache a user's profile for 60 seconds."""
    key = f"profile:{user_id}"
    profile = cache.get(key)
    if profile is None:
        profile = load(user_id)
        cache.set(key, profile, timeout=60)
    return profile


def test_profile_is_cached_for_one_minute(redis_clock):
    loads = []

    def load(user_id):
        loads.append(user_id)
        return {"id": user_id, "name": "ann"}

    assert cached_profile(1, load) == {"id": 1, "name": "ann"}
    assert cached_profile(1, load) == {"id": 1, "name": "ann"}
    assert loads == [1]
    assert cache.ttl("profile:1") == 60

    redis_clock.advance(60_001)
    cached_profile(1, load)
    assert loads == [1, 1]
