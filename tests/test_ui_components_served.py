"""The custom components' JavaScript and CSS are served as files, not sent in every rerun (issue 22).

Each rerun's message carries a components-v2 element whole: when its JS and CSS were inline
strings, every lever move sent ~45 kB of source over the WebSocket. huadu_components/ is installed
(requirements.txt) and declares each component's folder as its asset_dir, so the element carries
only file names that Streamlit serves from that folder. These tests fail if a component goes back
to inline source, or if a served name points at no file. (The bytes themselves: benchmarks/bench_wire.py.)"""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

import huadu_components
from tests.panel import commit, panel
from ui.simulator import lever_panel, outcomes
from ui.workshop import device

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
OURS = {lever_panel.COMPONENT_NAME, outcomes.COMPONENT_NAME, device.COMPONENT_NAME}


def _elements(at: AppTest) -> list:
    return [e.proto for e in at.get("bidi_component")]


def _assert_served_as_files(protos: list) -> set[str]:
    names = set()
    for proto in protos:
        name = proto.component_name
        assert name in OURS, f"an element of an unknown component: {name}"
        folder = huadu_components.FILES / name.removeprefix(f"{huadu_components.PACKAGE}.")
        assert proto.js_content == "" and proto.css_content == "", f"{name}: its source went inline into the rerun"
        assert proto.js_source_path and (folder / proto.js_source_path).is_file(), (name, proto.js_source_path)
        if proto.css_source_path:
            assert (folder / proto.css_source_path).is_file(), (name, proto.css_source_path)
        assert len(proto.html_content) < 200, f"{name}: its markup is sent every rerun; keep it a bare root element"
        names.add(name)
    return names


def test_every_rerun_sends_the_components_file_names_not_their_source():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    first = _assert_served_as_files(_elements(at))
    assert {lever_panel.COMPONENT_NAME, outcomes.COMPONENT_NAME} <= first, first
    assert {p.css_source_path for p in _elements(at) if p.component_name != device.COMPONENT_NAME} == {
        "panel.css", "outcomes.css"}
    commit(at, fai_growth=12.0)  # a lever move: the rerun the browser gets on every release
    assert panel(at)["seq"] >= 1
    assert {lever_panel.COMPONENT_NAME, outcomes.COMPONENT_NAME} <= _assert_served_as_files(_elements(at))


def test_the_manifest_declares_each_component_folder():
    """pyproject.toml's entries are the component folders, each with its asset_dir (what Streamlit serves)."""
    manifest = tomllib.loads((huadu_components.FILES / "pyproject.toml").read_text(encoding="utf-8"))
    assert manifest["project"]["name"] == huadu_components.PACKAGE  # Streamlit names components <project>.<name>
    entries = manifest["tool"]["streamlit"]["component"]["components"]
    assert {e["name"]: e["asset_dir"] for e in entries} == {f.name: f.name for f in huadu_components.FILES.iterdir()
                                                           if f.is_dir() and any(f.glob("*.js"))}
    assert {f"{huadu_components.PACKAGE}.{e['name']}" for e in entries} == OURS


def test_requirements_install_the_components():
    """`pip install -r requirements.txt` stays the one install command: it installs this package (editable, so
    the files of this checkout are the ones served)."""
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    assert "-e ./huadu_components" in lines


def test_the_vendored_vega_is_the_one_the_brief_renders_with_and_keeps_its_licences():
    """The outcomes draw the brief's chart specs with the Vega vl-convert renders the brief with (issue 22): the
    served bundle's version is vl_convert's, and its licences travel with it."""
    import re

    import vl_convert

    vendor = huadu_components.FILES / "outcomes" / "vendor"
    version = re.search(r'\.version="([\d.]+)"', (vendor / "vega.min.js").read_text(encoding="utf-8")).group(1)
    assert version == vl_convert.get_vega_version()
    assert {"LICENSE-vega.txt", "LICENSE-d3.txt"} <= {f.name for f in vendor.iterdir()}
