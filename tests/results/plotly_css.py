"""Read plotly.js's own global style rules out of its bundle.

plotly.js normally injects these as a ``<style>`` element, which a strict CSP refuses. The
app ships them as a static stylesheet instead (``static/css/plotly-global.css``); this
helper regenerates it and lets a test prove it still matches the installed plotly.js.
"""

import re
from pathlib import Path

import plotly

BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
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


if __name__ == "__main__":
    print(stylesheet(), end="")
