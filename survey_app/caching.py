"""Every per-process cache of the app, defined, bounded and emptied one way.

A function decorated with ``@kept(maxsize=N)`` keeps its last ``N`` results per process
(``functools.lru_cache``), keyed by its arguments, so it must be a pure function of them:
everything the result depends on (the database, a version's publication time, today's date)
is an argument. ``clear_caches()`` empties all of them (the test fixtures call it between
tests). An architecture test checks that nothing under ``survey_app/`` makes a cache any
other way.

Each cache is here because ``python -m bench caches`` measured what it saves; the figures
are in ``bench/RESULTS.md`` ("Per-process caches"). ``bypassed(name)`` switches one off for
that measurement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache, update_wrapper
from typing import Any


@dataclass
class _Kept:
    name: str
    function: Callable[..., Any]
    cached: Any  # the lru_cache wrapper
    bypassed: bool = False


_KEPT: dict[str, _Kept] = {}
# Caches kept outside survey_app (forms/ imports nothing from here): their clear functions.
_CLEARED_ELSEWHERE: dict[str, Callable[[], None]] = {}


def kept(maxsize: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Keep the function's last ``maxsize`` results in this process."""
    if maxsize < 1:
        raise ValueError("A kept function needs room for at least one result")

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        name = f"{function.__module__}.{function.__qualname__}"
        entry = _Kept(name, function, lru_cache(maxsize=maxsize)(function))

        def call(*args: Any, **kwargs: Any) -> Any:
            if entry.bypassed:
                return function(*args, **kwargs)
            return entry.cached(*args, **kwargs)

        update_wrapper(call, function)
        call.cache_info = entry.cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = entry.cached.cache_clear  # type: ignore[attr-defined]
        _KEPT[name] = entry
        return call

    return decorate


def register_clear(name: str, clear: Callable[[], None]) -> None:
    """Have ``clear_caches()`` empty a cache kept where this module cannot be imported."""
    _CLEARED_ELSEWHERE[name] = clear


def kept_names() -> list[str]:
    return sorted([*_KEPT, *_CLEARED_ELSEWHERE])


def clear_caches() -> None:
    """Empty every per-process cache."""
    for entry in _KEPT.values():
        entry.cached.cache_clear()
    for clear in _CLEARED_ELSEWHERE.values():
        clear()


@contextmanager
def bypassed(name: str) -> Iterator[None]:
    """Call the kept function ``name`` afresh every time inside the block (benchmarks)."""
    entry = _KEPT[name]
    entry.bypassed = True
    try:
        yield
    finally:
        entry.bypassed = False


def _register_the_forms_cache() -> None:
    from forms.fields import forget_rendered_choices

    register_clear("forms.fields._RENDERED", forget_rendered_choices)


_register_the_forms_cache()
