"""Bad input, systematically: every form and every query parameter gets arbitrary text, huge
values, wrong types, missing and repeated fields and invalid UTF-8. Every answer is a 2xx, 3xx
or 4xx, and a 4xx is a GOV.UK-styled page; never a 5xx. Bodies over MAX_CONTENT_LENGTH get 413.

Routes and field names come from the app itself (the URL map, and the ``name`` attributes
of each page's inputs), so a new form is covered without editing this file. A deterministic
sweep sends each kind of bad input to every route once; hypothesis then explores with a fixed
example budget (``derandomize=True``), so the run is the same every time and takes well under
a minute.
"""

import re
from datetime import date, datetime
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from survey_app.admin.response_import import MAX_IMPORT_BYTES
from survey_app.extensions import db
from survey_app.models import Finding, Recommendation
from survey_app.results.presenters import FILTER_KEYS
from survey_app.services.mystery_shop import mark_sent, start_record
from tests.conftest import Page
from tests.mystery_shop.helpers import assignment_for
from tests.test_authorisation import VALUES_FOR_ENDPOINT, url_values

FILE_ROUTES = {"static", "govuk_frontend"}
# Query parameters the views read (request.args), beyond those found in GET forms.
KNOWN_QUERY_NAMES = {*FILTER_KEYS, "page", "download", "next", "version", "saved", "change"}
HUGE = "9" * 20_000
NASTY_VALUES = [
    "",
    " ",
    HUGE,
    "x" * 200_000,
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "[]",
    "{}",
    "\x00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%ff%fe",
    "\ud7ff\ue000\U0010ffff",
    "\uff12\uff10\uff12\uff16",  # 2026 in full-width digits
    "31",
    "2026-02-30",
]
SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def signed_in(app, client, client_request, make_user):
    """A user with every role, owning a shop record, signed in; another user to edit."""
    owner = make_user({"admin", "reviewer", "shopper"}, email="everything@example.gov.uk")
    other = make_user("shopper", email="someone-else@example.gov.uk")
    assignment = assignment_for(owner, "email")
    record = start_record(assignment, owner)
    mark_sent(record, owner, datetime(2026, 11, 2, 9, 0))
    finding = Finding(title="Phone calls", text="Slow.", evidence_url="/results/", snapshot={})
    recommendation = Recommendation(
        reference="R1",
        text="Answer calls sooner.",
        directorate="Resources",
        lead_officer="Lead",
        committee="OSC",
        committee_date=date(2026, 10, 1),
    )
    db.session.add_all([finding, recommendation])
    db.session.flush()
    fixture = {
        "owner": other,
        "record": record,
        "assignment": assignment,
        "finding": finding,
        "recommendation": recommendation,
    }

    def sign_in():
        client_request.login(user=owner)

    sign_in()
    values = url_values(fixture)  # the user edited is the other one, never the one signed in
    return {"client": client, "values": values, "sign_in": sign_in, "app": app}


def url_for_rule(rule, values) -> str:
    values = values | VALUES_FOR_ENDPOINT.get(rule.endpoint, {})
    return rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]


def routes(app, method) -> list:
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if method in rule.methods and rule.endpoint not in FILE_ROUTES
        ),
        key=lambda rule: (rule.rule, rule.endpoint),
    )


def field_names(html: str) -> list[str]:
    names = set(re.findall(r'<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"', html))
    return sorted(names - {"csrf_token"})


def check(response, what) -> None:
    """Never a 5xx; a 4xx is a GOV.UK page with one h1 and a matching title."""
    status = response.status_code
    response.close()
    assert status < 500, what
    if 400 <= status < 500:
        assert response.mimetype == "text/html", what
        html = response.get_data(as_text=True)
        assert "govuk-template" in html, what
        Page(response).check_structure()


@pytest.fixture
def forms(signed_in):
    """Every POST route's URL and the field names its page shows."""
    client, app = signed_in["client"], signed_in["app"]
    found = []
    for rule in routes(app, "POST"):
        url = url_for_rule(rule, signed_in["values"])
        names = []
        if "GET" in rule.methods and rule.endpoint != "auth.logout":
            page = client.get(url)
            if page.status_code == 200 and page.mimetype == "text/html":
                names = field_names(page.get_data(as_text=True))
        found.append((rule.endpoint, url, names or ["action", "confirm", "value"]))
    assert len(found) > 30
    return found


@pytest.fixture
def query_pages(signed_in):
    """Every GET route's URL, and every query parameter name the app reads or offers."""
    client, app = signed_in["client"], signed_in["app"]
    names = set(KNOWN_QUERY_NAMES)
    pages = []
    for rule in routes(app, "GET"):
        if rule.endpoint == "auth.logout":
            continue
        url = url_for_rule(rule, signed_in["values"])
        pages.append((rule.endpoint, url))
        response = client.get(url)
        if response.mimetype == "text/html":
            for form in re.findall(r'<form\b(?![^>]*method="post").*?</form>', response.text, re.S):
                names.update(field_names(form))
        response.close()
    return pages, sorted(names)


def post(signed_in, endpoint, url, **kwargs):
    response = signed_in["client"].post(url, **kwargs)
    if endpoint == "auth.logout":
        signed_in["sign_in"]()
    return response


def deterministic_bodies(names: list[str]):
    yield "empty", {}
    for value in NASTY_VALUES:
        yield f"every field {value[:20]!r}", MultiDict([(name, value) for name in names])
    yield "repeated", MultiDict([(name, v) for name in names for v in ("1", "2", "yes")])
    yield "unknown fields", {"zzz": "1", "__class__": "x", "": "y"}


INVALID_UTF8 = [b"\xff\xfe\xfd", b"caf\xe9", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]


def test_every_form_survives_each_kind_of_bad_input(signed_in, forms):
    for endpoint, url, names in forms:
        for label, data in deterministic_bodies(names):
            check(post(signed_in, endpoint, url, data=data), (url, label))
        for raw in INVALID_UTF8:
            body = b"&".join(name.encode() + b"=" + raw for name in names) + b"&" + raw + b"=1"
            response = post(
                signed_in,
                endpoint,
                url,
                data=body,
                content_type="application/x-www-form-urlencoded",
            )
            check(response, (url, "invalid UTF-8", raw))
        junk = b"\xff\xfe\x00" * 100
        multipart = {name: (BytesIO(junk), "r\xe9sum\xe9 \u202e.yaml") for name in names[:3]}
        check(post(signed_in, endpoint, url, data=multipart), (url, "files"))
        check(
            post(signed_in, endpoint, url, data="{}", content_type="application/json"),
            (url, "json"),
        )


def test_every_query_parameter_survives_each_kind_of_bad_input(signed_in, query_pages):
    pages, names = query_pages
    client = signed_in["client"]
    for _endpoint, url in pages:
        for value in ("", HUGE, "-1", "0", "1e309", "x", "²", "9" * 30, "2026-13-45", "..%2f"):
            check(client.get(url, query_string=[(name, value) for name in names]), (url, value))
        check(client.get(url, query_string=[(name, v) for name in names for v in "123"]), url)
        for raw in INVALID_UTF8:
            query = "&".join(f"{name}={raw.decode('latin-1')}" for name in names)
            response = client.get(url, environ_overrides={"QUERY_STRING": query})
            check(response, (url, "invalid UTF-8", raw))


@pytest.mark.parametrize(
    "path",
    [
        "/survey/%ff%fe",
        "/survey/" + "x" * 5000,
        "/survey/phone/%00",
        "/results/channel/%c3%28",
        "/results/service/" + "é" * 300,
        "/results/equality/%ed%a0%80",
        "/admin/surveys/%ff/preview",
        "/mystery-shop/records/99999999999999999999999",
        "/admin/users/-1",
    ],
)
def test_bad_path_segments_get_a_styled_page(signed_in, path):
    check(signed_in["client"].get(path), path)


# Routes that accept more than MAX_CONTENT_LENGTH, and the heading of their own 413 page.
LARGER_LIMITS = {
    "admin.import_responses": (MAX_IMPORT_BYTES, "Import responses from a CSV file"),
}


def test_bodies_over_the_limit_get_the_413_page(signed_in, forms):
    app_limit = signed_in["app"].config["MAX_CONTENT_LENGTH"]
    for endpoint, url, names in forms:
        limit, heading = LARGER_LIMITS.get(
            endpoint, (app_limit, "The information you sent is too large")
        )
        response = post(signed_in, endpoint, url, data={names[0]: "x" * (limit + 1)})
        assert response.status_code == 413, url
        assert Page(response).check_structure().heading == heading


# --- hypothesis ------------------------------------------------------------------------------

# Text of every kind, including lone surrogates (sent as escaped bytes by the test client).
any_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(NASTY_VALUES),
)


@st.composite
def form_body(draw, names):
    chosen = draw(st.lists(st.sampled_from([*names, "zzz"]), max_size=len(names) + 3))
    return MultiDict([(name, draw(any_text)) for name in chosen])


@SETTINGS
@given(data=st.data())
def test_forms_never_fail_on_arbitrary_input(signed_in, forms, data):
    endpoint, url, names = data.draw(st.sampled_from(forms), label="form")
    if data.draw(st.booleans(), label="raw bytes"):
        body = data.draw(st.binary(max_size=2000), label="body")
        response = post(
            signed_in, endpoint, url, data=body, content_type="application/x-www-form-urlencoded"
        )
    else:
        response = post(signed_in, endpoint, url, data=data.draw(form_body(names), label="form"))
    check(response, url)


@SETTINGS
@given(data=st.data())
def test_query_parameters_never_fail_on_arbitrary_input(signed_in, query_pages, data):
    pages, names = query_pages
    _endpoint, url = data.draw(st.sampled_from(pages), label="page")
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=6), label="names")
    if data.draw(st.booleans(), label="raw bytes"):
        raw = data.draw(
            st.lists(st.binary(max_size=40), min_size=len(chosen), max_size=len(chosen))
        )
        query = "&".join(f"{n}={v.decode('latin-1')}" for n, v in zip(chosen, raw, strict=True))
        response = signed_in["client"].get(url, environ_overrides={"QUERY_STRING": query})
    else:
        pairs = [(name, data.draw(any_text, label=name)) for name in chosen]
        response = signed_in["client"].get(url, query_string=pairs)
    check(response, url)
