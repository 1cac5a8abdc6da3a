"""Scoring on hand-worked cases; every expected number here was counted by hand."""

from datetime import date, datetime

import pytest

from survey_app.services.scoring import (
    BEHAVIOUR,
    HOURS_TO_ACKNOWLEDGE,
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    SECONDS_TO_ANSWER,
    TIMED,
    WORKING_DAYS_TO_REPLY,
    Criterion,
    reply_measures,
    score_shop,
    working_day_deadline,
    working_days_between,
)

ANSWERED_30S = Criterion(
    "answered", "Answered within 30 seconds", TIMED, 2, measure=SECONDS_TO_ANSWER, limit=30
)
REPLY_3_DAYS = Criterion(
    "reply", "Reply within 3 working days", TIMED, 2, measure=WORKING_DAYS_TO_REPLY, limit=3
)
ACK_24H = Criterion(
    "ack", "Acknowledged within 24 hours", TIMED, 1, measure=HOURS_TO_ACKNOWLEDGE, limit=24
)
POLITE = Criterion("polite", "Polite", BEHAVIOUR, 1)
PLAIN = Criterion("plain", "Plain English", BEHAVIOUR, 1)
ACCURATE = Criterion("accurate", "Accurate answer", BEHAVIOUR, 2, critical=True)


@pytest.mark.parametrize(
    ("seconds", "outcome"), [(25, MET), (30, MET), (31, NOT_MET), (None, NOT_MET)]
)
def test_phone_answer_time_against_30_second_standard(seconds, outcome):
    score = score_shop([ANSWERED_30S], {SECONDS_TO_ANSWER: seconds}, {})
    assert score.results[0].outcome == outcome
    assert score.points_earned == (2 if outcome == MET else 0)
    assert score.points_possible == 2


def test_friday_afternoon_email_answered_next_wednesday_is_within_3_working_days():
    # Sent Fri 20 Nov 2026 at 15:40. Counting from the next day: Sat, Sun skipped;
    # Mon 23 = 1, Tue 24 = 2, Wed 25 = 3. Three working days: the standard is met.
    sent = datetime(2026, 11, 20, 15, 40)
    replied = datetime(2026, 11, 25, 9, 15)
    assert working_days_between(sent.date(), replied.date()) == 3
    score = score_shop([REPLY_3_DAYS], reply_measures(sent, None, replied), {})
    assert score.results[0].outcome == MET


def test_reply_on_thursday_after_late_may_bank_holiday():
    # Sent Fri 24 May 2024. Sat 25, Sun 26 weekend; Mon 27 May 2024 is the Spring bank
    # holiday; Tue 28 = 1, Wed 29 = 2, Thu 30 = 3. Met. Counting weekdays alone would give 4.
    sent = datetime(2024, 5, 24, 14, 0)
    replied = datetime(2024, 5, 30, 16, 0)
    assert working_days_between(sent.date(), replied.date()) == 3
    score = score_shop([REPLY_3_DAYS], reply_measures(sent, None, replied), {})
    assert score.results[0].outcome == MET


def test_reply_a_day_earlier_sent_misses_over_the_bank_holiday():
    # Sent Thu 23 May 2024: Fri 24 = 1, weekend, Mon 27 bank holiday, Tue 28 = 2,
    # Wed 29 = 3, Thu 30 = 4. Four working days: the 3-day standard is not met.
    sent = datetime(2024, 5, 23, 10, 0)
    replied = datetime(2024, 5, 30, 10, 0)
    assert working_days_between(sent.date(), replied.date()) == 4
    score = score_shop([REPLY_3_DAYS], reply_measures(sent, None, replied), {})
    assert score.results[0].outcome == NOT_MET


def test_august_bank_holiday_is_skipped():
    # Fri 23 Aug 2024 to Tue 27 Aug 2024: weekend, Mon 26 Aug bank holiday, Tue 27 = 1.
    assert working_days_between(date(2024, 8, 23), date(2024, 8, 27)) == 1


def test_reply_deadline_steps_over_the_christmas_bank_holidays():
    # Wed 23 Dec 2026: Thu 24 = 1, Fri 25 Christmas, Sat, Sun, Mon 28 Boxing Day (observed),
    # Tue 29 = 2, Wed 30 = 3. The last day for a 3-working-day reply is Wed 30 Dec 2026.
    assert working_day_deadline(date(2026, 12, 23), 3) == date(2026, 12, 30)


def test_acknowledgement_hours_use_the_reply_when_there_was_no_separate_acknowledgement():
    sent = datetime(2026, 11, 2, 9, 0)
    measures = reply_measures(sent, None, datetime(2026, 11, 3, 9, 30))
    assert measures[HOURS_TO_ACKNOWLEDGE] == 24.5
    score = score_shop([ACK_24H], measures, {})
    assert score.results[0].outcome == NOT_MET
    measures = reply_measures(sent, datetime(2026, 11, 2, 9, 5), datetime(2026, 11, 5, 12, 0))
    assert score_shop([ACK_24H], measures, {}).results[0].outcome == MET


def test_no_reply_fails_both_reply_standards():
    measures = reply_measures(datetime(2026, 11, 2, 9, 0), None, None)
    score = score_shop([ACK_24H, REPLY_3_DAYS], measures, {})
    assert [r.outcome for r in score.results] == [NOT_MET, NOT_MET]
    assert (score.points_earned, score.points_possible, score.score_percent) == (0, 3, 0.0)


def test_not_applicable_criteria_leave_the_denominator():
    # Answered in 20 s (2 of 2), polite met (1 of 1), plain English not applicable (left out),
    # accurate not applicable (left out). 3 of 3 = 100%.
    score = score_shop(
        [ANSWERED_30S, POLITE, PLAIN, ACCURATE],
        {SECONDS_TO_ANSWER: 20},
        {"polite": MET, "plain": NOT_APPLICABLE, "accurate": NOT_APPLICABLE},
    )
    assert (score.points_earned, score.points_possible) == (3, 3)
    assert score.score_percent == 100.0
    assert score.capped is False


def test_score_is_points_earned_over_points_possible():
    # 31 s fails (0 of 2), polite met (1), plain English not met (0 of 1), accurate met (2).
    # Earned 3 of 6 = 50.0%.
    score = score_shop(
        [ANSWERED_30S, POLITE, PLAIN, ACCURATE],
        {SECONDS_TO_ANSWER: 31},
        {"polite": MET, "plain": NOT_MET, "accurate": MET},
    )
    assert (score.points_earned, score.points_possible, score.score_percent) == (3, 6, 50.0)


def test_failed_critical_criterion_caps_the_score():
    # Answered in 10 s (2), polite (1), plain (1), accurate NOT met (0 of 2): 4 of 6 = 66.7%,
    # capped to 50% because accuracy is critical.
    score = score_shop(
        [ANSWERED_30S, POLITE, PLAIN, ACCURATE],
        {SECONDS_TO_ANSWER: 10},
        {"polite": MET, "plain": MET, "accurate": NOT_MET},
    )
    assert (score.points_earned, score.points_possible) == (4, 6)
    assert score.score_percent == 50.0
    assert score.capped is True


def test_cap_never_raises_a_lower_score():
    # 31 s (0 of 2), polite not met (0 of 1), accurate not met (0 of 2): 0% stays 0%.
    score = score_shop(
        [ANSWERED_30S, POLITE, ACCURATE],
        {SECONDS_TO_ANSWER: 31},
        {"polite": NOT_MET, "accurate": NOT_MET},
        cap_percent=50,
    )
    assert score.score_percent == 0.0
    assert score.capped is True


def test_everything_not_applicable_gives_no_score():
    score = score_shop([POLITE], {}, {"polite": NOT_APPLICABLE})
    assert (score.points_possible, score.score_percent) == (0, None)


def test_missing_behaviour_outcome_is_refused():
    with pytest.raises(ValueError, match="polite"):
        score_shop([POLITE], {}, {})
