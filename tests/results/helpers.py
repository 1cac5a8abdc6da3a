"""Small, exact data sets for the results tests, written straight to the database."""

import itertools
from datetime import date

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Answer, Channel, Response, Service, Survey

_keys = itertools.count(1)


def add_responses(
    count: int,
    *,
    channel: str = "phone",
    service: str | None = "council-tax",
    mode: str = "online",
    submitted_on: date = date(2026, 6, 15),
    overall: str = "fairly_satisfied",
    council: str | None = "neither",
    comment: str | None = None,
    record_key: int = 0,
    language: str = "en",
    extra: dict[str, str] | None = None,
) -> None:
    """``count`` identical responses; each call commits.

    Every response gets ``record_key`` (0 unless given): with keys of 0 every cell key is 0,
    which the ptable maps to no change for counts of 3 or more (``analysis.cell_key``), so
    the tests' hand-worked figures stay exact; tests of the perturbation give other keys.
    ``language`` is the language the resident answered in; ``extra`` more answers by key.
    """
    version = db.session.scalar(select(Survey)).current_version
    channel_id = db.session.scalar(select(Channel.id).where(Channel.slug == channel))
    service_id = (
        db.session.scalar(select(Service.id).where(Service.slug == service)) if service else None
    )
    for _ in range(count):
        answers = [Answer(question_key="overall_satisfaction", value=overall)]
        if council:
            answers.append(Answer(question_key="council_satisfaction", value=council))
        if service:
            answers.append(Answer(question_key="service", value=service))
        if comment:
            answers.append(Answer(question_key="comments", value=comment))
        answers += [Answer(question_key=key, value=value) for key, value in (extra or {}).items()]
        db.session.add(
            Response(
                survey_version_id=version.id,
                channel_id=channel_id,
                service_id=service_id,
                completion_mode=mode,
                language=language,
                submitted_on=submitted_on,
                submission_key=f"test-{next(_keys)}",
                record_key=record_key,
                answers=answers,
            )
        )
    db.session.commit()
