"""Forms for survey administration: surveys, questions, reference data, links, paper entry.

Choices arrive through each constructor; nothing here reads the database.
"""

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, StopValidation

from forms.fields import (
    GovCheckboxesField,
    GovDateField,
    GovIntegerField,
    GovRadioField,
    choices_from,
    reject_control_characters,
)

SURVEY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,58}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
QUESTION_KEY_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
OPTION_VALUE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# The question types an admin picks from. "service" is a single choice whose options are the
# council's services list, so adding a service never needs the survey to change.
QUESTION_TYPES = [
    ("single_choice", "Single choice", "Radios: the resident picks one option"),
    ("multiple_choice", "Multiple choice", "Checkboxes: the resident picks any number"),
    ("service", "Council service", "Radios listing the active services"),
    ("satisfaction", "Satisfaction scale", "Very satisfied to very dissatisfied, and don't know"),
    ("yes_no", "Yes or no", ""),
    ("text", "Free text", "With a character limit"),
    ("number", "Whole number", "With an optional range"),
    ("date", "Date", "Day, month and year"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


def text_field(label, *, required=None, max_length=200, hint=""):
    """A GOV.UK text input with a length limit and, if given, a required message."""
    validators = [InputRequired(message=required)] if required else [Optional()]
    validators.append(
        Length(max=max_length, message=f"{label} must be {max_length} characters or fewer")
    )
    validators.append(reject_control_characters)
    return StringField(label, widget=GovTextInput(), validators=validators, description=hint)


def parse_option_lines(text: str) -> list[dict[str, str]]:
    """Options typed one per line as ``value | label``, or a label alone.

    A label alone gets a value made from it ("Very easy" -> "very_easy"). Raises
    ``ValueError`` with a message naming the line that cannot be used.
    """
    options = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if "|" in line:
            value, label = (part.strip() for part in line.split("|", 1))
        else:
            label = line
            value = re.sub(r"[^a-z0-9]+", "_", line.lower()).strip("_")[:64]
        if not label:
            raise ValueError(f"Option on line {number} needs a label after the |")
        if not OPTION_VALUE_PATTERN.match(value):
            raise ValueError(
                f"Option value on line {number} must use only letters, numbers, "
                "hyphens and underscores"
            )
        options.append({"value": value, "label": label})
    return options


def option_lines(options: list[dict[str, str]]) -> str:
    return "\n".join(f"{o['value']} | {o['label']}" for o in options)


class NewSurveyForm(FlaskForm):
    title = text_field("Survey title", required="Enter the survey title")
    survey_id = StringField(
        "Survey ID",
        widget=GovTextInput(),
        description=(
            "Used in files and exports. Lowercase letters, numbers and hyphens, "
            "for example customer-care-2027"
        ),
        validators=[
            InputRequired(message="Enter the survey ID"),
            Regexp(
                SURVEY_ID_PATTERN,
                message="Survey ID must be 2 to 59 characters: lowercase letters, numbers "
                "and hyphens, starting with a letter or number",
            ),
        ],
    )
    channels = GovCheckboxesField(
        "Which channels is it for?",
        validators=[InputRequired(message="Select at least one channel")],
        invalid_message="Select channels from the list",
    )

    def __init__(self, *args, channels: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.channels.choices = choices_from(channels)


class SurveySettingsForm(FlaskForm):
    title = text_field("Survey title", required="Enter the survey title")
    retention_days = GovIntegerField(
        "How many days to keep responses",
        description="Between 30 and 3650. Responses older than this are deleted.",
        invalid_message="How many days to keep responses must be a whole number, like 730",
        validators=[
            InputRequired(message="Enter how many days to keep responses"),
            NumberRange(
                min=30, max=3650, message="How many days to keep responses must be 30 to 3650"
            ),
        ],
    )
    channels = GovCheckboxesField(
        "Which channels is it for?",
        validators=[InputRequired(message="Select at least one channel")],
        invalid_message="Select channels from the list",
    )
    equality_questions = GovCheckboxesField(
        "Which equality questions does it ask?",
        description="Asked after the survey's own questions, all optional for the resident. "
        "Select none to ask none.",
        invalid_message="Select equality questions from the list",
    )

    def __init__(
        self,
        *args,
        channels: list[tuple[str, str]],
        equality_questions: list[tuple[str, str]],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.channels.choices = choices_from(channels)
        self.equality_questions.choices = choices_from(equality_questions)


class ScheduleForm(FlaskForm):
    opens_on = GovDateField(
        "Opens on (optional)",
        thing="Opening date",
        description="Residents can answer from this day. For example, 5 1 2027",
    )
    closes_on = GovDateField(
        "Closes on (optional)",
        thing="Closing date",
        description="The last day residents can answer. For example, 31 3 2027",
    )

    def validate_closes_on(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise StopValidation("Closing date must be the same as or after the opening date")


class QuestionForm(FlaskForm):
    text = text_field(
        "Question", required="Enter the question", max_length=300, hint="As the resident reads it"
    )
    key = StringField(
        "Question key",
        widget=GovTextInput(),
        description="Names the answer in results and exports, for example staff_helpful",
        validators=[
            InputRequired(message="Enter the question key"),
            Regexp(
                QUESTION_KEY_PATTERN,
                message="Question key must start with a lowercase letter and use only "
                "lowercase letters, numbers and underscores",
            ),
        ],
    )
    type = GovRadioField(
        "Type of answer",
        validators=[InputRequired(message="Select the type of answer")],
        invalid_message="Select the type of answer",
        choices=choices_from((value, label) for value, label, _hint in QUESTION_TYPES),
        option_hints={value: hint for value, _label, hint in QUESTION_TYPES if hint},
    )
    hint = text_field("Hint (optional)", max_length=300, hint="Help shown under the question")
    summary = text_field(
        "Short name (optional)",
        max_length=80,
        hint="Used on Check your answers and in results, for example Staff helpfulness",
    )
    required = GovRadioField(
        "Must residents answer it?",
        validators=[InputRequired(message="Select yes if residents must answer it")],
        invalid_message="Select yes if residents must answer it",
        choices=choices_from(YES_NO),
    )
    error_required = text_field(
        "Message when it is not answered (optional)",
        max_length=200,
        hint="For example, Select how helpful the staff were",
    )
    options = TextAreaField(
        "Options (single and multiple choice only)",
        widget=GovTextArea(),
        description="One per line, as value | label, for example very_easy | Very easy",
        validators=[
            Optional(),
            Length(max=5000, message="Options must be 5,000 characters or fewer"),
        ],
    )
    max_length = GovIntegerField(
        "Character limit (free text only)",
        invalid_message="Character limit must be a whole number, like 1200",
        validators=[
            Optional(),
            NumberRange(min=1, max=5000, message="Character limit must be 1 to 5000"),
        ],
    )
    min = GovIntegerField(
        "Lowest number allowed (whole number only, optional)",
        invalid_message="Lowest number allowed must be a whole number, like 1",
        validators=[Optional()],
    )
    max = GovIntegerField(
        "Highest number allowed (whole number only, optional)",
        invalid_message="Highest number allowed must be a whole number, like 99",
        validators=[Optional()],
    )
    suffix = text_field(
        "Unit after the number (optional)", max_length=20, hint="For example, times"
    )
    past_only = GovRadioField(
        "Must the date be today or earlier? (date only)",
        validators=[Optional()],
        invalid_message="Select yes if the date must be today or earlier",
        choices=choices_from(YES_NO),
    )
    channels = GovCheckboxesField(
        "Ask it only on these channels (optional)",
        description="Leave all unticked to ask it on every channel",
        validators=[Optional()],
        invalid_message="Select channels from the list",
    )
    page = SelectField(
        "Page",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
        description="Questions on the same page are shown together",
    )

    def __init__(self, *args, channels: list[tuple[str, str]], pages: list[tuple[str, str]], **kw):
        super().__init__(*args, **kw)
        self.channels.choices = choices_from(channels)
        self.page.choices = [("", "On a page of its own"), *pages]

    def validate_page(self, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise StopValidation("Select a page from the list")

    def validate(self, extra_validators=None):
        """Field checks, then the checks that depend on the type chosen."""
        valid = super().validate(extra_validators)
        kind = self.type.data
        problems = []
        if kind == "text" and self.max_length.data is None and not self.max_length.errors:
            problems.append((self.max_length, "Enter a character limit for a free text question"))
        if (
            kind == "number"
            and None not in (self.min.data, self.max.data)
            and self.min.data > self.max.data
        ):
            problems.append((self.max, "Highest number allowed must be at least the lowest"))
        if kind in ("single_choice", "multiple_choice") and not self.options.errors:
            try:
                options = parse_option_lines(self.options.data)
            except ValueError as error:
                problems.append((self.options, str(error)))
            else:
                values = [o["value"] for o in options]
                if not options:
                    problems.append((self.options, "Enter at least one option, one per line"))
                elif len(values) != len(set(values)):
                    problems.append((self.options, "Give each option a different value"))
        for field, message in problems:
            field.errors.append(message)
        return valid and not problems


class PageForm(FlaskForm):
    title = text_field(
        "Page heading",
        max_length=200,
        hint="Needed when the page has more than one question",
    )
    channels = GovCheckboxesField(
        "Show the page only on these channels (optional)",
        description="Leave all unticked to show it on every channel",
        validators=[Optional()],
        invalid_message="Select channels from the list",
    )

    def __init__(self, *args, channels: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.channels.choices = choices_from(channels)


class DefinitionUploadForm(FlaskForm):
    file = FileField(
        "Upload a file",
        widget=GovFileInput(),
        description="A survey definition in YAML (.yaml) or JSON (.json), or an XLSForm (.xlsx)",
        validators=[InputRequired(message="Select a file to upload")],
    )


class ResponsesUploadForm(FlaskForm):
    file = FileField(
        "Upload a CSV file",
        widget=GovFileInput(),
        description="In the format of the full response export, saved as CSV (UTF-8)",
        validators=[InputRequired(message="Select a CSV file")],
    )
    # Shown once a file, or some of its rows, turn out to have been imported before.
    confirm_new = GovCheckboxesField(
        "Are these new responses?",
        choices=choices_from(
            [("yes", "These are new responses, not ones already imported: import them anyway")]
        ),
    )


class CriterionForm(FlaskForm):
    """A mystery-shop standard. ``kind`` is asked only when adding one (``adding=True``)."""

    text = StringField(
        "What the standard says",
        widget=GovTextInput(),
        description="As the shopper and the review group will read it, for example "
        "Call answered within 30 seconds",
        validators=[
            InputRequired(message="Enter what the standard says"),
            Length(max=200, message="What the standard says must be 200 characters or fewer"),
            reject_control_characters,
        ],
    )
    kind = GovRadioField(
        "How is it checked?",
        choices=choices_from(
            [
                ("behaviour", "The shopper records met, not met or not applicable"),
                ("timed", "Worked out from the times the shopper records"),
            ]
        ),
        validators=[InputRequired(message="Select how the standard is checked")],
        invalid_message="Select how the standard is checked",
    )
    measure = GovRadioField(
        "What is timed?",
        description="Hours until acknowledged and working days until a full reply are timed "
        "from the shopper's message to the council's answer. A channel with either is shopped "
        "in two stages: the shopper records the contact, then the reply when it comes "
        "(a call back on the phone, for example).",
        validators=[Optional()],
        invalid_message="Select what is timed",
    )
    limit = GovIntegerField(
        "Limit",
        description="The standard is met when the time is at most this, in the unit of the "
        "measure (seconds, minutes, hours or working days)",
        invalid_message="Limit must be a whole number, like 30",
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000, message="Limit must be 0 to 100,000"),
        ],
    )
    points = GovIntegerField(
        "Points",
        description="What meeting the standard is worth, from 1 to 10",
        invalid_message="Points must be a whole number, like 2",
        validators=[
            InputRequired(message="Enter the points"),
            NumberRange(min=1, max=10, message="Points must be 1 to 10"),
        ],
    )
    critical = GovRadioField(
        "Is it critical?",
        description="Failing a critical standard caps the whole shop's score",
        choices=choices_from(YES_NO),
        validators=[InputRequired(message="Select yes if the standard is critical")],
        invalid_message="Select yes if the standard is critical",
    )
    active = GovRadioField(
        "Is it used for new shops?",
        description="Shops already submitted keep the standards they were scored against",
        choices=choices_from(YES_NO),
        validators=[InputRequired(message="Select yes if the standard is used for new shops")],
        invalid_message="Select yes if the standard is used for new shops",
    )

    def __init__(self, *args, measures: list[tuple[str, str]], kind: str | None = None, **kw):
        """``kind`` is the existing standard's kind; without it, a new standard is added."""
        super().__init__(*args, **kw)
        self.measure.choices = choices_from(measures)
        self.existing_kind = kind
        if kind is not None:
            # The kind of an existing standard is fixed, so it is not a field on the page.
            del self.kind

    @property
    def is_timed(self) -> bool:
        return (self.existing_kind or self.kind.data) == "timed"

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.is_timed:
            if not self.measure.data and not self.measure.errors:
                self.measure.errors.append("Select what is timed")
                valid = False
            if self.limit.data is None and not self.limit.errors:
                self.limit.errors.append("Enter the limit")
                valid = False
        return valid


class ConfirmForm(FlaskForm):
    """A button that changes something: a POST, protected by the CSRF token."""


class ServiceDetailsForm(FlaskForm):
    name = text_field("Service name", required="Enter the service name", max_length=120)
    slug = StringField(
        "Service slug",
        widget=GovTextInput(),
        description="Used in links, for example council-tax",
        validators=[
            InputRequired(message="Enter the service slug"),
            Length(max=60, message="Service slug must be 60 characters or fewer"),
            Regexp(
                SLUG_PATTERN,
                message="Service slug must use only lowercase letters, numbers and hyphens, "
                "starting with a letter or number",
            ),
        ],
    )
    active = GovRadioField(
        "Can residents choose it?",
        validators=[InputRequired(message="Select yes if residents can choose it")],
        invalid_message="Select yes if residents can choose it",
        choices=choices_from(YES_NO),
    )


class ChannelDetailsForm(FlaskForm):
    name = text_field("Channel name", required="Enter the channel name", max_length=80)
    slug = StringField(
        "Channel slug",
        widget=GovTextInput(),
        description="The end of the survey link, for example phone",
        validators=[
            InputRequired(message="Enter the channel slug"),
            Length(max=40, message="Channel slug must be 40 characters or fewer"),
            Regexp(
                SLUG_PATTERN,
                message="Channel slug must use only lowercase letters, numbers and hyphens, "
                "starting with a letter or number",
            ),
        ],
    )
    description = text_field(
        "Description",
        max_length=200,
        hint="How residents see it, for example By phone (Access Harrow)",
    )
    sort_order = GovIntegerField(
        "Position in lists",
        description="Lower numbers come first",
        invalid_message="Position in lists must be a whole number, like 3",
        validators=[
            InputRequired(message="Enter the position in lists"),
            NumberRange(min=0, max=999, message="Position in lists must be 0 to 999"),
        ],
    )
    active = GovRadioField(
        "Can residents use it?",
        validators=[InputRequired(message="Select yes if residents can use it")],
        invalid_message="Select yes if residents can use it",
        choices=choices_from(YES_NO),
    )


class LinkServiceForm(FlaskForm):
    """Which service the links should preselect; a GET form, so it has no CSRF token."""

    service = SelectField(
        "Service (optional)", widget=GovSelect(), validators=[Optional()], validate_choice=False
    )

    def __init__(self, *args, services: list[tuple[str, str]], **kwargs):
        super().__init__(*args, meta={"csrf": False}, **kwargs)
        self.service.choices = [("", "Any service (the resident chooses)"), *services]


class PaperStartForm(FlaskForm):
    survey = GovRadioField(
        "Survey",
        validators=[InputRequired(message="Select the survey")],
        invalid_message="Select the survey",
    )
    channel = SelectField(
        "How did the resident contact the council?",
        widget=GovSelect(),
        validate_choice=False,
        validators=[InputRequired(message="Select how the resident contacted the council")],
    )
    completion_mode = GovRadioField(
        "How was it completed?",
        validators=[InputRequired(message="Select how it was completed")],
        invalid_message="Select how it was completed",
        choices=choices_from(
            [("paper", "On paper, by the resident"), ("assisted", "With help from staff")]
        ),
        option_hints={
            "assisted": "You asked the questions, online, in person or by phone",
        },
    )

    def __init__(self, *args, surveys, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey.choices = choices_from(surveys)
        self.channel.choices = [("", "Select a channel"), *channels]

    def validate_channel(self, field):
        if field.data not in {value for value, _label in self.channel.choices if value}:
            raise StopValidation("Select how the resident contacted the council")


class AuditFilterForm(FlaskForm):
    """Filters for the audit page; a GET form, so it has no CSRF token."""

    action = SelectField(
        "Action", widget=GovSelect(), validators=[Optional()], validate_choice=False
    )
    user = SelectField("Person", widget=GovSelect(), validators=[Optional()], validate_choice=False)
    date_from = GovDateField("From", thing="From date", description="For example, 1 11 2026")
    date_to = GovDateField("To", thing="To date", description="For example, 30 11 2026")

    def __init__(self, *args, actions, users, **kwargs):
        super().__init__(*args, meta={"csrf": False}, **kwargs)
        self.action.choices = [("", "All actions"), *actions]
        self.user.choices = [("", "Everyone"), *users]

    def validate_action(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise StopValidation("Select an action from the list")

    def validate_user(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise StopValidation("Select a person from the list")

    def validate_date_to(self, field):
        if self.date_from.data and field.data and field.data < self.date_from.data:
            raise StopValidation("To date must be the same as or after the from date")


class TranslationUploadForm(FlaskForm):
    language = GovRadioField(
        "Which language is it?",
        validators=[InputRequired(message="Select the language of the spreadsheet")],
        invalid_message="Select the language of the spreadsheet",
    )
    file = FileField(
        "Upload the filled-in spreadsheet",
        widget=GovFileInput(),
        description="The spreadsheet downloaded above, with its translation column filled in",
        validators=[InputRequired(message="Select a spreadsheet to upload")],
    )

    def __init__(self, *args, languages: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = choices_from(languages)
