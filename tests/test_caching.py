"""survey_app.caching: one way to define, bound, clear and switch off a per-process cache."""

import pytest

from forms import fields
from survey_app import caching


def test_a_kept_function_keeps_its_last_results_up_to_its_bound():
    calls = []

    @caching.kept(maxsize=2)
    def square(n):
        calls.append(n)
        return n * n

    assert [square(2), square(2), square(3), square(4), square(2)] == [4, 4, 9, 16, 4]
    # 2 kept, 3 computed, 4 pushed 2 out (the least recently used), so 2 is computed again.
    assert calls == [2, 3, 4, 2]
    assert square.cache_info().currsize == 2
    assert square.__name__ == "square"
    assert f"{__name__}.{square.__qualname__}" in caching.kept_names()


def test_clear_caches_empties_every_kept_function_and_the_forms_cache():
    calls = []

    @caching.kept(maxsize=4)
    def double(n):
        calls.append(n)
        return 2 * n

    double(1)
    fields._RENDERED[("template", ())] = "rendered"
    caching.clear_caches()
    assert fields._RENDERED == {}
    double(1)
    assert calls == [1, 1]
    assert "forms.fields._RENDERED" in caching.kept_names()


def test_a_bypassed_function_is_computed_every_time_and_kept_again_after():
    calls = []

    @caching.kept(maxsize=4)
    def triple(n):
        calls.append(n)
        return 3 * n

    name = f"{__name__}.{triple.__qualname__}"
    triple(1)
    with caching.bypassed(name):
        assert triple(1) == 3
        assert triple(1) == 3
    assert triple(1) == 3
    assert calls == [1, 1, 1]


def test_every_cache_is_bounded():
    with pytest.raises(ValueError, match="at least one"):
        caching.kept(maxsize=0)
    for name in caching.kept_names():
        entry = caching._KEPT.get(name)
        if entry is not None:
            assert entry.cached.cache_info().maxsize >= 1, name


def test_the_app_keeps_what_bench_results_justify():
    """The caches bench/RESULTS.md measured and kept (import the app so all are defined)."""
    import survey_app.survey.routes
    import survey_app.templating  # noqa: F401

    kept = {name for name in caching.kept_names() if name.startswith(("survey_app.", "forms."))}
    assert kept == {
        "survey_app.services.surveys._kept_definition",
        "survey_app.services.scoring.england_and_wales_bank_holidays",
        "survey_app.templating._rendered_fragment",
        "forms.fields._RENDERED",
        "survey_app.services.responses._draft_by_token",
        "survey_app.services.responses._draft_state_by_token",
        "survey_app.services.responses._update_draft",
        "survey_app.services.responses._response_by_key",
        "survey_app.services.reference._channel_by_slug",
    }
