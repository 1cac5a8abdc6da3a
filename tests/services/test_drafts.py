"""Reading a draft for the resident journey (one row) and its survey definition."""

from datetime import timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Channel, Draft, SurveyVersion
from survey_app.services.responses import draft_definition, draft_state, get_draft, start_draft
from survey_app.services.surveys import open_version_for_channel


def _new_draft(slug="email", service=None):
    _, version = open_version_for_channel(slug)
    channel = db.session.scalar(select(Channel).where(Channel.slug == slug))
    return start_draft(version, channel, service=service)


def test_draft_state_has_what_the_journey_needs(app):
    with app.app_context():
        draft = _new_draft("email")
        token, draft_id = draft.token, draft.id
        version_id, channel_id = draft.survey_version_id, draft.channel_id
        published = db.session.get(SurveyVersion, version_id).published_at
        state = draft_state(token)
        assert state.id == draft_id
        assert state.answers == {}
        assert (state.channel_id, state.channel_slug, state.channel_active) == (
            channel_id,
            "email",
            True,
        )
        assert (state.survey_version_id, state.published_at) == (version_id, published)


def test_no_draft_state_without_a_live_draft(app):
    with app.app_context():
        assert draft_state(None) is None
        assert draft_state("") is None
        assert draft_state("no-such-token") is None
        draft = _new_draft()
        token = draft.token
        draft.expires_at = draft.expires_at - timedelta(days=1)
        db.session.commit()
        assert draft_state(token) is None
        assert get_draft(token) is None


def test_the_definition_is_the_same_for_a_draft_and_its_state(app):
    with app.app_context():
        token = _new_draft("phone").token
        from_state = draft_definition(draft_state(token))
        from_draft = draft_definition(get_draft(token))
        version = db.session.scalar(select(SurveyVersion).join(Draft).where(Draft.token == token))
        assert from_state is from_draft  # read and parsed once per process
        assert from_state == version.definition


def test_a_version_definition_is_read_once_and_shared(app):
    from survey_app.services.responses import version_definition

    with app.app_context():
        _, version = open_version_for_channel("phone")
        first = version_definition(version.id)
        assert first == version.definition
        assert version_definition(version.id) is first
        assert version_definition(version.id, version.published_at) is first
