"""Synthetic responses for demonstrations and benchmarks, written in bulk.

The numbers are made up but not flat: satisfaction differs by channel, service, whether
the query was sorted out and completion mode, and improves a little over the year, so the
results pages have real differences to show. Rows go in through the driver's fastest path
(``executemany`` on SQLite, ``COPY`` on PostgreSQL), a chunk at a time, so a million
responses fit in memory and take minutes, not hours.
"""

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
from sqlalchemy import func, select, text

from survey_app import equality_questions as eq
from survey_app.extensions import db
from survey_app.models import Channel, Response, Service, Survey

CHUNK = 20_000

# Share of contacts by channel, and how likely each is to leave a resident satisfied.
CHANNEL_MIX = {
    "phone": (0.33, 0.56),
    "face-to-face": (0.10, 0.78),
    "email": (0.15, 0.60),
    "website": (0.25, 0.70),
    "letter": (0.05, 0.48),
    "webchat": (0.07, 0.74),
    "social-media": (0.05, 0.42),
}
SERVICE_EFFECT = {
    "council-tax": 0.0,
    "benefits": -0.06,
    "housing": -0.14,
    "waste": 0.04,
    "parking": -0.08,
    "streets": -0.05,
    "planning": -0.07,
    "adult-social-care": -0.03,
    "children-schools": 0.0,
    "libraries-leisure-parks": 0.12,
    "registration": 0.10,
    "environmental-health": 0.0,
    "complaints": -0.18,
    "something-else": 0.0,
}
# Share of residents who answer the equality questions at all.
EQUALITY_TAKE_UP = 0.55
# Equality answers: (code, share, effect on the chance of being satisfied). Codes not listed
# stay unanswered ("skipped"). Disabled residents and some groups fare worse, so the
# equality pages have a difference to find.
EQUALITY_MIX = {
    "age_band": [
        ("16_to_24", 10, -0.04),
        ("25_to_34", 18, -0.02),
        ("35_to_49", 25, 0.0),
        ("50_to_64", 22, 0.02),
        ("65_to_74", 12, 0.05),
        ("75_or_over", 8, 0.03),
        ("prefer_not_to_say", 3, -0.05),
        ("skipped", 2, 0.0),
    ],
    "sex": [("female", 52, 0.0), ("male", 45, 0.0), ("prefer_not_to_say", 3, -0.03)],
    "ethnic_group": [
        ("white", 42, 0.02),
        ("asian", 35, -0.02),
        ("black", 9, -0.06),
        ("mixed", 5, -0.03),
        ("other", 5, -0.04),
        ("prefer_not_to_say", 4, -0.05),
    ],
    "religion": [
        ("no_religion", 20, 0.0),
        ("christian", 35, 0.0),
        ("hindu", 22, 0.0),
        ("muslim", 13, -0.03),
        ("jewish", 3, 0.0),
        ("sikh", 2, 0.0),
        ("buddhist", 1, 0.0),
        ("any_other_religion", 1, 0.0),
        ("prefer_not_to_say", 3, -0.03),
    ],
    "disability_condition": [("no", 78, 0.02), ("yes", 19, -0.12), ("prefer_not_to_say", 3, -0.05)],
    "carer": [("no", 85, 0.0), ("yes_9_hours_or_less", 10, -0.02), ("prefer_not_to_say", 5, 0.0)],
}
RESOLVED = ["yes_fully", "yes_partly", "not_yet", "no"]
RESOLVED_EFFECT = np.array([0.18, 0.0, -0.12, -0.30])
MODES = np.array(["online", "assisted", "paper"])
COMMENTS = [
    "The person I spoke to was very patient and sorted it out.",
    "I waited a long time on hold before anyone answered.",
    "Nobody replied to my email for two weeks.",
    "The online form kept timing out on the last page.",
    "Staff at reception were friendly and helpful.",
    "I had to explain my problem three times to different people.",
    "Please call me back on 07700 900123, nobody has been in touch.",
    "My reference is HB123456 and I am still waiting.",
    "You can email me at resident@example.com if you need more.",
    "Clear letter, but it used a lot of jargon.",
    "The webchat answered quickly and gave me a link that worked.",
    "I could not find the page about bulky waste collections.",
]


def _choice(rng, values, weights, size):
    weights = np.asarray(weights, dtype=float)
    return rng.choice(np.asarray(values, dtype=object), size=size, p=weights / weights.sum())


def _satisfaction(rng, probability_satisfied):
    """Five-point answers plus Don't know, from each resident's chance of being satisfied."""
    size = len(probability_satisfied)
    roll = rng.random(size)
    p = np.clip(probability_satisfied, 0.03, 0.97)
    neither = 0.12
    answers = np.where(
        roll < p * (1 - neither),
        np.where(rng.random(size) < 0.45, "very_satisfied", "fairly_satisfied"),
        np.where(
            roll < p * (1 - neither) + neither,
            "neither",
            np.where(rng.random(size) < 0.5, "fairly_dissatisfied", "very_dissatisfied"),
        ),
    ).astype(object)
    answers[rng.random(size) < 0.03] = "dont_know"
    return answers


class _Writer:
    """Bulk writes through the raw driver connection inside the session's transaction."""

    def __init__(self):
        self.connection = db.session.connection()
        self.dialect = self.connection.dialect.name
        self.raw = self.connection.connection.driver_connection

    def responses(self, rows):
        columns = (
            "id, survey_version_id, channel_id, service_id, completion_mode, language, "
            "submitted_on, submission_key, equality_key"
        )
        self._write("response", columns, rows)

    def answers(self, rows):
        self._write("answer", "response_id, question_key, value", rows)

    def equality(self, rows):
        columns = f"key, survey_id, created_on, {', '.join(EQUALITY_COLUMNS)}"
        self._write("equality_response", columns, rows)

    def _write(self, table, columns, rows):
        if self.dialect == "postgresql":
            with (
                self.raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns.split(","))
            # Table and column names are constants of this module, never input.
            statement = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            self.raw.executemany(statement, rows)

    def finish(self):
        if self.dialect == "postgresql":
            # Ids were given explicitly, so move the sequence past them.
            self.connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('response', 'id'), max(id)) FROM response"
                )
            )


EQUALITY_COLUMNS = (
    "age_band",
    "sex",
    "ethnic_group",
    "ethnicity",
    "religion",
    "disability_condition",
    "disability_reduces_activities",
    "carer",
)


def _chunk_equality(rng, size):
    """Equality answers for one chunk: who answered, their codes by column, and the effect
    of their answers on how likely they are to be satisfied."""
    answered = rng.random(size) < EQUALITY_TAKE_UP
    codes, effect = {}, np.zeros(size)
    for column, mix in EQUALITY_MIX.items():
        chosen = _choice(rng, range(len(mix)), [share for _, share, _ in mix], size).astype(int)
        codes[column] = np.array([code for code, _, _ in mix], dtype=object)[chosen]
        effect += np.array([change for _, _, change in mix])[chosen]
    backgrounds = {
        group: np.array([code for code, _ in spec["categories"]], dtype=object)
        for group, spec in eq.ETHNIC_GROUPS.items()
    }
    codes["ethnicity"] = np.array(
        [
            rng.choice(backgrounds[group]) if group in backgrounds else None
            for group in codes["ethnic_group"]
        ],
        dtype=object,
    )
    disabled = codes["disability_condition"] == "yes"
    reduces = _choice(rng, ["a_lot", "a_little", "not_at_all"], [35, 45, 20], size)
    codes["disability_reduces_activities"] = np.where(disabled, reduces, None)
    return answered, codes, np.where(answered, effect, 0.0)


def _chunk_answers(rng, ids, channels, services, submitted, modes, months_ago, equality_effect):
    """Answer rows ``(response_id, question_key, value)`` for one chunk of responses."""
    size = len(ids)
    base = np.array([CHANNEL_MIX[c][1] for c in channels])
    base += equality_effect
    base += np.array([SERVICE_EFFECT.get(s, 0.0) for s in services])
    resolved_index = _choice(rng, range(4), [0.5, 0.22, 0.18, 0.10], size).astype(int)
    base += RESOLVED_EFFECT[resolved_index]
    base += np.where(modes == "assisted", 0.06, 0.0)
    base += (12 - months_ago) * 0.006  # slowly getting better over the year
    overall = _satisfaction(rng, base)
    council = _satisfaction(rng, base - 0.12)

    rows: list[tuple] = []

    def add(mask, key, values):
        rows.extend(
            zip(ids[mask].tolist(), [key] * int(mask.sum()), values[mask].tolist(), strict=True)
        )

    everyone = np.ones(size, dtype=bool)
    add(everyone, "service", services)
    add(
        everyone,
        "contact_reason",
        _choice(
            rng,
            [
                "information",
                "applying",
                "reporting",
                "paying",
                "following_up",
                "complaint",
                "other",
            ],
            [25, 18, 20, 10, 15, 7, 5],
            size,
        ),
    )
    contact = np.array(
        [
            (d - timedelta(days=int(k))).isoformat()
            for d, k in zip(submitted, rng.integers(0, 4, size), strict=True)
        ],
        dtype=object,
    )
    add(everyone, "contact_date", contact)
    add(everyone, "resolved", np.array(RESOLVED, dtype=object)[resolved_index])
    add(everyone, "contact_count", rng.geometric(0.55, size).clip(1, 99).astype(str).astype(object))
    phone = channels == "phone"
    waits = ["under_30s", "30s_2m", "2m_5m", "5m_10m", "over_10m", "not_answered", "dont_know"]
    add(phone, "phone_wait", _choice(rng, waits, [30, 30, 18, 10, 6, 2, 4], size))
    reception = channels == "face-to-face"
    add(
        reception,
        "reception_wait",
        _choice(
            rng,
            ["under_5m", "5m_15m", "15m_30m", "over_30m", "not_seen", "dont_know"],
            [35, 35, 18, 8, 1, 3],
            size,
        ),
    )
    website = channels == "website"
    add(
        website,
        "website_found",
        _choice(rng, ["yes_easily", "yes_difficult", "no"], [5, 3, 2], size),
    )
    add(website, "online_form_worked", _choice(rng, ["yes", "no", "no_form"], [5, 1, 3], size))
    written = np.isin(channels, ["email", "letter"])
    replied = _choice(rng, ["yes", "not_yet", "no"], [7, 2, 1], size)
    add(written, "reply_received", replied)
    add(
        written & (replied == "yes"),
        "reply_time",
        _choice(
            rng,
            ["same_day", "1_3_days", "4_5_days", "6_10_days", "over_10_days"],
            [15, 40, 25, 12, 8],
            size,
        ),
    )
    add(
        everyone,
        "ease",
        _choice(
            rng,
            ["very_easy", "fairly_easy", "neither", "fairly_difficult", "very_difficult"],
            [30, 35, 15, 12, 8],
            size,
        ),
    )
    asks_staff = np.isin(channels, ["email", "website", "letter", "webchat", "social-media"])
    staff = _choice(rng, ["yes", "no"], [6, 4], size)
    add(asks_staff, "staff_involved", staff)
    dealt = ~asks_staff | (staff == "yes")
    add(
        dealt,
        "staff_helpful",
        _choice(
            rng,
            ["very_helpful", "fairly_helpful", "neither", "not_very_helpful", "not_at_all_helpful"],
            [40, 30, 12, 10, 8],
            size,
        ),
    )
    add(
        dealt,
        "staff_knowledge",
        _choice(
            rng, ["very_well", "fairly_well", "not_very_well", "not_at_all"], [45, 35, 12, 8], size
        ),
    )
    add(everyone, "overall_satisfaction", overall)
    next_time = _choice(rng, ["yes", "no", "dont_know"], [55, 30, 15], size)
    add(everyone, "use_website_next_time", next_time)
    add(
        next_time == "no",
        "website_why_not",
        _choice(
            rng,
            [
                "no_internet",
                "not_confident",
                "could_not_find",
                "did_not_work",
                "prefer_person",
                "too_complex",
            ],
            [10, 15, 20, 15, 25, 15],
            size,
        ),
    )
    add(everyone, "council_satisfaction", council)
    add(rng.random(size) < 0.12, "comments", _choice(rng, COMMENTS, [1] * len(COMMENTS), size))
    return rows


def generate_demo_responses(
    count: int,
    *,
    seed: int = 2026,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add ``count`` synthetic responses to the standard survey over the last 12 months."""
    survey = db.session.scalar(select(Survey).order_by(Survey.id))
    if survey is None or survey.current_version is None:
        raise LookupError("Load the standard survey first: flask surveys load-standard")
    version_id = survey.current_version.id
    channel_ids = dict(db.session.execute(select(Channel.slug, Channel.id)).all())
    service_ids = dict(db.session.execute(select(Service.slug, Service.id)).all())
    channel_slugs = [slug for slug in CHANNEL_MIX if slug in channel_ids]
    service_slugs = [slug for slug in SERVICE_EFFECT if slug in service_ids]
    if not channel_slugs or not service_slugs:
        raise LookupError(
            "Load the standard channels and services first: flask surveys load-standard"
        )
    rng = np.random.default_rng(seed)
    today = today or date.today()
    next_id = (db.session.scalar(select(func.max(Response.id))) or 0) + 1
    try:
        writer = _Writer()
        done = 0
        while done < count:
            size = min(CHUNK, count - done)
            ids = np.arange(next_id, next_id + size)
            channels = _choice(
                rng, channel_slugs, [CHANNEL_MIX[c][0] for c in channel_slugs], size
            ).astype(str)
            services = _choice(
                rng,
                service_slugs,
                [3 if s in ("council-tax", "waste", "housing") else 1 for s in service_slugs],
                size,
            ).astype(str)
            days_ago = rng.integers(0, 365, size)
            submitted = [today - timedelta(days=int(d)) for d in days_ago]
            modes = np.where(
                channels == "letter",
                _choice(rng, MODES, [30, 20, 50], size),
                _choice(rng, MODES, [85, 10, 5], size),
            ).astype(str)
            answered, codes, effect = _chunk_equality(rng, size)
            equality_keys = [
                f"demo-{seed}-{i}" if took_part else None
                for i, took_part in zip(ids.tolist(), answered, strict=True)
            ]
            writer.responses(
                zip(
                    ids.tolist(),
                    [version_id] * size,
                    [channel_ids[c] for c in channels],
                    [service_ids[s] for s in services],
                    modes.tolist(),
                    ["en"] * size,
                    [d.isoformat() for d in submitted],
                    [f"demo-{seed}-{i}" for i in ids.tolist()],
                    equality_keys,
                    strict=True,
                )
            )
            taking_part = np.flatnonzero(answered)
            writer.equality(
                (
                    equality_keys[n],
                    survey.id,
                    submitted[n].isoformat(),
                    *(codes[column][n] for column in EQUALITY_COLUMNS),
                )
                for n in taking_part.tolist()
            )
            writer.answers(
                _chunk_answers(
                    rng, ids, channels, services, submitted, modes, days_ago // 30, effect
                )
            )
            next_id += size
            done += size
            if progress:
                progress(size)
        writer.finish()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return count
