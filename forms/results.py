"""The results filters: read from the query string so every view can be bookmarked."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect
from wtforms import SelectField
from wtforms.validators import StopValidation

from analysis.periods import COMPARISONS, PREVIOUS, YEAR_BEFORE
from forms.fields import GovMonthField, choices_from

ANY = ""
#: The filters a results view can be limited by, in the order their query strings are written.
FILTERS = ("period", "start", "end", "channel", "service", "survey", "mode", "language")


class GovFilterSelect(SelectField):
    """A drop-down whose first option means "no filter"; a forged value gets our message."""

    widget = GovSelect()

    def __init__(self, *args, invalid_message: str, **kwargs):
        self.invalid_message = invalid_message
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in self.choices}:
            raise StopValidation(self.invalid_message)


class ResultsFilterForm(FlaskForm):
    """Date range, channel, service, survey, completion mode and language, all optional.

    Choices come in through the constructor as ``(value, label)`` pairs; an empty
    value is added first to each drop-down to mean "all".
    """

    class Meta:
        # A GET form that changes nothing: no CSRF token, so a filtered view is a plain URL.
        csrf = False

    period = GovFilterSelect(
        "Period",
        invalid_message="Select a period from the list",
        description="A period replaces the months below",
    )
    # Whole calendar months, as the tallies are kept by month: nothing typed is rounded.
    start = GovMonthField("From", thing="Start month")
    end = GovMonthField("To", thing="End month")
    compare = GovFilterSelect(
        "Compare with", invalid_message="Select what to compare with from the list"
    )
    channel = GovFilterSelect("Channel", invalid_message="Select a channel from the list")
    service = GovFilterSelect("Service", invalid_message="Select a service from the list")
    survey = GovFilterSelect("Survey", invalid_message="Select a survey from the list")
    mode = GovFilterSelect(
        "How the survey was completed", invalid_message="Select how the survey was completed"
    )
    language = GovFilterSelect("Language", invalid_message="Select a language from the list")

    def __init__(
        self,
        *args,
        channels: list[tuple[str, str]],
        services: list[tuple[str, str]],
        surveys: list[tuple[str, str]],
        modes: list[tuple[str, str]],
        languages: list[tuple[str, str]] = (),
        periods: list[tuple[str, str]] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.compare.choices = choices_from(
            [
                (ANY, "No comparison"),
                (PREVIOUS, "The previous period (the same number of months just before)"),
                (YEAR_BEFORE, "The same period a year before"),
            ]
        )
        if self.compare.data is None:
            self.compare.data = ANY
        for field, pairs, everything in (
            (self.period, periods, "The months below"),
            (self.channel, channels, "All channels"),
            (self.service, services, "All services"),
            (self.survey, surveys, "All surveys"),
            (self.mode, modes, "Online, assisted and paper"),
            (self.language, languages, "All languages"),
        ):
            field.choices = choices_from([(ANY, everything), *pairs])
            if field.data is None:
                field.data = ANY

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        start, end = self.start.data, self.end.data
        if valid and start and end and end < start:
            self.end.errors = [
                *self.end.errors,
                "End month must be the same as or after the start month",
            ]
            return False
        bounded = self.period.data != ANY or (start and end)
        compare = getattr(self, "compare", None)
        if valid and compare is not None and compare.data in COMPARISONS and not bounded:
            compare.errors = [
                *compare.errors,
                "Select a period, or enter a start and end month, to compare with an "
                "earlier period",
            ]
            return False
        return valid

    def chosen(self) -> dict:
        """The filters that passed validation, without the empty "all" choices."""
        # A page may have removed a field (``del form["channel"]`` on a channel's own page);
        # its value in the query string is then ignored, not a crash.
        values = {
            name: field.data for name in FILTERS if (field := getattr(self, name, None)) is not None
        }
        return {key: value for key, value in values.items() if value not in (None, ANY)}

    def comparison(self) -> str | None:
        """``previous`` or ``year-before`` when a valid comparison was chosen."""
        field = getattr(self, "compare", None)
        return field.data if field is not None and field.data in COMPARISONS else None


class CrosstabForm(ResultsFilterForm):
    """The results filters plus what the cells show, the two cuts of a cross-tab and the two
    groups to compare.

    ``measures`` are ``(value, label)`` pairs of what a cell can show and ``questions``
    ``(question_key, text)`` pairs of the questions it can show it for; ``satisfaction``
    lists the questions the satisfaction measures (all but ``distribution``) apply to.
    ``dimensions`` are ``(value, label)`` pairs for rows and columns; the groups to compare
    are checked against the table's own columns once it is built, so they come in as
    ``groups``.
    """

    measure = GovFilterSelect(
        "What the cells show",
        invalid_message="Select what the cells show",
        default="satisfied",
        description="Net satisfaction is % satisfied minus % dissatisfied. Every answer shows "
        "the share of people choosing each answer to the question.",
    )
    question = GovFilterSelect(
        "Question",
        invalid_message="Select a question from the list",
        default="overall_satisfaction",
    )
    rows = GovFilterSelect("Rows", invalid_message="Select what the rows show", default="channel")
    columns = GovFilterSelect(
        "Columns", invalid_message="Select what the columns show", default="disability"
    )
    first = GovFilterSelect("Compare", invalid_message="Select a group from the table's columns")
    second = GovFilterSelect("With", invalid_message="Select a group from the table's columns")

    def __init__(
        self,
        *args,
        dimensions: list[tuple[str, str]],
        measures: list[tuple[str, str]],
        questions: list[tuple[str, str]],
        satisfaction: tuple[str, ...],
        groups: list[str] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.satisfaction = satisfaction
        self.measure.choices = choices_from(list(measures))
        self.question.choices = choices_from(list(questions))
        self.rows.choices = choices_from(list(dimensions))
        self.columns.choices = choices_from(list(dimensions))
        for field in (self.first, self.second):
            field.choices = choices_from([(ANY, "No comparison"), *((g, g) for g in groups)])
            if field.data is None:
                field.data = ANY

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.rows.data == self.columns.data:
            self.columns.errors = [
                *self.columns.errors,
                "Select a different split for the columns than for the rows",
            ]
            return False
        if (
            valid
            and self.measure.data != "distribution"
            and self.question.data not in self.satisfaction
        ):
            self.question.errors = [
                *self.question.errors,
                "Select a satisfaction question, or show every answer to this question",
            ]
            return False
        if valid and (self.first.data == ANY) != (self.second.data == ANY):
            field = self.second if self.second.data == ANY else self.first
            field.errors = [*field.errors, "Select two groups to compare, or neither"]
            return False
        if valid and self.first.data != ANY and self.first.data == self.second.data:
            self.second.errors = [*self.second.errors, "Select two different groups to compare"]
            return False
        return valid
