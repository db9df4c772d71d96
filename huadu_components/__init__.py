"""The simulator's browser components (Streamlit custom components v2), served as files.

Each component is a folder here (lever_panel/, outcomes/, device_keys/) declared with its
asset_dir in pyproject.toml. Because this package is installed (requirements.txt:
`-e ./huadu_components`), Streamlit serves those folders under
/_stcore/bidi-components/huadu_components.<name>/ and the component's element carries only the
file names: the browser fetches the JavaScript and CSS once per page and every rerun sends the
component's data alone. Inline strings went over the WebSocket on every rerun, ~45 kB per lever
move (issue 22; benchmarks/bench_wire.py measures it).

The Python side of each component (ui/simulator/lever_panel.py, ui/simulator/outcomes.py,
ui/workshop/device.py) gets its mount command from component().
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

PACKAGE = "huadu_components"
FILES = Path(__file__).resolve().parent  # this checkout's component folders
_LOCK = threading.Lock()


class NotInstalled(RuntimeError):
    """Streamlit does not serve this checkout's component files: the package is not installed here."""


def component(name: str, *, js: str, css: str | None = None, html: str | None = None,
              isolate_styles: bool = True) -> Callable[..., Any]:
    """The mount command of the component in folder `name`: `js` and `css` are file names in that
    folder, served by Streamlit; `html` (a file there too, a few bytes) goes inline.

    Registered on its first mount rather than at import: Streamlit resolves the file names against
    the packages its runtime found installed, and a module imported outside a running app (tests,
    benchmarks) has no runtime. Later runtimes (each AppTest has its own) re-register it by
    themselves on mount."""
    full_name = f"{PACKAGE}.{name}"
    markup = (FILES / name / html).read_text(encoding="utf-8") if html else ""
    registered: list[Callable[..., Any]] = []

    def mount(**kwargs: Any) -> Any:
        if not registered:
            with _LOCK:
                if not registered:
                    registered.append(_register(full_name, name, markup, css, js, isolate_styles))
        return registered[0](**kwargs)

    mount.component_name = full_name  # type: ignore[attr-defined]
    return mount


def _register(full_name: str, folder: str, markup: str, css: str | None, js: str,
              isolate_styles: bool) -> Callable[..., Any]:
    import streamlit as st
    from streamlit.errors import StreamlitAPIException

    try:
        mount = st.components.v2.component(full_name, html=markup, css=css, js=js, isolate_styles=isolate_styles)
    except StreamlitAPIException as e:
        raise NotInstalled(f"Streamlit found no installed package declaring the component {full_name}: "
                           f"run `pip install -r requirements.txt` in {FILES.parent} ({e})") from e
    served = _served_folder(full_name)
    if served is not None and served != FILES / folder:
        raise NotInstalled(f"Streamlit serves {full_name} from {served}, not from this checkout's {FILES / folder}: "
                           f"run `pip install -r requirements.txt` in {FILES.parent}")
    return mount


def _served_folder(full_name: str) -> Path | None:
    """The folder Streamlit's running app serves the component from (None outside a running app)."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    path = Runtime.instance().bidi_component_registry.get_component_path(full_name)
    return Path(path).resolve() if path else None
