"""Find English words a resident reads on a page in another language, outside ``lang="en"``.

A page in Arabic, Gujarati, Tamil or Romanian may show English only inside an element marked
``lang="en"`` (a text without a translation yet, so screen readers switch voice). This walks
the HTML keeping track of the nearest ``lang`` and returns the text nodes, and the ``title``,
``aria-label`` and ``placeholder`` attributes, that are outside it and look English: any Latin
word of three letters or more on a page in a non-Latin script, and any common English word on
a Romanian page. Names that stay as they are (the council's, an email address, a law's name)
are whitelisted by the caller.
"""

import re
from html.parser import HTMLParser

# Words common in English interface text and absent from Romanian.
ENGLISH_WORDS = frozenset(
    [
        "about",
        "after",
        "all",
        "and",
        "any",
        "as",
        "at",
        "back",
        "be",
        "before",
        "by",
        "can",
        "cannot",
        "change",
        "check",
        "continue",
        "cookies",
        "day",
        "did",
        "do",
        "does",
        "error",
        "find",
        "for",
        "from",
        "have",
        "help",
        "how",
        "if",
        "in",
        "is",
        "it",
        "its",
        "month",
        "more",
        "must",
        "no",
        "not",
        "now",
        "of",
        "on",
        "or",
        "our",
        "page",
        "privacy",
        "problem",
        "select",
        "send",
        "service",
        "skip",
        "survey",
        "tell",
        "that",
        "the",
        "there",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "which",
        "will",
        "with",
        "year",
        "yes",
        "you",
        "your",
    ]
)
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[tuple[str, str]] = []  # (lang, text)
        self.skipping = 0

    def lang(self) -> str:
        return next((lang for _, lang in reversed(self.stack) if lang is not None), "")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.skipping += 1
        lang = attrs.get("lang")
        if tag not in VOID:
            self.stack.append((tag, lang))
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.found.append((lang or self.lang(), attrs[name]))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.found.append((self.lang(), " ".join(data.split())))


def english_outside_lang_en(html: str, language: str, allowed=()) -> list[str]:
    """The texts of ``html`` outside ``lang="en"`` that look English (see the module)."""
    parser = _Texts()
    parser.feed(html)
    latin_script = language == "ro"
    english = []
    for lang, text in parser.found:
        if lang.split("-")[0] != language:
            continue  # English marked as such, or another language marked as such
        rest = text
        for name in sorted(allowed, key=len, reverse=True):
            rest = rest.replace(name, " ")
        words = re.findall(r"[^\W\d_]+", rest)
        if latin_script:
            looks_english = any(word.lower() in ENGLISH_WORDS for word in words)
        else:
            looks_english = any(len(word) >= 3 and word.isascii() for word in words)
        if looks_english:
            english.append(text)
    return english
