"""Re-measurement: a recommendation's measure before it and since, the change and its
interval.

A measure is residents' % satisfied with their contact (overall, or for one channel or
service) or a mystery-shop standard's % met (on every channel that has it, or on one).
Residents' figures are the results pages' own: the same counts, the same cell key
perturbation and threshold (``results.presenters._published``, as the headline uses).
Shop figures follow the mystery-shop page: accepted shops only
(``results_data.shop_criterion_outcomes``) through ``analysis.shops.standard_scorecard``,
and fewer than 10 shops in either period carries the caveat and no verdict.

Keys: ``satisfaction``, ``satisfaction/channel/<slug>``, ``satisfaction/service/<slug>``,
``standard/<key>`` (every channel with that standard) and ``standard/<key>/<channel slug>``.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from analysis.comparison import change_sentence, change_since
from analysis.shops import standard_scorecard
from analysis.summaries import whole_percent
from survey_app.presenters import govuk_date
from survey_app.results import presenters as results
from survey_app.services import results_data, standards
from survey_app.services.results_data import ResultsFilter

SATISFACTION = "satisfaction"
STANDARD = "standard"
MIN_SHOPS = results.MIN_SHOPS


@dataclass(frozen=True)
class Measure:
    key: str
    #: As the list of measures shows it.
    name: str
    #: How a sentence starts: "Phone satisfaction rose from...".
    subject: str
    kind: str
    channel: str | None = None
    service: str | None = None
    standard: str | None = None


def choices() -> list[Measure]:
    """Every measure a recommendation may name, in the order the list shows them."""
    channels = results_data.channel_names()
    services = results_data.service_names()
    found = [
        Measure(
            SATISFACTION,
            "Residents satisfied with their contact: all channels",
            "Residents' satisfaction",
            SATISFACTION,
        )
    ]
    for slug, name in channels.items():
        found.append(
            Measure(
                f"{SATISFACTION}/channel/{slug}",
                f"Residents satisfied with their contact: {name}",
                f"{name} satisfaction",
                SATISFACTION,
                channel=slug,
            )
        )
    for slug, name in services.items():
        found.append(
            Measure(
                f"{SATISFACTION}/service/{slug}",
                f"Residents satisfied with their contact: {name}",
                f"Satisfaction with {name}",
                SATISFACTION,
                service=slug,
            )
        )
    by_key: dict[str, list] = {}
    per_channel = []
    for channel, criteria in standards.standards_by_channel():
        for criterion in criteria:
            by_key.setdefault(criterion.key, []).append(criterion)
            per_channel.append(
                Measure(
                    f"{STANDARD}/{criterion.key}/{channel.slug}",
                    f"Standard met in mystery shops: {criterion.text} ({channel.name})",
                    f"{criterion.text} ({channel.name})",
                    STANDARD,
                    channel=channel.slug,
                    standard=criterion.key,
                )
            )
    for key, criteria in by_key.items():
        if len(criteria) > 1:
            found.append(
                Measure(
                    f"{STANDARD}/{key}",
                    f"Standard met in mystery shops: {criteria[0].text} (every channel)",
                    f"{criteria[0].text} (every channel)",
                    STANDARD,
                    standard=key,
                )
            )
    return found + per_channel


def find(key: str | None) -> Measure | None:
    if not key:
        return None
    return next((measure for measure in choices() if measure.key == key), None)


def default_dates(committee_date: date) -> tuple[date, date]:
    """Before: the 12 months up to the committee; since: from the committee's month."""
    since = committee_date.replace(day=1)
    return since.replace(year=since.year - 1), since


def periods(before_from: date, since_from: date, since_to: date | None, today: date):
    """The two periods as results filters, in whole months as the results pages count:
    before ends with the month before ``since_from``'s; since runs to ``since_to`` (or
    today)."""
    before = ResultsFilter(start=before_from, end=since_from.replace(day=1) - timedelta(days=1))
    since = ResultsFilter(start=since_from, end=since_to or today)
    return before, since


def _months(filters: ResultsFilter) -> str:
    return f"{filters.start:%B %Y} to {filters.end:%B %Y}"


def _satisfaction(measure: Measure, filters: ResultsFilter) -> dict:
    """One period's % satisfied as the results pages publish it (perturbed, suppressed)."""
    filters = ResultsFilter(
        start=filters.start, end=filters.end, channel=measure.channel, service=measure.service
    )
    counts = results_data.answer_counts(filters, questions=(results.OVERALL,))
    row = results._published(counts, results.OVERALL, None).iloc[0]
    shown = not row["suppressed"] and row["base"] > 0
    if not shown:
        return {"shown": False, "count": None, "base": None}
    return {"shown": True, "count": int(row["satisfied"]), "base": int(row["base"])}


def _standard(measure: Measure, filters: ResultsFilter) -> dict:
    """One period's % of accepted shops meeting the standard, of those where it applied."""
    filters = ResultsFilter(start=filters.start, end=filters.end, channel=measure.channel)
    criteria = results_data.shop_criterion_outcomes(filters)
    criteria = criteria[criteria["criterion"] == measure.standard]
    if criteria.empty:
        return {"shown": True, "count": 0, "base": 0}
    row = standard_scorecard(criteria).iloc[0]
    return {"shown": True, "count": int(row["met"]), "base": int(row["base"])}


def _figure(part: dict, unit: str) -> str:
    if not part["shown"]:
        return results.SUPPRESSED
    if not part["base"]:
        return f"No {unit}"
    return f"{whole_percent(100 * part['count'] / part['base'])}% ({part['base']:,} {unit})"


def figures(item, today: date | None = None) -> dict | None:
    """What the recommendation's measure shows: ``name``, ``before``/``since`` (period
    text and figure), ``change`` (points and interval, or a dash) and ``sentence``.
    None when no measure is named."""
    if not item.measure:
        return None
    today = today or date.today()
    measure = find(item.measure)
    if measure is None:
        return {
            "name": item.measure,
            "available": False,
            "sentence": "This measure is no longer available.",
        }
    before_filter, since_filter = periods(
        item.measure_before_from, item.measure_since_from, item.measure_since_to, today
    )
    read = _satisfaction if measure.kind == SATISFACTION else _standard
    unit = "answers" if measure.kind == SATISFACTION else "shops"
    before, since = read(measure, before_filter), read(measure, since_filter)
    result = {
        "name": measure.name,
        "available": True,
        "before_period": _months(before_filter),
        "since_period": _months(since_filter),
        "before": _figure(before, unit),
        "since": _figure(since, unit),
        "change": "-",
        "interval": "-",
        "caveat": "",
    }
    if not (before["shown"] and since["shown"]):
        result["sentence"] = (
            f"{measure.subject}: not compared, as fewer than "
            f"{results._threshold()} people answered in one of the periods."
        )
        return result
    if not (before["base"] and since["base"]):
        result["sentence"] = f"{measure.subject}: not compared, as one period has no {unit}."
        return result
    change = change_since(before["count"], before["base"], since["count"], since["base"])
    result["change"] = f"{round(change['change']):+d} points"
    result["interval"] = f"{round(change['low'])} to {round(change['high'])} points"
    few = measure.kind == STANDARD and min(before["base"], since["base"]) < MIN_SHOPS
    sentence = change_sentence(measure.subject, change, verdict=not few)
    if few:
        result["caveat"] = f"Fewer than {MIN_SHOPS} shops: treat with caution"
        sentence += f". This rests on fewer than {MIN_SHOPS} shops, too few to say"
    result["sentence"] = sentence + "."
    return result


def dates_text(item, today: date | None = None) -> str:
    """The dates as the person chose them, for the summary list."""
    end = govuk_date(item.measure_since_to) if item.measure_since_to else "today"
    return (
        f"Before: from {govuk_date(item.measure_before_from)}; since: from "
        f"{govuk_date(item.measure_since_from)} to {end}"
    )
