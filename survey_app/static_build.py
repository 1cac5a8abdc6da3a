"""Build the front-end assets: ``python -m survey_app.static_build`` (``make assets`` runs it).

GOV.UK Frontend's Sass is compiled with the council's own brand (font stack and colours
from ``brand.yaml``), the app's own stylesheet is appended, and a mirrored copy
for right-to-left languages is made with the ``rtlcss`` npm package. The stylesheets, the
scripts every page loads and the council's icon are copied under fingerprinted names (a
hash of their content) into ``static/dist/``, with a ``manifest.json`` from each plain name
to its fingerprinted one, and precompressed (gzip and brotli) for WhiteNoise to serve with
long-lived caching: a changed file gets a new name, so a cached one is never stale.

No GDS Transport font and no crown: those are for GOV.UK only, and a system font stack
costs a resident's phone no download at all.
"""

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent
NODE_MODULES = PROJECT_ROOT / "node_modules"
GOVUK_DIST = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
STATIC = PACKAGE / "static"
DIST = STATIC / "dist"
BRAND_FILE = PACKAGE / "brand.yaml"
MANIFEST = DIST / "manifest.json"

# A fingerprint of 12 hex digits between dots; WhiteNoise caches such names for a year.
FINGERPRINT = re.compile(r"\.[0-9a-f]{12}\.")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FONT_NAME = re.compile(r"^[A-Za-z0-9 -]+$")


def load_brand(path: Path = BRAND_FILE) -> dict:
    """The council's brand, checked: colours must be ``#rrggbb`` and font names plain."""
    brand = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, colour in brand["colours"].items():
        if not _COLOUR.match(str(colour)):
            raise ValueError(f"brand colour {name!r} must look like #1d70b8, not {colour!r}")
    for font in brand["font_family"]:
        if not _FONT_NAME.match(font):
            raise ValueError(f"font name {font!r} may only hold letters, digits, spaces, -")
    return brand


def _font_stack(fonts: list[str]) -> str:
    generic = {"system-ui", "-apple-system", "sans-serif", "serif", "monospace"}
    return ", ".join(font if font in generic else f'"{font}"' for font in fonts)


def brand_scss(brand: dict) -> str:
    """The Sass entry point: GOV.UK Frontend configured with the council's brand."""
    colours = ",\n    ".join(f'"{name}": {value}' for name, value in brand["colours"].items())
    return f"""@use "sass:meta";
@use "no_images";
@use "govuk-frontend/dist/govuk" as * with (
  $govuk-font-family: ({_font_stack(brand["font_family"])}),
  $govuk-include-default-font-face: false,
  $govuk-image-url-function: meta.get-function("image-url", $module: "no_images"),
  $govuk-functional-colours: (
    {colours}
  )
);
"""


# GOV.UK Frontend's only image is the crest in the footer's copyright logo, which a council
# service must not show: every image URL compiles to nothing.
NO_IMAGES_SCSS = "@function image-url($filename) {\n  @return none;\n}\n"


def _node_tool(name: str) -> str:
    tool = NODE_MODULES / ".bin" / name
    if not tool.exists():
        sys.exit(f"{tool} is missing: run `npm ci` (make assets) first")
    return str(tool)


def _run(command: list[str]) -> None:
    """Run one of the build's own tools (sass, rtlcss, WhiteNoise's compressor)."""
    subprocess.run(command, check=True)  # noqa: S603 (fixed commands, no outside input)


def compile_css(brand: dict, workdir: Path) -> str:
    (workdir / "_no_images.scss").write_text(NO_IMAGES_SCSS, encoding="utf-8")
    entry = workdir / "council.scss"
    entry.write_text(brand_scss(brand), encoding="utf-8")
    out = workdir / "council.css"
    _run(
        [
            _node_tool("sass"),
            "--no-source-map",
            "--style=compressed",
            "--quiet-deps",
            f"--load-path={NODE_MODULES}",
            str(entry),
            str(out),
        ]
    )
    css = out.read_text(encoding="utf-8")
    return css + "\n" + (STATIC / "css" / "app.css").read_text(encoding="utf-8")


def mirror_css(css: str, workdir: Path) -> str:
    """The right-to-left stylesheet: every left becomes right, margins, arrows and all."""
    source, out = workdir / "ltr.css", workdir / "rtl.css"
    source.write_text(css, encoding="utf-8")
    _run([_node_tool("rtlcss"), "--silent", str(source), str(out)])
    return out.read_text(encoding="utf-8")


def fingerprinted(name: str, content: bytes) -> str:
    stem, dot, suffix = name.partition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:12]}{dot}{suffix}"


def build() -> dict[str, str]:
    brand = load_brand()
    if DIST.exists():
        shutil.rmtree(DIST)
    DIST.mkdir(parents=True)
    manifest: dict[str, str] = {}

    def emit(name: str, content: bytes) -> str:
        target = fingerprinted(name, content)
        (DIST / target).write_bytes(content)
        manifest[name] = target
        return target

    with tempfile.TemporaryDirectory() as tmp:
        css = compile_css(brand, Path(tmp))
        rtl = mirror_css(css, Path(tmp))
    emit("council.css", css.encode())
    emit("council-rtl.css", rtl.encode())
    govuk_js = emit("govuk-frontend.min.js", (GOVUK_DIST / "govuk-frontend.min.js").read_bytes())
    # init.mjs imports GOV.UK Frontend by its served path; point it at the fingerprinted copy
    # beside it, so both are cached for good.
    init = (STATIC / "js" / "init.mjs").read_text(encoding="utf-8")
    init = init.replace("/govuk-frontend/govuk-frontend.min.js", f"./{govuk_js}")
    emit("init.mjs", init.encode())
    emit("favicon.svg", (STATIC / brand["favicon"]).read_bytes())
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    # WhiteNoise's own compressor writes .gz and .br beside each file it can shrink.
    _run([sys.executable, "-m", "whitenoise.compress", "--quiet", str(DIST)])
    return manifest


TRANSLATIONS = PACKAGE / "translations"


def compile_catalogues() -> list[Path]:
    """Each language's ``messages.po`` compiled to the ``messages.mo`` Flask-Babel reads
    (what ``pybabel compile`` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = []
    for po_path in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parts[-3])
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        compiled.append(mo_path)
    return compiled


def read_manifest(path: Path = MANIFEST) -> dict[str, str]:
    if not path.exists():
        raise RuntimeError(f"{path} is missing: build the assets with `make assets` first")
    return json.loads(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    for plain, built in build().items():
        print(f"{plain} -> dist/{built}")
    for mo_path in compile_catalogues():
        print(f"compiled {mo_path.relative_to(PACKAGE)}")
