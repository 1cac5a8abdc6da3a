"""Walk the resident journey through the Flask test client, answering like a resident."""

from survey_app.services.definitions import load_definition_file, standard_definition_paths

STANDARD = load_definition_file(standard_definition_paths()[0])
CHANNELS = ["phone", "face-to-face", "email", "website", "letter", "webchat", "social-media"]


def question_by_page(definition=STANDARD):
    return {page["key"]: page["questions"] for page in definition["pages"]}


def typical_answer(question: dict) -> dict:
    """Form data a resident would send for one question."""
    key, kind = question["key"], question["type"]
    if kind == "satisfaction":
        return {key: "fairly_satisfied"}
    if kind == "yes_no":
        return {key: "yes"}
    if kind == "date":
        return {key: ["3", "11", "2026"]}
    if kind == "number":
        return {key: "2"}
    if kind == "text":
        return {key: "The person I spoke to was very patient."}
    if question.get("options_from") == "services":
        return {key: "council-tax"}
    if kind == "multiple_choice":
        return {key: [question["options"][0]["value"]]}
    return {key: question["options"][0]["value"]}


def start(client, channel, query=""):
    response = client.post(f"/survey/{channel}{query}")
    assert response.status_code == 302, response.status_code
    return response.location


def complete_survey(client, channel, answers=None, query="", equality=None):
    """Answer every page the route shows; return the list of page keys visited.

    After sending, the shipped survey shows the equality explainer: by default the resident
    declines; ``equality`` (form data by equality page slug, ``{}`` to skip every question)
    makes them answer the section instead.
    """
    answers = answers or {}
    pages = question_by_page()
    location = start(client, channel, query)
    visited = []
    while "/check-your-answers" not in location:
        page_key = location.rsplit("/", 1)[-1].split("?")[0]
        visited.append(page_key)
        data = {}
        for question in pages[page_key]:
            data.update(answers.get(question["key"]) or typical_answer(question))
        response = client.post(location, data=data)
        assert response.status_code == 302, (page_key, response.get_data(as_text=True)[:2000])
        location = response.location
        assert len(visited) < 40, "the journey never reached Check your answers"
    response = client.post(f"/survey/{channel}/check-your-answers")
    assert response.status_code == 302
    assert response.location == f"/survey/{channel}/equality"
    if equality is None:
        response = client.post(response.location, data={"answer_equality": "no"})
        assert response.status_code == 302
        assert response.location == f"/survey/{channel}/complete"
    else:
        answer_equality_section(client, channel, equality)
    return visited


def answer_equality_section(client, channel, answers):
    """Say yes on the explainer, then send ``answers[slug]`` (or nothing) on each page.

    Returns the equality page slugs visited, ending on the confirmation page.
    """
    response = client.post(f"/survey/{channel}/equality", data={"answer_equality": "yes"})
    assert response.status_code == 302
    location, visited = response.location, []
    prefix = f"/survey/{channel}/equality/"
    while location != f"/survey/{channel}/complete":
        assert location.startswith(prefix), location
        slug = location.removeprefix(prefix)
        visited.append(slug)
        response = client.post(location, data=answers.get(slug, {}))
        assert response.status_code == 302, (slug, response.get_data(as_text=True)[:2000])
        location = response.location
        assert len(visited) < 20, "the equality section never reached the confirmation page"
    return visited
