"""The facilitator kit (issue 24): the workshop summary export, the guide page and the board's presenter view."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from model import Scenario, simulate
from tests.test_app_workshop import _open, _set_code, db_url, lib, room  # noqa: F401  (fixtures)
from ui.shared.i18n import pct, t

# ------------------------------------------------------------------ workshop summary


def _summary(lib, code, lang):  # noqa: F811
    from ui.workshop.board_content import board_rows
    from ui.workshop.board_summary import summary_markdown

    return summary_markdown(board_rows(lib.list(code)), lang, code, 0.05, datetime(2025, 6, 1, 2, 0, tzinfo=UTC))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workshop_summary_holds_every_group_with_its_result_changes_and_note(db_url, lib, room, lang):  # noqa: F811
    from ui.session.dataset import dataset
    from ui.shared.format import param_text
    from ui.shared.i18n import pick
    from ui.workshop.board_content import board_rows

    lib.save(room.code, "judgement", Scenario(model_error=0.03), group="Team 3", note="we trust\nthe new plant")
    lib.save(room.code, "levers", Scenario(fai_growth=0.2), group="Team 1")
    lib.save(room.code, "levers", Scenario(fai_growth=0.2), group="Team 1")  # a duplicate: counted once
    lib.save(room.code, "defaults", Scenario(), group="Team 2")
    at = _set_code(_open(db_url, "pages/board.py", lang=lang), room.code, page="board")
    assert t("kit_summary_button", lang) in [b.label for b in at.get("download_button")]
    text = _summary(lib, room.code, lang)
    rows = board_rows(lib.list(room.code))
    assert [r.group for r in rows] == ["Team 3", "Team 1", "Team 2"]
    assert text.startswith("# " + t("kit_summary_title", lang, code=room.code))
    assert "- " + t("kit_summary_scenarios", lang, n=3, saves="4") in text
    saved = {"Team 3": Scenario(model_error=0.03), "Team 1": Scenario(fai_growth=0.2), "Team 2": Scenario()}
    for rank, r in enumerate(rows, start=1):
        growth = simulate(saved[r.group]).gdp_real_growth
        row = f"| {rank} | {r.group} | {r.name} | {pct(growth)} | {t(f'status_{r.gdp_status}', lang)} | {pct(r.chance, 0)} |"
        assert row in text  # the table: every group with its growth, status and chance
        assert f"### {rank}. {r.group} · {r.name}" in text  # and a section of its own
    judgement = text.split("### 1.")[1].split("### 2.")[0]
    item = t("board_change_item", lang, label=pick(dataset().params["model_error"].label, lang),
             value=param_text("model_error", 0.03, lang, 1))
    flagged = t("board_flag_assumption", lang, item=item).replace("[", "\\[").replace("]", "\\]")
    assert "    - " + flagged in judgement  # the assumption, flagged as one
    assert "    > we trust\n    > the new plant" in judgement  # the note, its lines kept
    levers = text.split("### 2.")[1].split("### 3.")[0]
    assert t("kit_summary_copies", lang, n=2) in levers
    assert t("kit_summary_no_note", lang) in levers
    assert t("board_no_changes", lang) in text.split("### 3.")[1]
    assert t("kit_summary_count", lang, status=t("status_met", lang), n=1, total=3) in text
    assert not at.exception


def test_the_summary_keeps_the_groups_text_literal_in_spreadsheets_and_markdown(db_url, lib, room):  # noqa: F811
    hostile = {"=HYPERLINK(\"http://x\",\"click\")": "'=HYPERLINK(\"http://x\",\"click\")",
               "+1": "'+1", "@SUM(A1)": "'@SUM(A1)", "[click](http://evil)": "\\[click\\](http://evil)",
               "<img src=x onerror=alert(1)>": "\\<img src=x onerror=alert(1)\\>", "a|b": "a\\|b", "**bold**": "\\*\\*bold\\*\\*"}
    for i, group in enumerate(hostile):
        lib.save(room.code, f"plan {i}", Scenario(fai_growth=0.01 * i), group=group, note=f"# heading\n{group}\n1. item")
    text = _summary(lib, room.code, "en")
    table = [line for line in text.splitlines() if line.startswith("| ") and "plan" in line]
    assert len(table) == len(hostile)
    cells = {line.split(" | ")[1] for line in table}
    assert cells == set(hostile.values())  # each group's name guarded, escaped, and still one cell
    for guarded in hostile.values():
        assert f"    > {guarded}" in text  # the note's line, too
    assert "    > \\# heading" in text and "    > 1\\. item" in text  # a note opens no heading and no list
    markdown_it = pytest.importorskip("markdown_it")  # Streamlit's own dependency (through rich)
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    assert "<img" not in rendered and "<a " not in rendered and "<strong>" not in rendered
    assert rendered.count("<h1>") == 1 and "<ol>" not in rendered  # the notes open no heading and no list
    assert rendered.count("<tr>") == len(hostile) + 1  # header and one row per group: no cell split by a "|"


# ------------------------------------------------------------------ guide page


GUIDE_STEPS = ("open", "join", "explore", "save", "compare", "debrief")  # the 60 minutes, in order


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_guide_page_gives_the_script_and_the_debrief_questions_in_each_language(db_url, lang):  # noqa: F811
    at = _open(db_url, "pages/guide.py", lang=lang)
    assert at.title[0].value == t("kit_guide_title", lang)
    assert [h.value for h in at.subheader] == [t(f"kit_guide_{step}_title", lang) for step in GUIDE_STEPS]
    shown = "\n".join(m.value for m in at.markdown)
    for step in GUIDE_STEPS:
        assert t(f"kit_guide_{step}_body", lang) in shown
    questions = [line for line in shown.splitlines() if line[:2] in {f"{i}." for i in range(1, 10)}]
    assert 4 <= len(questions) <= 6
    assert questions[0] == "1. " + t("kit_guide_q1", lang)  # "a lever or an assumption?"
    assert "2015" in questions[1]  # outside the range of the past years?
    other = "en" if lang == "zh" else "zh"
    assert t("kit_guide_q1", other) not in shown and t("kit_guide_title", other) not in at.title[0].value
    # the debrief says how to open one group's scenario, in the words of the board's own button
    debrief = t("kit_guide_debrief_body", lang)
    assert t("board_open_back", lang) in debrief and ("只读" in debrief if lang == "zh" else "read-only" in debrief)
    assert not at.exception and not at.error


# ------------------------------------------------------------------ presenter view


def _html(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_present_1_opens_the_board_for_the_projector_without_code_box_join_panel_or_key(db_url, lib, room):  # noqa: F811
    lib.save(room.code, "plan <b>A</b>", Scenario(model_error=0.02), group="Team <i>3</i>", note="line 1\nline 2")
    lib.save(room.code, "plan B", Scenario(fai_growth=0.2), group="Team 1")
    at = _open(db_url, "pages/board.py", lang="en",
               query={"ws": room.code, "fk": room.facilitator_key, "present": "1"})
    assert at.toggle(key="w_board_present").value is True
    assert not at.text_input  # no code box
    assert not at.get("image") and not at.code and not at.expander  # no join panel, no QR code, no link box
    assert not at.title  # the chart is the first thing on the screen
    assert at.get("vega_lite_chart")
    assert not at.get("download_button")
    table = _html(at)
    assert "<td class=\"group\">Team &lt;i&gt;3&lt;/i&gt;</td>" in table  # the groups' text escaped, never markup
    assert "plan &lt;b&gt;A&lt;/b&gt;" in table and "line 1<br>line 2" in table
    assert t("board_flag_assumption", "en", item="")[:5] in table  # the changed settings, assumptions flagged
    written = dict(at.query_params)
    assert written.get("present") in ("1", ["1"]) and "fk" not in written  # no key in the address bar
    assert not at.exception and not at.error


def test_the_presenter_toggle_switches_the_view_and_the_link(db_url, lib, room):  # noqa: F811
    lib.save(room.code, "plan", Scenario(), group="Team 1")
    at = _set_code(_open(db_url, "pages/board.py", lang="zh"), room.code, page="board")
    assert at.title[0].value == t("board_title", "zh") and "present" not in dict(at.query_params)
    at.toggle(key="w_board_present").set_value(True).run()
    assert not at.title and not at.text_input and t("kit_present_heading", "zh", code=room.code) in [
        c.value for c in at.caption]
    assert dict(at.query_params).get("present") in ("1", ["1"])
    at.toggle(key="w_board_present").set_value(False).run()
    assert at.title[0].value == t("board_title", "zh") and at.text_input(key="w_board_code").value == room.code
    assert "present" not in dict(at.query_params)
    assert not at.exception


def test_present_1_without_a_workshop_asks_for_the_code(db_url):  # noqa: F811
    at = _open(db_url, "pages/board.py", lang="en", query={"present": "1"})
    assert at.text_input(key="w_board_code")  # the code box stays until there is a workshop to present
    assert t("kit_present_needs_code", "en") in [i.value for i in at.info]
    assert not at.exception


@pytest.mark.parametrize(("raw", "on", "noticed"), [("1", True, False), ("0", False, False), (" 1 ", True, False),
                                                    ("yes", False, True), ("<b>", False, True)])
def test_the_links_present_value_is_read_or_dropped_with_a_notice(raw, on, noticed):
    from ui.session import url

    parsed = url.parse_url({"present": [raw]})
    assert parsed.present is on
    assert [n.reason for n in parsed.notices] == (["out_of_range"] if noticed else [])
    assert url.present_query(on) == ({"present": "1"} if on else {})


# ------------------------------------------------------------------ the leader brief's group note


def test_the_brief_carries_the_groups_note_while_a_loaded_scenario_is_unchanged(db_url, lib, room, monkeypatch):  # noqa: F811
    """Loaded from the workshop, a scenario's brief names its group and note; once a lever moves, it is no longer
    that saved scenario, and the brief carries no note."""
    from ui.workshop import brief_source, transfer

    offered = []
    real = brief_source.current
    monkeypatch.setattr(transfer.brief_source, "current", lambda code, values: offered.append(real(code, values))
                        or offered[-1])
    lib.save(room.code, "plan <b>A</b>", Scenario(fai_growth=0.2), group="Team 2", note="<script>x</script>\nline 2")
    at = _set_code(_open(db_url, lang="en"), room.code)
    assert offered[-1] == {}  # nothing loaded yet: the default scenario, no note
    at.button(key="w_ws_load").click().run()
    assert offered[-1] == {"group": "Team 2", "name": "plan <b>A</b>", "note": "<script>x</script>\nline 2"}
    at.session_state["scenario_values"] = at.session_state["scenario_values"] | {"fai_growth": 0.1}
    at.run()
    assert offered[-1] == {}
    assert not at.exception


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_facilitator_gets_the_workshop_summary_brief_and_a_group_does_not(db_url, lib, room, lang):  # noqa: F811
    lib.save(room.code, "levers", Scenario(fai_growth=0.2), group="Team 1")
    facilitator = _open(db_url, lang=lang, query={"ws": room.code, "fk": room.facilitator_key})
    assert t("brief_ws_button", lang) in [b.label for b in facilitator.download_button]
    group = _set_code(_open(db_url, lang=lang), room.code)
    assert t("brief_ws_button", lang) not in [b.label for b in group.download_button]
    assert not facilitator.exception and not group.exception
