"""The key that signs session cookies: never one that is written in the repository.

Whoever knows the key can forge a session cookie for any account, so a key anyone can read
(one in this repository) would let anyone sign in as an admin. Without ``SECRET_KEY`` the app
makes a random key once, in a file only its own user can read (``instance/secret_key``, mode
0600, outside git), and every worker and every later start uses that file.
"""

import contextlib
import os
import secrets
from pathlib import Path

from flask import Flask

from survey_app.config import PUBLIC_SECRET_KEYS


def use_a_secret_key(app: Flask) -> None:
    key = app.config.get("SECRET_KEY") or ""
    if key in PUBLIC_SECRET_KEYS and not app.config.get("TESTING"):
        raise RuntimeError(
            "SECRET_KEY is a value written in the repository, which anyone can read: "
            "leave it unset (a random key is kept in instance/secret_key) or set a random one"
        )
    if not key:
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.config["SECRET_KEY_FILE"]))


def instance_secret_key(path: Path) -> str:
    """The key in ``path``, made (random, mode 0600) if the file does not exist yet.

    Several gunicorn workers start at once: each writes its own candidate to a private
    temporary file and links it into place, which succeeds for exactly one of them; the
    others read the winner's key.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        candidate = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48))
            with contextlib.suppress(FileExistsError):  # another worker's key won
                os.link(candidate, path)
        finally:
            candidate.unlink()
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} must hold a random key of 32 characters or more")
    return key
