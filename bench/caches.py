"""What each per-process cache saves, with it and without it, in the same run.

``python -m bench caches`` drives the resident journey in one process (as ``bench cpu``
does) on a fresh SQLite file. For each speed-up it runs rounds with it on and off in turn
and times the CPU a request spends in the function the speed-up serves (the cache's lookups
included on the "on" side), which is precise where the whole request's CPU, printed beside
it, moves with other work on the machine. The caches that serve something other than the
journey (the common-password list, the definition schema, the bank holidays) are timed on
the operation they serve. Caches the app no longer keeps (they saved too little) are kept
here with ``functools.lru_cache`` for the "on" side, so their figures can be checked again.

A speed-up earns its place when it saves at least 5% of the request or operation it serves
(``bench/RESULTS.md``, "Per-process caches").
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from pathlib import Path

from bench.cpu import InProcessClient, _journeys, _production_app
from bench.servers import fresh_app_database

THRESHOLD_PERCENT = 5.0


def _kept(name: str) -> Callable[[object], object]:
    """Switch off the kept function ``name`` (survey_app.caching)."""

    @contextmanager
    def off(_app) -> Iterator[None]:
        from survey_app import caching

        with caching.bypassed(name):
            yield

    return off


@contextmanager
def _patched(owner, attribute: str, value) -> Iterator[None]:
    old = owner.__dict__[attribute]
    setattr(owner, attribute, value)
    try:
        yield
    finally:
        setattr(owner, attribute, old)


@contextmanager
def _no_memoised_choices(_app) -> Iterator[None]:
    """Radios and checkboxes rendered afresh, by govuk-frontend-wtf."""
    from govuk_frontend_wtf.gov_form_base import GovFormBase

    from forms import fields

    with _patched(fields._MemoisedChoices, "render", GovFormBase.render):
        yield


# Kept in survey_app.caching: switched off through it.
# The statement builders each save little alone but about 13% of a journey request together;
# without them the load benchmark's ratio fell (bench/RESULTS.md), so they are kept.
KEPT_ON_THE_JOURNEY = (
    "survey_app.services.surveys._kept_definition",
    "survey_app.templating._rendered_fragment",
    "survey_app.services.responses._draft_by_token",
    "survey_app.services.responses._draft_state_by_token",
    "survey_app.services.responses._update_draft",
    "survey_app.services.responses._response_by_key",
    "survey_app.services.reference._channel_by_slug",
)
# Speed-ups that were kept once and are not any more: the benchmark keeps them itself
# (functools.lru_cache) for the "on" side, to show what they would save.
NOT_KEPT_ON_THE_JOURNEY: tuple[str, ...] = ()


@contextmanager
def _cached_here(qualified: str) -> Iterator[None]:
    """The function ``qualified`` kept by the benchmark with ``functools.lru_cache``."""
    from functools import lru_cache

    module, name = _module_and_name(qualified)
    with _patched(module, name, lru_cache(maxsize=8)(getattr(module, name))):
        yield


class _Stopwatch:
    """CPU time spent inside some functions (the outermost call only), and how many calls."""

    def __init__(self):
        self.seconds = 0.0
        self.calls = 0
        self._depth = 0

    def wrap(self, function):
        def timed(*args, **kwargs):
            self._depth += 1
            started = time.process_time() if self._depth == 1 else None
            try:
                return function(*args, **kwargs)
            finally:
                self._depth -= 1
                if started is not None:
                    self.seconds += time.process_time() - started
                    self.calls += 1

        return timed


@contextmanager
def _timing(stopwatch: _Stopwatch, targets) -> Iterator[None]:
    """Time calls to each ``(owner, attribute)`` in ``targets``."""
    with ExitStack() as stack:
        for owner, attribute in targets:
            timed = stopwatch.wrap(getattr(owner, attribute))
            stack.enter_context(_patched(owner, attribute, timed))
        yield


def _module_and_name(qualified: str):
    import importlib

    module, name = qualified.rsplit(".", 1)
    return importlib.import_module(module), name


def _nothing(_app):
    return ExitStack()


def _speed_ups():
    """name -> (switch it on, switch it off, what to time: the function it speeds up)."""
    from forms import fields

    speed_ups = {}
    for qualified in KEPT_ON_THE_JOURNEY:
        name = qualified.removeprefix("survey_app.")
        speed_ups[name] = (_nothing, _kept(qualified), [_module_and_name(qualified)])
    for qualified in NOT_KEPT_ON_THE_JOURNEY:
        name = qualified.removeprefix("survey_app.") + " (not kept)"

        def on(app, qualified=qualified):
            return _cached_here(qualified)

        speed_ups[name] = (on, _nothing, [_module_and_name(qualified)])
    speed_ups["forms.fields._MemoisedChoices (kept radios and checkboxes)"] = (
        _nothing,
        _no_memoised_choices,
        [(fields._MemoisedChoices, "render")],
    )
    return speed_ups


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _line(name: str, with_ms: float, without_ms: float, unit: str, of: float | None = None) -> str:
    saved = without_ms - with_ms
    base = of if of is not None else without_ms
    percent = saved / base * 100 if base else 0.0
    verdict = "keep" if percent >= THRESHOLD_PERCENT else "negligible"
    return (
        f"  {name}: {without_ms:.4f} -> {with_ms:.4f} ms {unit}, saves {saved:.4f} ms "
        f"({percent:.1f}% of {base:.3f} ms) [{verdict}]"
    )


def measure_journey(surveys: int, rounds: int) -> None:
    """For each speed-up, alternating rounds with it on and off: the CPU a request spends in
    the functions it replaces (precise), and the whole request's CPU (noisier)."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'caches.db'}"
        fresh_app_database(url)
        app = _production_app(url)
        client = InProcessClient(app)
        _journeys(client, 0, 5, None)
        first = 5
        print(f"journey on SQLite: {rounds} rounds of {surveys} surveys, on then off, per speed-up")
        print("  CPU a request inside what the speed-up replaces (whole request in brackets)")
        request_on_all = []
        for name, (switch_on, switch_off, targets) in _speed_ups().items():
            inside = {"on": [], "off": []}
            whole = {"on": [], "off": []}
            for _ in range(rounds):
                for state in ("on", "off"):
                    stopwatch = _Stopwatch()
                    switch = switch_on if state == "on" else switch_off
                    # Timed outside the cache (its lookups count as the cache's cost).
                    with switch(app), _timing(stopwatch, targets):
                        _journeys(client, first, 1, None)  # warm: templates compiled again
                        first += 1
                        stopwatch.seconds = 0.0
                        before = client.requests
                        seconds = _journeys(client, first, surveys, None)
                        first += surveys
                    requests = client.requests - before
                    inside[state].append(stopwatch.seconds / requests)
                    whole[state].append(seconds / requests)
            request_on = _ms(whole["on"])
            request_on_all.extend(whole["on"])
            print(
                _line(name, _ms(inside["on"]), _ms(inside["off"]), "a request", request_on)
                + f" (request {_ms(whole['off']):.3f} -> {request_on:.3f} ms)"
            )
        print(f"  CPU a request, everything on: median {_ms(request_on_all):.3f} ms")


def _timed(operation: Callable[[], object], repeat: int) -> float:
    started = time.process_time()
    for _ in range(repeat):
        operation()
    return (time.process_time() - started) / repeat


def _alternating(name: str, operation, on, off, repeat: int, rounds: int) -> None:
    with_cache, without = [], []
    operation()
    for _ in range(rounds):
        with on(None):
            with_cache.append(_timed(operation, repeat))
        with off(None):
            without.append(_timed(operation, repeat))
    print(_line(name, _ms(with_cache), _ms(without), "an operation"))


def measure_operations(rounds: int) -> None:
    from werkzeug.security import generate_password_hash

    from survey_app.services.definitions import load_definition_file, standard_definition_paths
    from survey_app.services.scoring import reply_measures
    from survey_app.services.users import check_password_strength

    print("operations other than the journey, CPU an operation")
    phrase = "a long and unusual passphrase for the bench"

    def set_password():  # what change_password does before its UPDATE
        check_password_strength(phrase, "someone@example.gov.uk")
        generate_password_hash(phrase)

    _alternating(
        "common passwords (users.common_passwords, not kept), setting a password",
        set_password,
        lambda _app: _cached_here("survey_app.services.users.common_passwords"),
        _nothing,
        5,
        rounds,
    )
    path = standard_definition_paths()[0]
    _alternating(
        "definition schema (definitions._schema, not kept), loading the standard survey",
        lambda: load_definition_file(path),
        lambda _app: _cached_here("survey_app.services.definitions._schema"),
        _nothing,
        20,
        rounds,
    )
    sent = datetime(2026, 12, 18, 16, 0)
    _alternating(
        "bank holidays (scoring.england_and_wales_bank_holidays), a letter shop's reply times",
        lambda: reply_measures(sent, datetime(2026, 12, 22, 9), datetime(2027, 1, 12, 9)),
        _nothing,
        _kept("survey_app.services.scoring.england_and_wales_bank_holidays"),
        50,
        rounds,
    )
    assert date(2026, 12, 25).weekday() == 4  # Christmas inside the window, on a Friday


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench caches", description=__doc__)
    parser.add_argument("--surveys", type=int, default=8, help="journeys a round and variant")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    measure_journey(args.surveys, args.rounds)
    measure_operations(args.rounds)
