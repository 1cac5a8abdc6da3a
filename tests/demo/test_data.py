"""The demo data looks like the borough: equality answers in proportions close to Harrow's
Census 2021, comments that fit the channel they were left on, and mystery shops whose
channels fare as the README says."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from survey_app.demo.data import COMMENTS_BY_CHANNEL, generate_demo_responses, generate_demo_shops
from survey_app.extensions import db
from survey_app.models import Answer, Channel, EqualityResponse, Response, ShopRecord


@pytest.fixture
def demo(app):
    generate_demo_responses(4000, seed=11)
    generate_demo_shops(400, seed=11)


def test_ethnic_groups_are_in_the_borough_s_proportions(demo):
    answers = Counter(db.session.scalars(select(EqualityResponse.ethnicity)))
    groups = Counter(db.session.scalars(select(EqualityResponse.ethnic_group)))
    stated = sum(n for code, n in groups.items() if code not in (None, "prefer_not_to_say"))
    assert stated > 1500
    share = {group: groups[group] / stated for group in groups}
    # Harrow, Census 2021: Asian about 45%, White about 37%, Black 7%, Other 7%, Mixed 4%.
    assert 0.40 < share["asian"] < 0.50
    assert 0.32 < share["white"] < 0.42
    assert 0.04 < share["black"] < 0.10
    assert 0.02 < share["mixed"] < 0.07
    assert share["asian"] > share["white"] > max(share["black"], share["other"], share["mixed"])
    british = answers["english_welsh_scottish_northern_irish_british"] / stated
    assert 0.17 < british < 0.25
    # The largest single background is Indian; the small ones stay small.
    assert answers.most_common(1)[0][0] == "indian"
    assert answers["roma"] + answers["gypsy_or_irish_traveller"] < 0.02 * stated
    assert answers["english_welsh_scottish_northern_irish_british"] > 10 * answers["roma"]


def test_comments_match_the_channel_they_were_left_on(demo):
    rows = db.session.execute(
        select(Channel.slug, Answer.value)
        .join(Response, Answer.response_id == Response.id)
        .join(Channel, Response.channel_id == Channel.id)
        .where(Answer.question_key == "comments")
    ).all()
    assert len(rows) > 300
    for slug, comment in rows:
        assert comment in COMMENTS_BY_CHANNEL[slug], (slug, comment)
    by_comment = {comment: {slug for slug, text in rows if text == comment} for _, comment in rows}
    assert by_comment["The webchat answered quickly and gave me a link that worked."] == {"webchat"}
    assert by_comment["I waited a long time on hold before anyone answered."] == {"phone"}


def test_social_media_and_letters_fare_badly_in_shops_and_webchat_well(demo):
    means = dict(
        db.session.execute(
            select(Channel.slug, func.avg(ShopRecord.score_percent))
            .join(ShopRecord.channel)
            .group_by(Channel.slug)
        ).all()
    )
    ranked = sorted(means, key=means.get)
    assert set(ranked[:2]) == {"social-media", "letter"}, means
    assert ranked[-1] == "webchat", means
    assert means["social-media"] < 60
    counts = dict(
        db.session.execute(
            select(Channel.slug, func.count()).join(ShopRecord.channel).group_by(Channel.slug)
        ).all()
    )
    assert counts["social-media"] >= 30


def test_residents_on_social_media_are_the_least_satisfied(demo):
    rows = db.session.execute(
        select(Channel.slug, Answer.value)
        .join(Response, Answer.response_id == Response.id)
        .join(Channel, Response.channel_id == Channel.id)
        .where(Answer.question_key == "overall_satisfaction", Answer.value != "dont_know")
    ).all()
    satisfied, total = Counter(), Counter()
    for slug, value in rows:
        total[slug] += 1
        satisfied[slug] += value in ("very_satisfied", "fairly_satisfied")
    rate = {slug: satisfied[slug] / total[slug] for slug in total}
    assert min(rate, key=rate.get) == "social-media", rate
    assert max(rate, key=rate.get) in ("face-to-face", "webchat"), rate
