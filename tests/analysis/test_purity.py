"""analysis/ is pure: it may import only the analysis stack and the standard library."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "analysis"
ALLOWED = {"analysis", "numpy", "pandas", "plotly", "scipy", "statsmodels"}


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.name)
def test_module_imports_only_the_analysis_stack(module):
    tree = ast.parse(module.read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    outside = imported - ALLOWED - set(sys.stdlib_module_names)
    assert not outside, f"{module.name} imports {sorted(outside)}"


def test_importing_every_module_pulls_in_no_web_or_database_code():
    modules = ", ".join(
        f"analysis.{path.stem}" for path in sorted(PACKAGE.glob("*.py")) if path.stem != "__init__"
    )
    code = (
        f"import sys, {modules}\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        "print(sorted(loaded & {'flask', 'sqlalchemy', 'survey_app', 'forms', 'wtforms'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PACKAGE.parent, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
