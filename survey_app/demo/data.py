"""Synthetic responses for demonstrations and benchmarks, written in bulk.

Mystery shops are made too (``generate_demo_shops``): councillors' shops on every channel
over the same year, scored by the real scoring code against the loaded standards, by demo
shopper accounts that are switched off so nobody can sign in as them.

The numbers are made up but not flat: satisfaction differs by channel, service, whether
the query was sorted out and completion mode, and improves a little over the year, so the
results pages have real differences to show. Rows go in through the driver's fastest path
(``executemany`` on SQLite, ``COPY`` on PostgreSQL), a chunk at a time, so a million
responses fit in memory and take minutes, not hours.
"""

import secrets
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy import func, select, text

from survey_app.equality import questions as eq
from survey_app.extensions import db
from survey_app.models import (
    Channel,
    Response,
    Service,
    ShopAssignment,
    ShopRecord,
    ShopScenario,
    Survey,
    User,
)
from survey_app.models.response import RECORD_KEY_RANGE, new_reference
from survey_app.services.mystery_shop import score_record
from survey_app.services.scoring import (
    BEHAVIOUR,
    DEFAULT_CRITICAL_CAP_PERCENT,
    MET,
    NOT_APPLICABLE,
    NOT_MET,
)
from survey_app.services.standards import criteria_for_channel
from survey_app.services.transactions import transaction

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
    # Harrow's Census 2021 religion, roughly: Christian and Hindu the largest, then Muslim.
    "religion": [
        ("christian", 30, 0.0),
        ("hindu", 26, 0.0),
        ("muslim", 16, -0.03),
        ("no_religion", 12, 0.0),
        ("jewish", 4, 0.0),
        ("sikh", 1, 0.0),
        ("buddhist", 1, 0.0),
        ("any_other_religion", 3, 0.0),
        ("prefer_not_to_say", 7, -0.03),
    ],
    "disability_condition": [("no", 78, 0.02), ("yes", 19, -0.12), ("prefer_not_to_say", 3, -0.05)],
    "carer": [("no", 85, 0.0), ("yes_9_hours_or_less", 10, -0.02), ("prefer_not_to_say", 5, 0.0)],
}
# Ethnic background in proportions close to Harrow's Census 2021 (percentages of residents,
# rounded): Asian or Asian British about 45% (Indian the largest single group at about 26%),
# White about 37% (English, Welsh, Scottish, Northern Irish or British about 21%, Any other
# White about 13%; Gypsy or Irish Traveller and Roma well under 1%), Black about 7%, Other
# about 7%, Mixed about 4%. Residents choose their group, then their background within it.
ETHNICITY_MIX = {
    "indian": 25.8,
    "pakistani": 4.0,
    "bangladeshi": 0.9,
    "chinese": 1.1,
    "any_other_asian": 13.4,
    "english_welsh_scottish_northern_irish_british": 20.9,
    "irish": 1.9,
    "gypsy_or_irish_traveller": 0.1,
    "roma": 0.6,
    "any_other_white": 13.4,
    "african": 4.5,
    "caribbean": 2.0,
    "any_other_black": 0.8,
    "white_and_black_caribbean": 0.8,
    "white_and_black_african": 0.5,
    "white_and_asian": 1.3,
    "any_other_mixed": 1.4,
    "arab": 2.2,
    "any_other_ethnic_group": 4.5,
}
# Share of those answering who prefer not to say, and each group's effect on satisfaction.
ETHNICITY_PREFER_NOT_TO_SAY = 4.0
ETHNIC_GROUP_EFFECT = {
    "white": 0.02,
    "asian": -0.02,
    "black": -0.06,
    "mixed": -0.03,
    "other": -0.04,
    "prefer_not_to_say": -0.05,
}
RESOLVED = ["yes_fully", "yes_partly", "not_yet", "no"]
RESOLVED_EFFECT = np.array([0.18, 0.0, -0.12, -0.30])
MODES = np.array(["online", "assisted", "paper"])
# The languages residents answer in (``survey_app.languages``), about one in ten not English,
# so the results' language cut has something to show.
LANGUAGE_MIX = {"en": 90, "ar": 3, "gu": 3, "ta": 2, "ro": 2}
# Comments residents leave, by channel: each says something only that channel could have
# done. A few carry a phone number, reference, email address or a member of staff's name,
# so the redaction on the comments page has something to mask.
COMMENTS_BY_CHANNEL = {
    "phone": [
        "I waited a long time on hold before anyone answered.",
        "The person I spoke to on the phone was very patient and sorted it out.",
        "I was transferred three times and had to explain my problem each time.",
        "Please call me back on 07700 900123, nobody has rung me as promised.",
    ],
    "face-to-face": [
        "Staff at reception were friendly and helpful.",
        "I waited over half an hour at the Civic Centre before I was seen.",
        "The officer, John Smith, at the desk explained everything clearly.",
    ],
    "email": [
        "Nobody replied to my email for two weeks.",
        "I got an automatic acknowledgement straight away and a full reply in three days.",
        "You can email me at resident@example.com if you need more.",
    ],
    "website": [
        "The online form kept timing out on the last page.",
        "I could not find the page about bulky waste collections.",
        "Paying online was quick and the receipt came straight away.",
    ],
    "letter": [
        "Clear letter, but it used a lot of jargon.",
        "My reference is HB123456 and I am still waiting for a reply to my letter.",
        "The reply to my letter took over a month.",
    ],
    "webchat": [
        "The webchat answered quickly and gave me a link that worked.",
        "Advisor Sarah on the webchat sorted it in ten minutes.",
        "The chat closed before I had finished typing my question.",
    ],
    "social-media": [
        "I messaged the council on Facebook and got no reply for a week.",
        "The reply on social media just told me to ring the contact centre.",
        "My post on X was answered the same day but nothing happened after that.",
    ],
}


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


def _new_references(count: int, taken: set[str]) -> list[str]:
    """``count`` receipt references that are not in ``taken`` (which gains them)."""
    references = []
    while len(references) < count:
        reference = new_reference()
        if reference not in taken:
            taken.add(reference)
            references.append(reference)
    return references


class _Writer:
    """Bulk writes through the raw driver connection inside the session's transaction."""

    def __init__(self):
        self.connection = db.session.connection()
        self.dialect = self.connection.dialect.name
        self.raw = self.connection.connection.driver_connection

    def responses(self, rows):
        columns = (
            "id, survey_version_id, channel_id, service_id, completion_mode, language, "
            "submitted_on, submission_key, equality_key, record_key, reference"
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
    backgrounds = [*ETHNICITY_MIX, eq.PREFER_NOT_TO_SAY]
    ethnicity = _choice(
        rng, backgrounds, [*ETHNICITY_MIX.values(), ETHNICITY_PREFER_NOT_TO_SAY], size
    )
    codes["ethnic_group"] = np.array(
        [eq.ETHNICITY_GROUP.get(code, eq.PREFER_NOT_TO_SAY) for code in ethnicity], dtype=object
    )
    codes["ethnicity"] = np.where(codes["ethnic_group"] == eq.PREFER_NOT_TO_SAY, None, ethnicity)
    effect += np.array([ETHNIC_GROUP_EFFECT[group] for group in codes["ethnic_group"]])
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
    commented = rng.random(size) < 0.12
    add(
        commented,
        "comments",
        np.array(
            [
                COMMENTS_BY_CHANNEL[channel][int(pick * len(COMMENTS_BY_CHANNEL[channel]))]
                for channel, pick in zip(channels, rng.random(size), strict=True)
            ],
            dtype=object,
        ),
    )
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
    # Record keys from their own stream, so adding them changed no other demo figure.
    record_keys = np.random.default_rng([seed, RECORD_KEY_RANGE])
    # Drawn apart, so the other demo figures are the same as before languages were mixed in.
    language_draws = np.random.default_rng([seed, len(LANGUAGE_MIX)])
    today = today or date.today()
    next_id = (db.session.scalar(select(func.max(Response.id))) or 0) + 1
    # Receipt references are random (``secrets``), not from the seed: they change no figure.
    taken = set(
        db.session.scalars(select(Response.reference).where(Response.reference.is_not(None)))
    )
    with transaction():
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
                    _choice(
                        language_draws, list(LANGUAGE_MIX), list(LANGUAGE_MIX.values()), size
                    ).tolist(),
                    [d.isoformat() for d in submitted],
                    [f"demo-{seed}-{i}" for i in ids.tolist()],
                    equality_keys,
                    record_keys.integers(0, RECORD_KEY_RANGE, size).tolist(),
                    _new_references(size, taken),
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
    return count


# Mystery shops ------------------------------------------------------------------------------

DEMO_EMAIL_DOMAIN = "demo.invalid"
DEMO_SHOPPERS = 6
# How each channel fares when councillors test it: the chance a behaviour is seen. Set apart
# from residents' satisfaction on purpose, so the resident-versus-councillor gap has a story:
# phone calls feel fine to residents but often miss the 30-second standard, letters and
# social media do badly on both, webchat does well on both.
SHOP_BEHAVIOUR_MET = {
    "phone": 0.70,
    "face-to-face": 0.86,
    "email": 0.66,
    "website": 0.62,
    "letter": 0.55,
    "webchat": 0.90,
    "social-media": 0.45,
}
# Share of shops by channel (more on the busy channels).
SHOP_CHANNEL_WEIGHTS = {
    "phone": 4,
    "face-to-face": 2,
    "email": 3,
    "website": 3,
    "letter": 1,
    "webchat": 2,
    "social-media": 2,
}
SHOP_NOT_APPLICABLE = 0.08


def _demo_account(email: str, name: str, roles: set[str]) -> User:
    """A switched-off account (``active`` false: sign-in refuses it) with an unknown password."""
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, active=False)
        user.set_roles(roles)
        user.set_password(secrets.token_urlsafe(32))
        db.session.add(user)
    return user


def _demo_scenarios(services: list[Service], channels: list[Channel]) -> dict[int, ShopScenario]:
    scenarios = {}
    for service in services:
        title = f"Demo: asking about {service.name.lower()}"
        scenario = db.session.scalar(select(ShopScenario).where(ShopScenario.title == title))
        if scenario is None:
            scenario = ShopScenario(
                title=title,
                request=f"A made-up enquiry about {service.name.lower()}, for demonstrations.",
                service=service,
            )
            scenario.channels = list(channels)
            db.session.add(scenario)
        scenarios[service.id] = scenario
    return scenarios


def _working_time(rng, day: date) -> datetime:
    return datetime.combine(day, time(9)) + timedelta(minutes=int(rng.integers(0, 7 * 60)))


def _shop_facts(rng, slug: str, contact_at: datetime) -> dict:
    """What the shopper recorded: timings drawn per channel (phone answered in a median of
    about 35 seconds, so the 30-second standard is missed often; replies mostly in time)."""
    facts: dict = {"contact_at": contact_at}
    if slug == "phone":
        facts["call_answered"] = bool(rng.random() < 0.92)
        facts["answer_seconds"] = (
            int(rng.lognormal(np.log(35), 0.6)) if facts["call_answered"] else None
        )
    elif slug == "face-to-face":
        facts["wait_minutes"] = int(rng.lognormal(np.log(9), 0.6))
    elif slug in ("email", "letter"):
        if slug == "email":
            facts["acknowledged_at"] = contact_at + timedelta(hours=float(rng.exponential(10)))
        if rng.random() < 0.08:
            facts["no_reply"] = True
        else:
            days = int(rng.integers(1, 6 if slug == "email" else 11))
            facts["replied_at"] = _working_time(rng, contact_at.date() + timedelta(days=days))
    return facts


def _behaviours(rng, criteria, met_chance: float) -> dict[str, str]:
    outcomes = {}
    for criterion in criteria:
        if criterion.kind != BEHAVIOUR:
            continue
        if not criterion.critical and rng.random() < SHOP_NOT_APPLICABLE:
            outcomes[criterion.key] = NOT_APPLICABLE
        else:
            # Accuracy (the critical one) is a little better than the manner of a contact.
            chance = met_chance + (0.08 if criterion.critical else 0.0)
            outcomes[criterion.key] = MET if rng.random() < chance else NOT_MET
    return outcomes


def generate_demo_shops(
    count: int,
    *,
    seed: int = 2026,
    today: date | None = None,
    cap_percent: float = DEFAULT_CRITICAL_CAP_PERCENT,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add ``count`` submitted or accepted mystery shops over the last 12 months, scored
    against the loaded standards as ``submit_record`` would score them."""
    channels = [
        c
        for c in db.session.scalars(select(Channel).order_by(Channel.sort_order))
        if c.slug in SHOP_CHANNEL_WEIGHTS
    ]
    criteria = {c.id: criteria_for_channel(c.id) for c in channels}
    channels = [c for c in channels if criteria[c.id]]
    services = list(db.session.scalars(select(Service).where(Service.active).order_by(Service.id)))
    if not channels or not services:
        raise LookupError(
            "Load the standard channels, services and standards first: flask surveys load-standard"
        )
    rng = np.random.default_rng(seed + 1)
    today = today or date.today()
    with transaction():
        shoppers = [
            _demo_account(
                f"demo-shopper-{n}@{DEMO_EMAIL_DOMAIN}",
                f"Demo shopper {n} (cannot sign in)",
                {"shopper"},
            )
            for n in range(1, DEMO_SHOPPERS + 1)
        ]
        reviewer = _demo_account(
            f"demo-reviewer@{DEMO_EMAIL_DOMAIN}", "Demo reviewer (cannot sign in)", {"reviewer"}
        )
        scenarios = _demo_scenarios(services, channels)
        weights = np.array([SHOP_CHANNEL_WEIGHTS[c.slug] for c in channels], dtype=float)
        for _ in range(count):
            channel = channels[rng.choice(len(channels), p=weights / weights.sum())]
            service = services[int(rng.integers(len(services)))]
            shopper = shoppers[int(rng.integers(len(shoppers)))]
            day = today - timedelta(days=int(rng.integers(14, 365)))
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            months_ago = (today - day).days // 30
            assignment = ShopAssignment(
                scenario=scenarios[service.id],
                channel=channel,
                shopper=shopper,
                window_start=day - timedelta(days=7),
                window_end=day + timedelta(days=7),
            )
            record = ShopRecord(
                assignment=assignment,
                shopper=shopper,
                channel=channel,
                account="",
                **_shop_facts(rng, channel.slug, _working_time(rng, day)),
            )
            # Councillors find things slowly getting better over the year too.
            met_chance = SHOP_BEHAVIOUR_MET[channel.slug] + (12 - months_ago) * 0.005
            record.behaviours = _behaviours(rng, criteria[channel.id], met_chance)
            record.helpfulness = int(np.clip(round(met_chance * 5 + rng.normal(0, 0.8)), 1, 5))
            record.knowledge = int(np.clip(round(met_chance * 5 + rng.normal(0, 0.8)), 1, 5))
            score_record(record, criteria[channel.id], cap_percent)
            finished = max(filter(None, (record.contact_at, record.replied_at)))
            record.submitted_at = finished + timedelta(days=1)
            record.created_at = record.contact_at
            # The last few weeks' shops are still waiting for review.
            if months_ago >= 1 or rng.random() < 0.3:
                record.status = "accepted"
                record.reviewed_at = record.submitted_at + timedelta(days=3)
                record.reviewed_by = reviewer
            else:
                record.status = "submitted"
            record.updated_at = record.reviewed_at or record.submitted_at
            db.session.add(record)
            if progress:
                progress(1)
    return count
