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
    ("under_16", "Under 16"),
    ("16_to_24", "16 to 24"),
    ("25_to_34", "25 to 34"),
    ("35_to_49", "35 to 49"),
    ("50_to_64", "50 to 64"),
    ("65_to_74", "65 to 74"),
    ("75_or_over", "75 or over"),
]
ADULT_AGE_BANDS = {value for value, _ in AGE_BANDS if value != "under_16"}

# The 5 groups and 19 categories of Census 2021 England (GSS Annex C). Each group's last
# category is its "Any other ..." with a write-in.
ETHNIC_GROUPS = {
    "white": {
        "label": "White",
        "question": "Which of the following best describes your White background?",
        "categories": [
            (
                "english_welsh_scottish_northern_irish_british",
                "English, Welsh, Scottish, Northern Irish or British",
            ),
            ("irish", "Irish"),
            ("gypsy_or_irish_traveller", "Gypsy or Irish Traveller"),
            ("roma", "Roma"),
            ("any_other_white", "Any other White background"),
        ],
    },
    "mixed": {
        "label": "Mixed or Multiple ethnic groups",
        "question": (
            "Which of the following best describes your Mixed or Multiple ethnic groups background?"
        ),
        "categories": [
            ("white_and_black_caribbean", "White and Black Caribbean"),
            ("white_and_black_african", "White and Black African"),
            ("white_and_asian", "White and Asian"),
            ("any_other_mixed", "Any other Mixed or Multiple background"),
        ],
    },
    "asian": {
        "label": "Asian or Asian British",
        "question": "Which of the following best describes your Asian or Asian British background?",
        "categories": [
            ("indian", "Indian"),
            ("pakistani", "Pakistani"),
            ("bangladeshi", "Bangladeshi"),
            ("chinese", "Chinese"),
            ("any_other_asian", "Any other Asian background"),
        ],
    },
    "black": {
        "label": "Black, Black British, Caribbean or African",
        "question": (
            "Which of the following best describes your Black, Black British, Caribbean or "
            "African background?"
        ),
        "categories": [
            ("caribbean", "Caribbean"),
            ("african", "African"),
            ("any_other_black", "Any other Black, Black British or Caribbean background"),
        ],
    },
    "other": {
        "label": "Other ethnic group",
        "question": "Which of the following best describes your background?",
        "categories": [
            ("arab", "Arab"),
            ("any_other_ethnic_group", "Any other ethnic group"),
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
                label="Enter your ethnic background (optional)",
                thing="Ethnic background",
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
        text="What is your age?",
        options=AGE_BANDS,
        invalid_message="Select your age group from the list",
    ),
    EqualityPage(
        slug="sex",
        question_key="sex",
        column="sex",
        summary="Sex",
        text="What is your sex?",
        options=[("female", "Female"), ("male", "Male")],
        invalid_message="Select your sex from the list",
    ),
    EqualityPage(
        slug="gender-identity",
        question_key="gender_identity",
        column="gender_identity",
        summary="Gender identity",
        text="Is the gender you identify with the same as your sex registered at birth?",
        options=[("yes", "Yes"), ("no", "No")],
        write_in=WriteIn(
            when="no",
            column="gender_identity_other",
            label="Enter gender identity (optional)",
            thing="Gender identity",
        ),
        invalid_message="Select whether the gender you identify with is the same as your sex "
        "registered at birth",
    ),
    EqualityPage(
        slug="sexual-orientation",
        question_key="sexual_orientation",
        column="sexual_orientation",
        summary="Sexual orientation",
        text="Which of the following best describes your sexual orientation?",
        options=[
            ("straight_or_heterosexual", "Straight or Heterosexual"),
            ("gay_or_lesbian", "Gay or Lesbian"),
            ("bisexual", "Bisexual"),
            ("other_sexual_orientation", "Other sexual orientation"),
        ],
        write_in=WriteIn(
            when="other_sexual_orientation",
            column="sexual_orientation_other",
            label="Enter sexual orientation (optional)",
            thing="Sexual orientation",
        ),
        invalid_message="Select your sexual orientation from the list",
    ),
    EqualityPage(
        slug="ethnic-group",
        question_key="ethnic_group",
        column="ethnic_group",
        summary="Ethnic group",
        text="What is your ethnic group?",
        options=[(group, spec["label"]) for group, spec in ETHNIC_GROUPS.items()],
        invalid_message="Select your ethnic group from the list",
    ),
    EqualityPage(
        slug="ethnic-background",
        question_key="ethnic_group",
        column="ethnicity",
        summary="Ethnic background",
        invalid_message="Select your ethnic background from the list",
    ),
    EqualityPage(
        slug="religion",
        question_key="religion",
        column="religion",
        summary="Religion",
        text="What is your religion?",
        options=[
            ("no_religion", "No religion"),
            ("christian", "Christian"),
            ("buddhist", "Buddhist"),
            ("hindu", "Hindu"),
            ("jewish", "Jewish"),
            ("muslim", "Muslim"),
            ("sikh", "Sikh"),
            ("any_other_religion", "Any other religion"),
        ],
        option_hints={
            "christian": "Including Church of England, Catholic, Protestant and all other "
            "Christian denominations",
        },
        write_in=WriteIn(
            when="any_other_religion",
            column="religion_other",
            label="Enter religion (optional)",
            thing="Religion",
        ),
        invalid_message="Select your religion from the list",
    ),
    EqualityPage(
        slug="health-conditions",
        question_key="disability",
        column="disability_condition",
        summary="Physical or mental health conditions",
        text="Do you have any physical or mental health conditions or illnesses lasting or "
        "expected to last 12 months or more?",
        options=[("yes", "Yes"), ("no", "No")],
        invalid_message="Select whether you have any physical or mental health conditions or "
        "illnesses lasting or expected to last 12 months or more",
    ),
    EqualityPage(
        slug="day-to-day-activities",
        question_key="disability",
        column="disability_reduces_activities",
        summary="Conditions reduce day-to-day activities",
        text="Do any of your conditions or illnesses reduce your ability to carry out "
        "day-to-day activities?",
        options=[
            ("a_lot", "Yes, a lot"),
            ("a_little", "Yes, a little"),
            ("not_at_all", "Not at all"),
        ],
        invalid_message="Select whether your conditions or illnesses reduce your ability to "
        "carry out day-to-day activities",
    ),
    EqualityPage(
        slug="unpaid-care",
        question_key="carer",
        column="carer",
        summary="Unpaid care",
        text="Do you look after, or give any help or support to, anyone because they have "
        "long-term physical or mental health conditions or illnesses, or problems related to "
        "old age?",
        hint="Exclude anything you do as part of your paid employment.",
        options=[
            ("no", "No"),
            ("yes_9_hours_or_less", "Yes, 9 hours a week or less"),
            ("yes_10_to_19_hours", "Yes, 10 to 19 hours a week"),
            ("yes_20_to_34_hours", "Yes, 20 to 34 hours a week"),
            ("yes_35_to_49_hours", "Yes, 35 to 49 hours a week"),
            ("yes_50_or_more_hours", "Yes, 50 or more hours a week"),
        ],
        invalid_message="Select whether you give unpaid care from the list",
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
