"""Question widgets render as govuk-frontend-wtf renders them, and choices are kept safely."""

import inspect

import pytest
from flask import render_template
from govuk_frontend_wtf.gov_form_base import GovFormBase
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form

from forms import fields
from forms.fields import GovCheckboxesField, GovRadioField, _frozen, choices_from
from survey_app.caching import clear_caches

CHOICES = choices_from([("yes", "Yes"), ("no", "No")])


class Question(Form):
    answer = GovRadioField(label="Was it resolved?", choices=CHOICES)
    reasons = GovCheckboxesField(label="Why?", choices=CHOICES)


@pytest.fixture
def request_context(app):
    fields._RENDERED.clear()
    with app.test_request_context("/"):
        yield
    fields._RENDERED.clear()


def library_render(widget, field, **kwargs):
    """What govuk-frontend-wtf itself renders: its params through Flask's render_template."""
    kwargs.setdefault("id", field.id)
    if hasattr(widget, "map_gov_params") and "items" not in kwargs:
        kwargs["items"] = []
        for sub in field:
            item = {"text": sub.label.text, "value": sub._value()}
            if sub.checked:
                item["checked"] = True
            kwargs["items"].append(item)
    return render_template(widget.template, params=widget.map_gov_params(field, **kwargs))


def test_a_radio_question_renders_as_the_library_renders_it(request_context):
    field = Question(MultiDict({"answer": "no"})).answer
    ours = field()
    assert str(ours) == library_render(field.widget, field)
    assert 'value="no" checked' in ours
    assert 'value="yes" checked' not in ours


def test_checkboxes_render_as_the_library_renders_them(request_context):
    field = Question(MultiDict([("reasons", "yes"), ("reasons", "no")])).reasons
    ours = field()
    assert str(ours) == library_render(field.widget, field)
    assert ours.count("checked") == 2


def test_a_rendered_choice_is_kept_and_reused_for_the_same_state(request_context):
    first = Question(MultiDict({"answer": "yes"})).answer()
    again = Question(MultiDict({"answer": "yes"})).answer()
    other = Question(MultiDict({"answer": "no"})).answer()
    assert again is first  # the kept rendering, not a new one
    assert other != first
    # One kept rendering for each state: yes chosen, no chosen.
    assert len(fields._RENDERED) == 2


def test_an_error_is_part_of_the_state(request_context):
    form = Question(MultiDict({"answer": "maybe"}))
    form.validate()
    with_error = form.answer()
    without = Question(MultiDict()).answer()
    assert "Select one of the options" in with_error
    assert "Select one of the options" not in without


def test_a_conditional_reveal_is_never_kept(request_context):
    """A write-in box under an option holds what a person typed: it is not kept."""
    field = Question(MultiDict({"answer": "no"})).answer
    reveal = Markup('<input name="write_in" value="my own words">')
    rendered = field(params={"conditionals": {"no": reveal}})
    assert "my own words" in rendered
    assert fields._RENDERED == {}


def test_the_library_still_renders_through_render_params():
    """_MemoisedChoices overrides govuk-frontend-wtf's ``render(params)``: fail here if the
    widgets stop calling it with the mapped params."""
    assert list(inspect.signature(GovFormBase.render).parameters) == ["self", "params"]
    source = inspect.getsource(GovFormBase.__call__)
    assert "return self.render(self.map_gov_params(field, **kwargs))" in source


def test_clear_caches_forgets_the_kept_choices(request_context):
    Question(MultiDict({"answer": "yes"})).answer()
    assert fields._RENDERED
    clear_caches()
    assert fields._RENDERED == {}


def test_markup_and_plain_text_are_different_states():
    assert _frozen({"text": "<b>Yes</b>"}) != _frozen({"text": Markup("<b>Yes</b>")})
    assert _frozen({"items": [{"a": 1}], "b": "x"}) == _frozen({"b": "x", "items": [{"a": 1}]})


def test_plain_text_in_params_is_escaped(request_context):
    field = GovRadioField(label="Q", choices=choices_from([("a", "<script>x</script>")]))
    bound = field.bind(Form(), "q")
    bound.process(MultiDict())
    rendered = bound()
    assert "<script>x</script>" not in rendered
    assert "&lt;script&gt;x&lt;/script&gt;" in rendered
