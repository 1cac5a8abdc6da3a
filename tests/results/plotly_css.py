"""Read plotly.js's own style rules out of its bundle.

plotly.js normally injects two ``<style>`` elements, which a strict CSP refuses: its
global rules (skipped when an element with id ``plotly.js-style-global`` and class
``no-inline-styles`` exists) and MapLibre's rules (skipped when an element with MapLibre's
style id exists). The app ships both as static stylesheets carrying those ids instead
(``static/css/plotly-global.css`` and ``plotly-maplibre.css``); this helper regenerates
them and lets a test prove they still match the installed plotly.js.
"""

import re
from pathlib import Path

import plotly

BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
MAPLIBRE_STYLE = re.compile(
    r'document\.getElementById\("([0-9a-f]{64})"\)\)\{var \w+=document\.createElement\("style"\);'
    r"\w+\.id=\"[0-9a-f]{64}\",\w+\.textContent='([^']*)'"
)
PAIR = re.compile(r"""(?:"([^"]*)"|'([^']*)')\s*:\s*(?:"([^"]*)"|'([^']*)')""")


def plotly_version() -> str:
    return re.search(r"plotly\.js v([\d.]+)", BUNDLE.read_text()[:200]).group(1)


def global_rules() -> list[tuple[str, str]]:
    source = BUNDLE.read_text()
    start = source.index('{"X,X div"')
    end = source.index("};", start)
    rules = []
    for match in PAIR.finditer(source[start + 1 : end]):
        selector = match.group(1) if match.group(1) is not None else match.group(2)
        body = match.group(3) if match.group(3) is not None else match.group(4)
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        rules.append((selector, body))
    return rules


def stylesheet() -> str:
    lines = [
        f"/* plotly.js {plotly_version()} global rules, copied from its bundle (build/plotcss) so",
        "   that no inline <style> is needed under the Content Security Policy.",
        "   Regenerate: python -m tests.results.plotly_css",
        "   > survey_app/static/css/plotly-global.css */",
    ]
    # plotly.js inserts each rule at the top of its sheet, so the last one ends up first.
    lines += [f"{selector} {{{body}}}" for selector, body in reversed(global_rules())]
    return "\n".join(lines) + "\n"


def maplibre_style() -> tuple[str, str]:
    """MapLibre's style element id, and its CSS, as plotly.js would inject them."""
    match = MAPLIBRE_STYLE.search(BUNDLE.read_text())
    return match.group(1), match.group(2)


def maplibre_stylesheet() -> str:
    return (
        f"/* MapLibre rules from plotly.js {plotly_version()}, shipped as a file for the same"
        " reason as plotly-global.css.\n   Regenerate: python -m tests.results.plotly_css"
        " maplibre > survey_app/static/css/plotly-maplibre.css */\n" + maplibre_style()[1] + "\n"
    )


if __name__ == "__main__":
    import sys

    print(maplibre_stylesheet() if sys.argv[1:] == ["maplibre"] else stylesheet(), end="")
