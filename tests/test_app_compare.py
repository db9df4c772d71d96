"""The compare page's choice (issue 24): it opens with room to add, says its limit in the user's language, and its
saved-scenarios section shows the workshop's scenarios (or how to get some), through AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import data
from model import Scenario
from tests.test_app_analysis import APP, library_in_tmp, open_page  # noqa: F401  (fixture)
from ui.analysis.compare_choice import MAX_COMPARED, literal
from ui.shared.i18n import t

DS = data.load()


def _chosen(at) -> list[str]:
    return at.session_state["cmp_chosen"]


def _compare(lang: str, workshop: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    if workshop:
        at.query_params["ws"] = workshop
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_opens_with_room_and_says_its_limit_in_the_users_language(lang):
    at = open_page("compare", lang)
    assert _chosen(at)[0] == "current" and len(_chosen(at)) == 2  # current and one preset: two more can be added
    assert not at.multiselect  # Streamlit's own picker spoke English ("You can only select up to 4 options")
    presets = [o for o in at.pills(key="w_cmp_pick").options[1:]]
    assert len(presets) == len(DS.presets)
    unchosen = [f"preset:{p}" for p in DS.presets if f"preset:{p}" not in _chosen(at)]
    for option in unchosen[:2]:
        at.pills(key="w_cmp_pick").select(option).run()
    four = list(_chosen(at))
    assert len(four) == MAX_COMPARED and not at.warning
    at.pills(key="w_cmp_pick").select(unchosen[2]).run()  # a fifth
    assert [w.value for w in at.warning] == [t("cmp_limit", lang, n=MAX_COMPARED)]
    assert _chosen(at) == four and at.pills(key="w_cmp_pick").value == four  # the pill went back off
    assert len(at.dataframe[0].value.columns) == 2 + MAX_COMPARED
    at.run()
    assert not at.warning  # said once, where it happened
    at.pills(key="w_cmp_pick").unselect(four[1]).run()
    at.pills(key="w_cmp_pick").select(unchosen[2]).run()  # one out, the other in
    assert _chosen(at) == [four[0], *four[2:], unchosen[2]] and not at.warning


def test_the_limit_counts_every_section():
    """Two presets and two links make four: a saved scenario is one too many, said under the saved scenarios."""
    from store import ScenarioStore

    lib = ScenarioStore()
    room = lib.create_workshop()
    saved_id = lib.save(room.code, "plan", Scenario(fai_growth=0.1).to_dict(), group="T1")
    at = _compare("zh", room.code)
    at.text_area(key="w_cmp_links").input("?fai_growth=0.2\n?fai_growth=0.25").run()
    at.pills(key="w_cmp_pick_links").set_value(["link:1", "link:2"]).run()
    assert len(_chosen(at)) == 4
    at.pills(key="w_cmp_pick_saved").select(f"saved:{saved_id}").run()
    assert [w.value for w in at.warning] == [t("cmp_limit", "zh", n=MAX_COMPARED)]
    assert f"saved:{saved_id}" not in _chosen(at)


def test_the_saved_section_says_how_to_get_scenarios_before_a_workshop_is_joined():
    at = _compare("zh")
    assert t("cmp_saved_join", "zh") in [i.value for i in at.info]
    saved_section = next(e for e in at.expander if e.label == t("cmp_saved_title", "zh"))
    assert not saved_section.proto.expanded  # nothing to pick there: closed, the message one click away


def test_the_saved_section_of_an_empty_workshop_says_so():
    from store import ScenarioStore

    room = ScenarioStore().create_workshop()
    at = _compare("en", room.code)
    assert t("cmp_saved_empty", "en", code=room.code) in [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_saved_section_opens_with_the_workshops_scenarios(lang):
    from store import ScenarioStore

    lib = ScenarioStore()
    room = lib.create_workshop()
    names = {lib.save(room.code, f"plan {g}", Scenario(fai_growth=0.05 * i).to_dict(), group=g): f"plan {g} · {g}"
             for i, g in enumerate(("Team 1", "Team 2", "Team 3"))}
    at = _compare(lang, room.code)
    saved_section = next(e for e in at.expander if e.label == t("cmp_saved_title", lang))
    assert saved_section.proto.expanded  # open, not an empty box to click
    pick = at.pills(key="w_cmp_pick_saved")
    assert pick.label == t("cmp_pick_saved", lang, code=room.code)
    assert sorted(pick.options) == sorted(literal(n) for n in names.values())
    first = next(iter(names))
    pick.select(f"saved:{first}").run()
    assert names[first] in at.dataframe[0].value.columns  # compared, under its own name
    assert not at.exception


def test_a_pills_label_shows_user_text_as_text():
    markdown_it = pytest.importorskip("markdown_it")  # Streamlit's own dependency (through rich)
    for name in ("[click](http://evil) · T1", "![x](http://evil/img.png)", "**bold** _it_ `code`", ":material/home: :red[x]",
                 "<b>tag</b>", "1. plan", "# heading", "a\\b"):
        rendered = markdown_it.MarkdownIt("commonmark").renderInline(literal(name))
        assert rendered.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&") == name
