"""Mystery-shop scoring against the service standards. Pure: plain data in, plain data out.

No Flask and no SQLAlchemy here, so every rule can be checked on hand-worked cases.

The rules (shown to shoppers and reviewers on the record page):

* A timed criterion is met when the measured value is at most its limit ("answered within
  30 seconds" is met at 30 seconds and failed at 31). Something that never happened (a call
  not answered, no reply) fails it.
* Working days are counted from the day after sending up to and including the day of the
  reply, skipping Saturdays, Sundays and England and Wales bank holidays.
* Score = points earned / points possible, leaving out criteria marked not applicable.
* If any critical criterion is not met, the score is capped (at 50% by default).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import holidays

from survey_app.caching import kept

MET = "met"
NOT_MET = "not_met"
# "na" is what analysis.shops.standard_scorecard reads, so stored outcomes feed it unchanged.
NOT_APPLICABLE = "na"
OUTCOMES = (MET, NOT_MET, NOT_APPLICABLE)
OUTCOME_LABELS = {MET: "Met", NOT_MET: "Not met", NOT_APPLICABLE: "Not applicable"}

TIMED = "timed"
BEHAVIOUR = "behaviour"

SECONDS_TO_ANSWER = "seconds_to_answer"
MINUTES_WAITED = "minutes_waited"
HOURS_TO_ACKNOWLEDGE = "hours_to_acknowledge"
WORKING_DAYS_TO_REPLY = "working_days_to_reply"
MEASURE_UNITS = {
    SECONDS_TO_ANSWER: "seconds",
    MINUTES_WAITED: "minutes",
    HOURS_TO_ACKNOWLEDGE: "hours",
    WORKING_DAYS_TO_REPLY: "working days",
}
# Measures that need a reply: a channel with one is shopped in two stages.
REPLY_MEASURES = frozenset({HOURS_TO_ACKNOWLEDGE, WORKING_DAYS_TO_REPLY})

DEFAULT_CRITICAL_CAP_PERCENT = 50.0


@dataclass(frozen=True)
class Criterion:
    key: str
    text: str
    kind: str
    points: int
    critical: bool = False
    measure: str | None = None
    limit: int | None = None


@dataclass(frozen=True)
class CriterionResult:
    key: str
    text: str
    points: int
    critical: bool
    outcome: str
    measured: float | None = None
    measure: str | None = None


@dataclass(frozen=True)
class ShopScore:
    points_earned: int
    points_possible: int
    # None when every criterion was not applicable: there is nothing to score.
    score_percent: float | None
    capped: bool
    results: tuple[CriterionResult, ...]


@kept(maxsize=1)
def england_and_wales_bank_holidays() -> holidays.HolidayBase:
    # The library expands years on demand; the same object serves every call.
    return holidays.country_holidays("GB", subdiv="ENG")


def is_working_day(day: date, bank_holidays: Callable[[date], bool] | None = None) -> bool:
    is_holiday = bank_holidays or england_and_wales_bank_holidays().__contains__
    return day.weekday() < 5 and not is_holiday(day)


def working_days_between(sent: date, replied: date) -> int:
    """Working days after the day of sending, up to and including the day of the reply."""
    count = 0
    day = sent + timedelta(days=1)
    while day <= replied:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def working_day_deadline(sent: date, working_days: int) -> date:
    """The last day on which a reply is still within ``working_days`` of ``sent``."""
    day = sent
    counted = 0
    while counted < working_days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def hours_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def reply_measures(
    sent_at: datetime, acknowledged_at: datetime | None, replied_at: datetime | None
) -> dict[str, float | None]:
    """Timings for an email or letter. A reply with no separate acknowledgement acknowledges."""
    first_response = acknowledged_at or replied_at
    return {
        HOURS_TO_ACKNOWLEDGE: hours_between(sent_at, first_response) if first_response else None,
        WORKING_DAYS_TO_REPLY: (
            working_days_between(sent_at.date(), replied_at.date()) if replied_at else None
        ),
    }


def judge_timed(criterion: Criterion, measured: float | None) -> str:
    if measured is None:
        return NOT_MET
    return MET if measured <= criterion.limit else NOT_MET


def score_shop(
    criteria: Iterable[Criterion],
    measures: Mapping[str, float | None],
    behaviours: Mapping[str, str],
    cap_percent: float = DEFAULT_CRITICAL_CAP_PERCENT,
) -> ShopScore:
    """Score one shop.

    ``measures`` maps a measure name to the recorded value (None if it never happened);
    ``behaviours`` maps a behaviour criterion's key to met, not met or not applicable.
    """
    results = []
    for criterion in criteria:
        if criterion.kind == TIMED:
            measured = measures.get(criterion.measure)
            outcome = judge_timed(criterion, measured)
        else:
            measured = None
            outcome = behaviours.get(criterion.key)
            if outcome not in OUTCOMES:
                raise ValueError(f"No outcome recorded for {criterion.key!r}")
        results.append(
            CriterionResult(
                key=criterion.key,
                text=criterion.text,
                points=criterion.points,
                critical=criterion.critical,
                outcome=outcome,
                measured=measured,
                measure=criterion.measure,
            )
        )
    scored = [r for r in results if r.outcome != NOT_APPLICABLE]
    possible = sum(r.points for r in scored)
    earned = sum(r.points for r in scored if r.outcome == MET)
    critical_failed = any(r.critical and r.outcome == NOT_MET for r in scored)
    percent = round(100 * earned / possible, 1) if possible else None
    if critical_failed and percent is not None:
        percent = min(percent, cap_percent)
    return ShopScore(
        points_earned=earned,
        points_possible=possible,
        score_percent=percent,
        capped=critical_failed,
        results=tuple(results),
    )
