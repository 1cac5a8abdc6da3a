"""The pure draft-editing helpers: each returns a changed copy and leaves its input alone."""

import copy

from survey_app.services import survey_drafts as drafts


def q(key):
    return {"key": key, "type": "yes_no", "text": key}


DEFINITION = {
    "id": "s",
    "title": "S",
    "languages": ["en"],
    "channels": ["phone"],
    "pages": [
        {"key": "a", "questions": [q("a")]},
        {"key": "pair", "title": "Pair", "questions": [q("b"), q("c")]},
        {"key": "d", "questions": [q("d")]},
    ],
}


def layout(definition):
    return [(p["key"], [x["key"] for x in p["questions"]]) for p in definition["pages"]]


def test_helpers_never_change_their_input():
    before = copy.deepcopy(DEFINITION)
    drafts.with_question(DEFINITION, q("e"), original_key=None, page_key=None)
    drafts.without_question(DEFINITION, "b")
    drafts.with_question_moved(DEFINITION, "d", -1)
    drafts.with_page(DEFINITION, "a", title="A", channels=["phone"])
    assert before == DEFINITION


def test_moving_within_a_page_then_across_pages():
    moved = drafts.with_question_moved(DEFINITION, "c", -1)
    assert layout(moved)[1] == ("pair", ["c", "b"])
    # At the top of its page, the whole page moves up.
    moved = drafts.with_question_moved(DEFINITION, "b", -1)
    assert layout(moved) == [("pair", ["b", "c"]), ("a", ["a"]), ("d", ["d"])]
    # Nothing moves past either end.
    assert drafts.with_question_moved(DEFINITION, "a", -1) == DEFINITION
    assert drafts.with_question_moved(DEFINITION, "d", 1) == DEFINITION


def test_adding_editing_and_moving_questions_between_pages():
    added = drafts.with_question(DEFINITION, q("e"), original_key=None, page_key="pair")
    assert layout(added)[1] == ("pair", ["b", "c", "e"])
    # A question taken off a shared page gets its own page just after it.
    alone = drafts.with_question(DEFINITION, q("c"), original_key="c", page_key=None)
    assert layout(alone) == [("a", ["a"]), ("pair", ["b"]), ("c", ["c"]), ("d", ["d"])]
    # A page left empty goes; a renamed key is replaced in place.
    joined = drafts.with_question(DEFINITION, q("a"), original_key="a", page_key="d")
    assert layout(joined) == [("pair", ["b", "c"]), ("d", ["d", "a"])]
    renamed = drafts.with_question(DEFINITION, q("z"), original_key="d", page_key=None)
    assert layout(renamed)[2] == ("d", ["z"])


def test_new_page_keys_never_clash():
    added = drafts.with_question(DEFINITION, q("pair"), original_key=None, page_key=None)
    assert layout(added)[-1] == ("pair-2", ["pair"])


def test_problem_anchor_points_at_the_question_or_page():
    assert drafts.problem_anchor(DEFINITION, "Question 'c' has no options") == "#question-c"
    assert drafts.problem_anchor(DEFINITION, "Page 'pair' needs a title") == "#page-pair"
    assert drafts.problem_anchor(DEFINITION, "pages/1/questions/1: 'x' is bad") == "#question-c"
    assert drafts.problem_anchor(DEFINITION, "pages/2: 'y' is bad") == "#page-d"
    assert drafts.problem_anchor(DEFINITION, "title: '' is too short") == "#settings"
