"""Rate limits and the sign-in lockout, alone and shared between app servers through Redis.

Two app servers behind a load balancer must count against one limit, or an attacker gets
one allowance per server. The shared test needs Redis on 127.0.0.1:6379: it skips when
Redis cannot be reached, unless REQUIRE_REDIS=1 (set by .ci/run), when it fails instead.
"""

import os
import uuid
from functools import partial

import pytest
import redis

from tests.conftest import TEST_PASSWORD, Page
from tests.journey_helpers import complete_survey

REDIS_URL = "redis://127.0.0.1:6379"


@pytest.fixture
def make_app(make_app):
    """Extra app instances on the test database, with rate limits on; each is like one app
    server."""
    return partial(make_app, RATELIMIT_ENABLED=True)


WRONG_PASSWORD = "wrong password, wrong password"


def sign_in(client, email, password=WRONG_PASSWORD):
    return client.post("/auth/login", data={"email": email, "password": password})


def test_sign_in_is_rate_limited_with_the_styled_page(make_app, make_user):
    user = make_user("reviewer")
    client = make_app(LOGIN_RATE_LIMIT="3 per minute").test_client()
    statuses = [sign_in(client, user.email).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = sign_in(client, user.email, TEST_PASSWORD)
    assert refused.status_code == 429
    assert Page(refused).check_structure().heading == "Sorry, there have been too many attempts"
    # Looking at the sign-in page is not limited.
    assert client.get("/auth/login").status_code == 200


def test_survey_submission_is_rate_limited(make_app):
    client = make_app(SURVEY_SUBMIT_RATE_LIMIT="1 per minute").test_client()
    complete_survey(client, "phone")
    client.post("/survey/phone")
    response = client.post("/survey/phone/check-your-answers")
    assert response.status_code == 429
    assert Page(response).check_structure().heading == "Sorry, there have been too many attempts"


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own, removed afterwards (the Redis server is shared)."""
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("REQUIRE_REDIS") == "1":
            raise
        pytest.skip(f"Redis is not reachable on {REDIS_URL} ({error}); REQUIRE_REDIS=1 fails")
    prefix = f"survey-app-test-{uuid.uuid4().hex}"
    yield prefix
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)
    connection.close()


def test_two_app_servers_sharing_redis_share_one_sign_in_limit(make_app, make_user, redis_prefix):
    user = make_user("reviewer")
    shared = {
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": redis_prefix,
        "LOGIN_RATE_LIMIT": "3 per minute",
    }
    first = make_app(**shared).test_client()
    assert [sign_in(first, user.email).status_code for _ in range(3)] == [200, 200, 200]
    # The load balancer sends the next attempt from the same address to the other server.
    second = make_app(**shared).test_client()
    assert sign_in(second, user.email, TEST_PASSWORD).status_code == 429
    assert sign_in(first, user.email, TEST_PASSWORD).status_code == 429


def test_without_shared_storage_each_server_counts_alone(make_app, make_user):
    """The control for the test above: in-memory counts are per server."""
    user = make_user("reviewer")
    alone = {"RATELIMIT_STORAGE_URI": "memory://", "LOGIN_RATE_LIMIT": "3 per minute"}
    first = make_app(**alone).test_client()
    assert [sign_in(first, user.email).status_code for _ in range(3)] == [200, 200, 200]
    second = make_app(**alone).test_client()
    assert sign_in(second, user.email, TEST_PASSWORD).status_code == 302


def test_sign_in_still_works_when_the_rate_limit_store_is_down(make_app, make_user):
    """Redis going away must not lock every councillor out: limits fall back to memory."""
    user = make_user("reviewer")
    client = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:9").test_client()
    assert sign_in(client, user.email, TEST_PASSWORD).status_code == 302


def test_pages_are_never_counted_only_what_is_sent(make_app, make_user):
    """GET requests skip the limiter: fetching the sign-in page does not use up attempts."""
    user = make_user("reviewer")
    client = make_app(LOGIN_RATE_LIMIT="2 per minute").test_client()
    for _ in range(5):
        assert client.get("/auth/login").status_code == 200
    assert [sign_in(client, user.email).status_code for _ in range(2)] == [200, 200]
    assert sign_in(client, user.email).status_code == 429
    assert client.get("/auth/login").status_code == 200
