"""Streamlit's frontend files as nginx serves them (scripts/proxy.py's `/static/` block): a copy of the installed
Streamlit's static/static folder with

- its two Latin text fonts (Source Sans, upright and italic) cut to Latin, punctuation and symbols, and every
  other character of the app's own texts (data/*.toml: ✓ ✗, the model page's Greek) that the font has (170 kB ->
  about 60 kB upright): Chinese text never came from them, and a character outside the cut (a name typed in
  Cyrillic) falls back to the next font of Streamlit's stack ("Source Sans", sans-serif) as Chinese does;
- its icon font (Material Symbols, 375 kB: about 3,800 icons drawn by ligature, "expand_more" -> the arrow)
  cut to the icons that can appear: every `:material/...:` name in the app's sources and every string in
  Streamlit's own JavaScript that names an icon (about 520; about 54 kB). An icon missing from the cut would
  show as its name in letters (tests/e2e/test_frontend_copy.py looks at every page through nginx);
- each compressible file over 1 kB beside its .gz (gzip -9) and .br (Brotli 11), for gzip_static and
  brotli_static.

On a phone on slow 4G the two fonts were 0.55 MB of the join link's 1.27 MB and came before the page's first
requests to the app (fonts outrank fetches): benchmarks/bench_slow_network.py, docs/deploy.md. The file names
(content hashes) stay Streamlit's, so its page and CSS find them; since a rebuilt cut (a new icon) keeps the
name, nginx serves these two fonts to be revalidated on each visit (no-cache, ETag: scripts/proxy.py), not
cached for a year as the rest.

    python scripts/proxy.py static /srv/huadu/static     # after every install or upgrade of Streamlit
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECIPE = "2"  # what prepare_static makes: bump when it changes, so a kept copy is rebuilt
COMPRESSED = (".js", ".mjs", ".css", ".svg", ".json", ".txt", ".html", ".ttf", ".otf", ".wasm", ".map")
ICON_FONT = "MaterialSymbols-Rounded"
TEXT_FONTS = ("SourceSansVF-Upright", "SourceSansVF-Italic")
CUT_FONTS = (ICON_FONT, *TEXT_FONTS)  # the files whose content differs from Streamlit's under the same name
# Basic Latin, Latin-1, Latin Extended-A (names typed in a form), general punctuation, currency, arrows,
# the mathematical operators the app writes (−, ≤, ≥, ≈, ×): what an English or Chinese page draws in Latin.
LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2000, 0x2070), *range(0x20A0, 0x20C1),
         *range(0x2190, 0x2200), *range(0x2200, 0x2270), 0x02C6, 0x02DC, 0x2122, 0x2116, 0x25B2, 0x25BC, 0x25CF]
ICON_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
APP_PARTS = ("app.py", "pages", "ui", "data", "model", "store", "huadu_components")  # what the app shows comes from
APP_SOURCES = (".py", ".toml", ".js")


def streamlit_static() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent / "static" / "static"


def app_icon_names(app_root: Path = ROOT) -> set[str]:
    """Every `:material/name:` in the app's own sources (pages, ui, data tables, components)."""
    names: set[str] = set()
    for part in APP_PARTS:
        top = app_root / part
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.suffix in APP_SOURCES and "node_modules" not in path.parts and path.is_file():
                names.update(re.findall(r":material/([a-z0-9_]+):", path.read_text(encoding="utf-8", errors="replace")))
    return names


def app_characters(app_root: Path = ROOT) -> str:
    """Every character of the app's own texts (the data tables: words, labels, units) outside CJK, sorted."""
    found: set[str] = set()
    for path in (app_root / "data").glob("*.toml"):
        found.update(path.read_text(encoding="utf-8"))
    return "".join(sorted(c for c in found if ord(c) >= 0x20 and not 0x2E80 <= ord(c) <= 0xFFEF))


def streamlit_strings(static: Path) -> set[str]:
    """Every lower-case word in quotes in Streamlit's JavaScript and every `:material/name:` in it: the icon names it
    draws are among them."""
    words: set[str] = set()
    for path in (static / "js").glob("*.js"):
        text = path.read_text(encoding="utf-8", errors="replace")
        words.update(re.findall(r"[`\"']([a-z][a-z0-9_]*)[`\"']", text))
        words.update(re.findall(r":material/([a-z0-9_]+):", text))
    return words


def icon_ligatures(font) -> dict[str, str]:
    """An icon font's ligatures: the name spelled in letters -> the icon's glyph."""
    spelled = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    ligatures: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            for first, entries in getattr(table, "ligatures", {}).items():
                for entry in entries:
                    word = "".join(spelled.get(g, "\0") for g in (first, *entry.Component))
                    ligatures[word] = entry.LigGlyph
    return ligatures


def cut_icon_font(path: Path, names: set[str]) -> set[str]:
    """Keep only the icons in `names` (and the letters that spell them); returns the names kept."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    ligatures = icon_ligatures(font)
    kept = {n for n in names if n in ligatures}
    options = subset.Options(flavor="woff2", layout_features=["*"], layout_closure=False, notdef_outline=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in ICON_LETTERS], glyphs=sorted({ligatures[n] for n in kept}))
    subsetter.subset(font)
    _save_font(font, path)
    return kept


def cut_text_font(path: Path, extra: str = "") -> None:
    """Keep the Latin, punctuation and symbols (LATIN) and the characters in `extra`, every weight of the variable
    font."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    subsetter = subset.Subsetter(subset.Options(flavor="woff2", layout_features=["*"]))
    subsetter.populate(unicodes=sorted(set(LATIN) | {ord(c) for c in extra}))
    subsetter.subset(font)
    _save_font(font, path)


def _save_font(font, path: Path) -> None:
    buffer = io.BytesIO()
    font.save(buffer)
    path.write_bytes(buffer.getvalue())


def precompress(path: Path) -> None:
    """path.gz (gzip -9) and path.br (Brotli 11) beside the file."""
    import brotli

    data = path.read_bytes()
    with gzip.open(f"{path}.gz", "wb", compresslevel=9) as packed:
        packed.write(data)
    Path(f"{path}.br").write_bytes(brotli.compress(data, quality=11))


def prepare_static(dest: Path, app_root: Path = ROOT) -> Path:
    """Streamlit's frontend files (the installed version's static/static: js, css, media) copied into `dest`, the
    fonts cut and every compressible file precompressed (the module's doc). Kept when `dest` holds this version's
    copy made by this recipe for these icons and texts. Builders take turns (a lock file beside `dest`); the copy
    is built aside and moved in."""
    import streamlit

    source = streamlit_static()
    icons, characters = app_icon_names(app_root), app_characters(app_root)
    version = (f"{streamlit.__version__} recipe {RECIPE} icons {','.join(sorted(icons))} "
               f"texts {hashlib.blake2b(characters.encode(), digest_size=8).hexdigest()}")
    stamp = dest / ".streamlit-version"
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest.parent / f".{dest.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists() and stamp.read_text().strip() == version:
            return dest
        build = dest.parent / f".{dest.name}.{os.getpid()}"
        try:
            shutil.rmtree(build, ignore_errors=True)
            shutil.copytree(source, build)
            for path in (build / "media").glob("*.woff2"):
                if path.name.startswith(TEXT_FONTS):
                    cut_text_font(path, characters)
                elif path.name.startswith(ICON_FONT):
                    cut_icon_font(path, icons | streamlit_strings(source))
            for path in build.rglob("*"):
                if path.is_file() and path.suffix in COMPRESSED and path.stat().st_size > 1024:
                    precompress(path)
            (build / stamp.name).write_text(version)
            for path in [build, *build.rglob("*")]:  # nginx's workers run as another user
                path.chmod(0o755 if path.is_dir() else 0o644)
            if dest.exists():
                shutil.rmtree(dest)
            build.rename(dest)
        finally:
            shutil.rmtree(build, ignore_errors=True)
    return dest


def shared_copy() -> Path:
    """Where the tests and benchmarks keep their copy: the system's temporary folder, which nginx's workers
    can enter (a test's own temporary folder is closed to other users), reused while it is current."""
    return Path(tempfile.gettempdir()) / "huadu-nginx-static"


def unreadable_by_others(folder: Path) -> Path | None:
    """The first folder on the way to `folder` that other users cannot enter (nginx's workers, run as
    another user, then cannot read the copy and every file would go to the app instead), or None."""
    for part in [*reversed(folder.resolve().parents), folder.resolve()]:
        if not part.stat().st_mode & stat.S_IXOTH:
            return part
    return None
