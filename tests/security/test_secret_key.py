"""No session cookie can be forged with a key written in the repository.

The attacker read ``survey_app/config.py`` (it once held ``dev-only-not-secret``, which
``make run`` signed every cookie with), signed a cookie naming an admin's account and opened
``/admin/users``. Now ``make run`` without ``SECRET_KEY`` signs with a random key it keeps in
``instance/secret_key`` (mode 0600, outside git), and no configuration but the tests' starts
with a key from the repository.
"""

import stat

import pytest
from flask import Flask

from survey_app.config import PUBLIC_SECRET_KEYS
from survey_app.secret_key import instance_secret_key
from tests.conftest import TEST_PASSWORD

OLD_PUBLIC_KEY = "dev-only-not-secret"


def _signer(key: str):
    holder = Flask(__name__)
    holder.secret_key = key
    return holder.session_interface.get_signing_serializer(holder)


def test_without_secret_key_a_random_key_is_made_once_and_kept_private(tmp_path):
    path = tmp_path / "instance" / "secret_key"
    first = instance_secret_key(path)
    assert len(first) >= 32
    assert first not in PUBLIC_SECRET_KEYS
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Every worker and every later start signs with the same key.
    assert instance_secret_key(path) == first
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]
    # Another installation gets another key.
    assert instance_secret_key(tmp_path / "other" / "secret_key") != first


def test_a_cookie_forged_with_the_old_public_key_opens_nothing(make_app, make_user, tmp_path):
    app = make_app(
        "development",
        SECRET_KEY="",
        SECRET_KEY_FILE=str(tmp_path / "secret_key"),
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=False,
    )
    assert app.config["SECRET_KEY"] == (tmp_path / "secret_key").read_text()
    admin = make_user("admin")
    client = app.test_client()
    assert (
        client.post(
            "/auth/login", data={"email": admin.email, "password": TEST_PASSWORD}
        ).status_code
        == 302
    )
    real = client.get_cookie("session").value
    payload = _signer(app.config["SECRET_KEY"]).loads(real)
    assert payload["_user_id"] == str(admin.id)

    attacker = app.test_client()
    attacker.set_cookie("session", _signer(OLD_PUBLIC_KEY).dumps(payload))
    response = attacker.get("/admin/users")
    assert response.status_code == 302
    assert response.location.startswith("/auth/login")
    assert attacker.get("/results/export/responses.csv").status_code == 302

    # The same cookie signed with the app's own key does open the page: the forgery, not
    # its contents, is what was refused.
    owner = app.test_client()
    owner.set_cookie("session", real)
    assert owner.get("/admin/users").status_code == 200


@pytest.mark.parametrize("key", sorted(PUBLIC_SECRET_KEYS))
@pytest.mark.parametrize("config_name", ["development", "production"])
def test_no_configuration_starts_with_a_key_from_the_repository(make_app, key, config_name):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(config_name, SECRET_KEY=key)
