"""The landing page question: how the resident contacted the council."""

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired

from forms.fields import GovRadioField, choices_from


class ChannelForm(FlaskForm):
    channel = GovRadioField(
        lazy_gettext("How did you contact the council?"),
        validators=[InputRequired(message=lazy_gettext("Select how you contacted the council"))],
        invalid_message=lazy_gettext("Select how you contacted the council"),
    )

    def __init__(self, *args, channels: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.channel.choices = choices_from(channels)


class StartForm(FlaskForm):
    """The start button: a POST, so starting a survey is never triggered by a link preview."""
