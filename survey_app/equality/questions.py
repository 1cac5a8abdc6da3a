"""The equality questions a survey can ask, with their wording and stored codes.

Wording and categories follow the ONS Census 2021 England questionnaire and the GSS
harmonised standards (see ``reference/equality.md``). A survey definition turns questions on
by key in ``equality_questions``; they are always asked in the order below, because the 16
and over questions depend on the age band asked first.

Every question is optional. What is stored for each page:

- the option code the resident chose, for example ``prefer_not_to_say``;
- ``skipped`` when they saw the page and pressed Continue without choosing;
- nothing (NULL) when they never saw the page: not asked, or they left the section first.
"""

from dataclasses import dataclass, field
from typing import Any


def N_(text: str) -> str:
    """Marks wording for the catalogues (``pybabel extract`` finds it) without translating
    it: the pages translate it as they show it (``survey.presenters.shown_equality_page``);
    results and stored codes keep the English."""
    return text


PREFER_NOT_TO_SAY = "prefer_not_to_say"
SKIPPED = "skipped"

# The keys a definition's ``equality_questions`` may list (schema.json holds the same enum).
QUESTION_KEYS = (
    "age_band",
    "sex",
    "gender_identity",
    "sexual_orientation",
    "ethnic_group",
    "religion",
    "disability",
    "carer",
)
# Only asked of people who told us they are 16 or over (as in the Census).
ADULT_ONLY_QUESTIONS = ("gender_identity", "sexual_orientation")

AGE_BANDS = [
    ("under_16", N_("Under 16")),
    ("16_to_24", N_("16 to 24")),
    ("25_to_34", N_("25 to 34")),
    ("35_to_49", N_("35 to 49")),
    ("50_to_64", N_("50 to 64")),
    ("65_to_74", N_("65 to 74")),
    ("75_or_over", N_("75 or over")),
]
ADULT_AGE_BANDS = {value for value, _ in AGE_BANDS if value != "under_16"}

# The 5 groups and 19 categories of Census 2021 England (GSS Annex C). Each group's last
# category is its "Any other ..." with a write-in.
ETHNIC_GROUPS = {
    "white": {
        "label": N_("White"),
        "question": N_("Which of the following best describes your White background?"),
        "categories": [
            (
                "english_welsh_scottish_northern_irish_british",
                N_("English, Welsh, Scottish, Northern Irish or British"),
            ),
            ("irish", N_("Irish")),
            ("gypsy_or_irish_traveller", N_("Gypsy or Irish Traveller")),
            ("roma", N_("Roma")),
            ("any_other_white", N_("Any other White background")),
        ],
    },
    "mixed": {
        "label": N_("Mixed or Multiple ethnic groups"),
        "question": N_(
            "Which of the following best describes your Mixed or Multiple ethnic groups background?"
        ),
        "categories": [
            ("white_and_black_caribbean", N_("White and Black Caribbean")),
            ("white_and_black_african", N_("White and Black African")),
            ("white_and_asian", N_("White and Asian")),
            ("any_other_mixed", N_("Any other Mixed or Multiple background")),
        ],
    },
    "asian": {
        "label": N_("Asian or Asian British"),
        "question": N_(
            "Which of the following best describes your Asian or Asian British background?"
        ),
        "categories": [
            ("indian", N_("Indian")),
            ("pakistani", N_("Pakistani")),
            ("bangladeshi", N_("Bangladeshi")),
            ("chinese", N_("Chinese")),
            ("any_other_asian", N_("Any other Asian background")),
        ],
    },
    "black": {
        "label": N_("Black, Black British, Caribbean or African"),
        "question": N_(
            "Which of the following best describes your Black, Black British, Caribbean or "
            "African background?"
        ),
        "categories": [
            ("caribbean", N_("Caribbean")),
            ("african", N_("African")),
            ("any_other_black", N_("Any other Black, Black British or Caribbean background")),
        ],
    },
    "other": {
        "label": N_("Other ethnic group"),
        "question": N_("Which of the following best describes your background?"),
        "categories": [
            ("arab", N_("Arab")),
            ("any_other_ethnic_group", N_("Any other ethnic group")),
        ],
    },
}
ETHNICITY_GROUP = {
    category: group for group, spec in ETHNIC_GROUPS.items() for category, _ in spec["categories"]
}


@dataclass(frozen=True)
class WriteIn:
    """A text box revealed by one option, for example "Any other religion"."""

    when: str
    column: str
    label: str
    thing: str  # names the answer in error messages


@dataclass(frozen=True)
class EqualityPage:
    """One page of the equality section: one question, stored in one column."""

    slug: str
    question_key: str
    column: str
    summary: str
    invalid_message: str
    text: str = ""
    hint: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    option_hints: dict[str, str] = field(default_factory=dict)
    write_in: WriteIn | None = None
    inline: bool = False

    def for_answers(self, answers: dict[str, Any]) -> "EqualityPage":
        """The page as this resident sees it (the ethnic background page depends on group)."""
        if self.column != "ethnicity":
            return self
        group = ETHNIC_GROUPS[answers["ethnic_group"]]
        other_value = group["categories"][-1][0]
        return EqualityPage(
            slug=self.slug,
            question_key=self.question_key,
            column=self.column,
            summary=self.summary,
            invalid_message=self.invalid_message,
            text=group["question"],
            options=group["categories"],
            write_in=WriteIn(
                when=other_value,
                column="ethnicity_other",
                label=N_("Enter your ethnic background (optional)"),
                thing=N_("Ethnic background"),
            ),
        )

    def applies(self, answers: dict[str, Any]) -> bool:
        """Whether the resident is asked this page, given their earlier equality answers."""
        if self.question_key in ADULT_ONLY_QUESTIONS:
            return answers.get("age_band") in ADULT_AGE_BANDS
        if self.column == "ethnicity":
            return answers.get("ethnic_group") in ETHNIC_GROUPS
        if self.column == "disability_reduces_activities":
            return answers.get("disability_condition") == "yes"
        return True


PAGES = [
    EqualityPage(
        slug="age",
        question_key="age_band",
        column="age_band",
        summary="Age group",
        text=N_("What is your age?"),
        options=AGE_BANDS,
        invalid_message=N_("Select your age group from the list"),
    ),
    EqualityPage(
        slug="sex",
        question_key="sex",
        column="sex",
        summary="Sex",
        text=N_("What is your sex?"),
        options=[("female", N_("Female")), ("male", N_("Male"))],
        invalid_message=N_("Select your sex from the list"),
    ),
    EqualityPage(
        slug="gender-identity",
        question_key="gender_identity",
        column="gender_identity",
        summary="Gender identity",
        text=N_("Is the gender you identify with the same as your sex registered at birth?"),
        options=[("yes", N_("Yes")), ("no", N_("No"))],
        write_in=WriteIn(
            when="no",
            column="gender_identity_other",
            label=N_("Enter gender identity (optional)"),
            thing=N_("Gender identity"),
        ),
        invalid_message=N_(
            "Select whether the gender you identify with is the same as your sex "
            "registered at birth"
        ),
    ),
    EqualityPage(
        slug="sexual-orientation",
        question_key="sexual_orientation",
        column="sexual_orientation",
        summary="Sexual orientation",
        text=N_("Which of the following best describes your sexual orientation?"),
        options=[
            ("straight_or_heterosexual", N_("Straight or Heterosexual")),
            ("gay_or_lesbian", N_("Gay or Lesbian")),
            ("bisexual", N_("Bisexual")),
            ("other_sexual_orientation", N_("Other sexual orientation")),
        ],
        write_in=WriteIn(
            when="other_sexual_orientation",
            column="sexual_orientation_other",
            label=N_("Enter sexual orientation (optional)"),
            thing=N_("Sexual orientation"),
        ),
        invalid_message=N_("Select your sexual orientation from the list"),
    ),
    EqualityPage(
        slug="ethnic-group",
        question_key="ethnic_group",
        column="ethnic_group",
        summary="Ethnic group",
        text=N_("What is your ethnic group?"),
        options=[(group, spec["label"]) for group, spec in ETHNIC_GROUPS.items()],
        invalid_message=N_("Select your ethnic group from the list"),
    ),
    EqualityPage(
        slug="ethnic-background",
        question_key="ethnic_group",
        column="ethnicity",
        summary="Ethnic background",
        invalid_message=N_("Select your ethnic background from the list"),
    ),
    EqualityPage(
        slug="religion",
        question_key="religion",
        column="religion",
        summary="Religion",
        text=N_("What is your religion?"),
        options=[
            ("no_religion", N_("No religion")),
            ("christian", N_("Christian")),
            ("buddhist", N_("Buddhist")),
            ("hindu", N_("Hindu")),
            ("jewish", N_("Jewish")),
            ("muslim", N_("Muslim")),
            ("sikh", N_("Sikh")),
            ("any_other_religion", N_("Any other religion")),
        ],
        option_hints={
            "christian": N_(
                "Including Church of England, Catholic, Protestant and all other "
                "Christian denominations"
            ),
        },
        write_in=WriteIn(
            when="any_other_religion",
            column="religion_other",
            label=N_("Enter religion (optional)"),
            thing=N_("Religion"),
        ),
        invalid_message=N_("Select your religion from the list"),
    ),
    EqualityPage(
        slug="health-conditions",
        question_key="disability",
        column="disability_condition",
        summary="Physical or mental health conditions",
        text=N_(
            "Do you have any physical or mental health conditions or illnesses lasting or "
            "expected to last 12 months or more?"
        ),
        options=[("yes", N_("Yes")), ("no", N_("No"))],
        invalid_message=N_(
            "Select whether you have any physical or mental health conditions or "
            "illnesses lasting or expected to last 12 months or more"
        ),
    ),
    EqualityPage(
        slug="day-to-day-activities",
        question_key="disability",
        column="disability_reduces_activities",
        summary="Conditions reduce day-to-day activities",
        text=N_(
            "Do any of your conditions or illnesses reduce your ability to carry out "
            "day-to-day activities?"
        ),
        options=[
            ("a_lot", N_("Yes, a lot")),
            ("a_little", N_("Yes, a little")),
            ("not_at_all", N_("Not at all")),
        ],
        invalid_message=N_(
            "Select whether your conditions or illnesses reduce your ability to "
            "carry out day-to-day activities"
        ),
    ),
    EqualityPage(
        slug="unpaid-care",
        question_key="carer",
        column="carer",
        summary="Unpaid care",
        text=N_(
            "Do you look after, or give any help or support to, anyone because they have "
            "long-term physical or mental health conditions or illnesses, or problems related to "
            "old age?"
        ),
        hint=N_("Exclude anything you do as part of your paid employment."),
        options=[
            ("no", N_("No")),
            ("yes_9_hours_or_less", N_("Yes, 9 hours a week or less")),
            ("yes_10_to_19_hours", N_("Yes, 10 to 19 hours a week")),
            ("yes_20_to_34_hours", N_("Yes, 20 to 34 hours a week")),
            ("yes_35_to_49_hours", N_("Yes, 35 to 49 hours a week")),
            ("yes_50_or_more_hours", N_("Yes, 50 or more hours a week")),
        ],
        invalid_message=N_("Select whether you give unpaid care from the list"),
    ),
]
PAGES_BY_SLUG = {page.slug: page for page in PAGES}
ANSWER_COLUMNS = tuple(page.column for page in PAGES)
WRITE_IN_COLUMNS = (
    "gender_identity_other",
    "sexual_orientation_other",
    "ethnicity_other",
    "religion_other",
)
WRITE_IN_MAX_LENGTH = 100


# The results frame's column for each stored column (analysis.equality_categories names).
REPORT_COLUMNS = {
    "age_band": "age_band",
    "sex": "sex",
    "gender_identity": "gender_identity",
    "sexual_orientation": "sexual_orientation",
    "ethnic_group": "ethnic_group",
    "ethnicity": "ethnic_category",
    "religion": "religion",
    "carer": "carer",
}


def option_labels(column: str) -> dict[str, str]:
    """Stored code to the label residents saw, for one column (with "Prefer not to say")."""
    if column == "ethnicity":
        pairs = [pair for group in ETHNIC_GROUPS.values() for pair in group["categories"]]
    else:
        pairs = next(page.options for page in PAGES if page.column == column)
    return {**dict(pairs), PREFER_NOT_TO_SAY: "Prefer not to say"}


def route(question_keys: list[str], answers: dict[str, Any]) -> list[EqualityPage]:
    """The equality pages this resident sees, in order, given their answers so far."""
    asked = set(question_keys)
    return [page for page in PAGES if page.question_key in asked and page.applies(answers)]


def next_page(question_keys, answers, current_slug: str | None) -> EqualityPage | None:
    """The page after ``current_slug`` (the first page when it is None); None means done."""
    pages = route(question_keys, answers)
    if current_slug is None:
        return pages[0] if pages else None
    order = [page.slug for page in PAGES]
    position = order.index(current_slug)
    return next((p for p in pages if order.index(p.slug) > position), None)


def previous_page(question_keys, answers, current_slug: str) -> EqualityPage | None:
    order = [page.slug for page in PAGES]
    position = order.index(current_slug)
    earlier = [p for p in route(question_keys, answers) if order.index(p.slug) < position]
    return earlier[-1] if earlier else None
