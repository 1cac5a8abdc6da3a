"""gunicorn settings, each overridable from the environment."""

import os
import re

from gunicorn.glogging import Logger

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\]")


def escape_control_characters(value: str) -> str:
    """A newline in a path (``/%0A127.0.0.1 "GET /admin" 200``) would write a forged line in
    the access log: every control character, and the backslash, is written as ``\\xNN``."""
    return CONTROL_CHARACTERS.sub(lambda match: f"\\x{ord(match.group()):02x}", value)


class EscapingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: escape_control_characters(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }


# Rate limits counted in memory (the default RATELIMIT_STORAGE_URI, memory://) are counted
# by each worker on its own: with two workers the sign-in limit of 10 a minute let 20
# through. So one worker (with more threads) unless the limits are counted in a shared
# store such as Redis, when two workers share one count and can use two cores.
SHARED_LIMITS = not os.environ.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory")
workers = int(os.environ.get("WEB_CONCURRENCY", "2" if SHARED_LIMITS else "1"))
threads = int(os.environ.get("GUNICORN_THREADS", "4" if SHARED_LIMITS else "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
accesslog = "-"
# The request line without its query string: query strings can carry personal data.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
logger_class = EscapingLogger
