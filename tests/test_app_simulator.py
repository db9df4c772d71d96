"""The simulator page through AppTest: runs in both languages, levers move the cards, presets, URL in and out.

The main levers and the cards are the lever panel (one custom component): tests read what the page
hands it and move its levers as the browser does, with a commit in its state (tests/panel.py)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import data
from model import Scenario, simulate
from tests.panel import cards, chart, commit, lever_value, outcomes, panel, scorecard
from ui.shared import charts
from ui.shared.i18n import t, yi_yuan
from ui.simulator import lever_panel
from ui.takeaway import paper

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DS = data.load()
DEFAULT = simulate(Scenario())
DEFAULT_GROWTH_PCT = round(100 * DEFAULT.gdp_real_growth, 1)  # the card shows one decimal
DEFAULT_LEVEL_YI = float(DEFAULT.gdp_nominal_yi_yuan)
MAIN_LEVERS = [p.id for p in DS.params_in("lever")]
LEVERS = MAIN_LEVERS + [p.id for p in DS.params_in("advanced") if not p.id.endswith("_change")]  # prices: more of them lowers real growth


def open_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def card(at: AppTest, label_key: str, lang: str = "zh") -> str:
    shown = cards(at)[label_key]
    assert shown["label"] == DS.text[label_key][lang]
    return shown["value"]


def open_advanced(at: AppTest) -> AppTest:
    """Expand "more levers" (its content is drawn only while open), as a click would."""
    at.session_state["w_sim_advanced"] = True
    return at.run()


def gdp_growth(at: AppTest, lang: str = "zh") -> float:
    return float(card(at, "card_gdp_growth", lang).rstrip("%"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs_in_both_languages(lang):
    at = open_app(lang=lang)
    assert at.title[0].value == DS.text["app_title"][lang]
    assert len(cards(at)) == 7
    assert [x["label"] for x in panel(at)["levers"]] == [DS.params[k].label[lang] for k in MAIN_LEVERS]
    assert card(at, "card_gdp_growth", lang) == f"{DEFAULT_GROWTH_PCT:.1f}%"
    unit = "亿元" if lang == "zh" else "bn yuan"
    assert unit in DS.text["card_gdp_level"][lang]
    level = card(at, "card_gdp_level", lang)
    assert level == (f"{DEFAULT_LEVEL_YI:,.2f}" if lang == "zh" else f"{DEFAULT_LEVEL_YI / 10:,.2f}")


def test_language_switch_changes_title_and_numbers():
    at = open_app()
    at.segmented_control(key="w_app_lang").set_value("en").run()
    assert at.title[0].value == DS.text["app_title"]["en"]
    assert card(at, "card_gdp_level", "en") == f"{DEFAULT_LEVEL_YI / 10:,.2f}"
    assert at.query_params["lang"] == "en"


@pytest.mark.parametrize("lever", LEVERS)
def test_each_lever_moved_up_raises_gdp_on_the_card(lever):
    at = open_app()
    before = gdp_growth(at)
    if DS.params[lever].group == "advanced":
        open_advanced(at)
        slider = at.slider(key=f"w_sim_s_{lever}")
        slider.set_value(slider.value + 3.0).run()
        assert at.number_input(key=f"w_sim_n_{lever}").value == pytest.approx(slider.value)
    else:
        moved = lever_value(at, lever) + 3.0
        commit(at, **{lever: moved})
        assert lever_value(at, lever) == pytest.approx(moved)
    assert not at.exception
    assert gdp_growth(at) > before


def test_a_committed_number_moves_the_lever_and_the_card():
    at = open_app()
    commit(at, fai_growth=20.0)
    assert lever_value(at, "fai_growth") == pytest.approx(20.0)
    assert at.session_state["scenario_values"]["fai_growth"] == 0.2
    expected = 100 * simulate(Scenario(fai_growth=0.20)).gdp_real_growth
    assert gdp_growth(at) == pytest.approx(expected, abs=0.05)


def test_a_commit_from_the_browser_is_checked_and_applied_once():
    """The commit comes from the browser: unknown levers and non-numbers are dropped, values
    outside the range clamped, and a commit already applied is not applied again (a preset
    chosen afterwards is not undone by the panel's old state)."""
    at = open_app()
    commit(at, fai_growth=99.0, bogus=1.0, retail_growth="3", export_growth=float("nan"))
    assert not at.exception
    values = at.session_state["scenario_values"]
    assert values["fai_growth"] == DS.params["fai_growth"].max
    assert values["retail_growth"] == Scenario().retail_growth and values["export_growth"] == Scenario().export_growth
    preset = next(iter(DS.presets))
    at.selectbox(key="w_sim_preset").set_value(preset).run()
    at.run()
    assert at.session_state["scenario_values"]["fai_growth"] == Scenario.from_preset(preset).fai_growth


def test_the_panel_gets_the_model_response_at_the_current_point():
    """What the browser previews with: the outputs at this point and their slopes in each main lever."""
    at = open_app(fai_growth="0.2", export_growth="-0.05")
    response = panel(at)["response"]
    exact = simulate(Scenario(fai_growth=0.2, export_growth=-0.05))
    # the model's plane moved to this point (ui/compute.response): equal up to float rounding
    assert response["values"]["gdp_real_growth"] == pytest.approx(exact.gdp_real_growth, rel=1e-12)
    assert set(response["slopes"]["gdp_real_growth"]) == set(MAIN_LEVERS)
    assert response["slopes"]["gdp_real_growth"]["fai_growth"] > 0
    assert response["point"] == {"fai_growth": 0.2, "retail_growth": Scenario().retail_growth, "export_growth": -0.05}
    texts = panel(at)["text"]  # every string the browser shows comes from the translation tables
    assert texts == {k: DS.text[k]["zh"] for k in lever_panel.PANEL_TEXT_KEYS}


def test_the_panel_lays_out_every_main_lever_in_the_data(monkeypatch):
    """No layout is written for three levers: a fourth main lever gets its own slider and slopes."""
    four = (*lever_panel.levers(), "services_consumption_growth")
    monkeypatch.setattr(lever_panel, "levers", lambda: four)
    at = open_app(lang="en")
    assert [x["id"] for x in panel(at)["levers"]] == list(four)
    assert set(panel(at)["response"]["slopes"]["gdp_real_growth"]) == set(four)
    commit(at, services_consumption_growth=9.0)
    assert at.session_state["scenario_values"]["services_consumption_growth"] == 0.09


@pytest.mark.parametrize("preset_id", list(DS.presets))
def test_every_preset_sets_the_sliders(preset_id):
    at = open_app()
    at.selectbox(key="w_sim_preset").set_value(preset_id).run()
    assert not at.exception
    expected = Scenario.from_preset(preset_id)
    for lever in MAIN_LEVERS:
        assert lever_value(at, lever) == pytest.approx(100 * getattr(expected, lever))
    assert at.query_params.get("fai_growth", repr(Scenario().fai_growth)) == repr(expected.fai_growth)


def test_reset_returns_levers_assumptions_and_targets_to_defaults():
    assumption = DS.params_in("assumption")[0]
    target = next(t for t in DS.targets.values() if t.projected)
    at = open_app(fai_growth="0.02", export_growth="-0.1", **{assumption.id: repr(assumption.max),
                                                            f"t_{target.id}": repr(target.min)})
    at.selectbox(key="w_sim_preset").set_value("export_shock").run()
    assert gdp_growth(at) != pytest.approx(DEFAULT_GROWTH_PCT)
    assert at.session_state["target_values"][target.id] == target.min
    at.button(key="w_sim_reset").click().run()
    assert gdp_growth(at) == pytest.approx(DEFAULT_GROWTH_PCT)
    assert at.session_state["scenario_values"][assumption.id] == getattr(Scenario(), assumption.id)
    assert at.session_state["target_values"][target.id] == target.value
    assert at.selectbox(key="w_sim_preset").value is None  # the preset no longer describes the levers
    assert set(at.query_params) == {"lang", "v"}  # the link holds nothing but the defaults


def test_query_params_in_same_values_out():
    query = {"fai_growth": "0.08", "retail_growth": "0.05", "export_growth": "-0.02",
             "cpi_change": "0.01", "fai_to_gcf_bridge": "0.7", "lang": "en"}
    at = open_app(**query)
    assert lever_value(at, "fai_growth") == pytest.approx(8.0)
    assert lever_value(at, "export_growth") == pytest.approx(-2.0)
    out = dict(at.query_params)
    for k, v in query.items():
        assert out[k] == v, k
    assert out["v"] == DS.version
    assert not at.warning


def test_moving_a_lever_writes_the_url():
    at = open_app()
    commit(at, export_growth=10.0)
    assert at.query_params["export_growth"] == "0.1"


@pytest.mark.parametrize("query,bad_key", [
    ({"fai_growth": "abc"}, "fai_growth"),
    ({"fai_growth": "nan"}, "fai_growth"),
    ({"fai_growth": "inf"}, "fai_growth"),
    ({"retail_growth": "1e308"}, "retail_growth"),
    ({"export_growth": "9" * 5000}, "export_growth"),
    ({"bogus": "1"}, "bogus"),
    ({"lang": "fr"}, "fr"),
    ({"fai_growth": ["0.1", "0.2"]}, "fai_growth"),
    ({"<script>alert(1)</script>": "x"}, "<script>alert(1)</script>"),
])
def test_bad_query_params_give_a_notice_and_defaults(query, bad_key):  # bad_key: what the notice names
    at = open_app(**query)
    assert at.warning, "a notice is shown"
    notice_lines = " ".join(t.value for t in at.text)
    assert bad_key in notice_lines
    assert gdp_growth(at) == pytest.approx(DEFAULT_GROWTH_PCT)


def test_link_from_another_version_opens_with_a_notice():
    at = open_app(v="2024.9", fai_growth="0.05")
    assert lever_value(at, "fai_growth") == pytest.approx(5.0)
    assert "2024.9" in " ".join(t.value for t in at.text)
    at.button(key="notice_dismiss").click().run()
    assert not at.warning


def test_scorecard_lists_every_target_and_says_which_are_city_defaults():
    at = open_app(lang="en")
    frame = scorecard(at)
    assert len(frame) == len(DS.targets)
    origins = frame[DS.text["col_origin"]["en"]].tolist()
    assert origins.count(DS.text["origin_city"]["en"]) == sum(t.origin == "city_default" for t in DS.targets.values())
    status = frame[DS.text["col_status"]["en"]].tolist()
    assert status.count(DS.text["status_plan_item"]["en"]) == sum(not t.projected for t in DS.targets.values())


def test_cards_say_met_or_not_in_words():
    at = open_app(lang="en", fai_growth="0.3", retail_growth="0.1", export_growth="0.1")
    assert cards(at)["card_gdp_growth"]["caption"].startswith(DS.text["status_met"]["en"])
    at2 = open_app(lang="en", fai_growth="-0.1")
    assert cards(at2)["card_gdp_growth"]["caption"].startswith(DS.text["status_not_met"]["en"])


def test_charts_carry_the_scenario_the_cards_show():
    """The charts get the scenario on the cards: the GDP path's 2025 point is the GDP card's level."""
    at = open_app(lang="en")
    commit(at, fai_growth=20.0)
    rows = chart(at, "gdp")["rows"]
    assert {r["key"] for r in rows} == {"history", "baseline", "target", "scenario"}
    scenario_2025 = [r["gdp"] / 10 for r in rows if r["key"] == "scenario" and r["year"] == 2025]  # bn yuan
    assert scenario_2025 == [pytest.approx(float(card(at, "card_gdp_level", "en")), abs=0.005)]
    history = [r for r in rows if r["key"] == "history"]
    start = next(r for r in rows if r["key"] == "scenario")
    assert history[-1]["year"] == 2024 and (start["year"], start["gdp"]) == (2024, history[-1]["gdp"])
    pulls = chart(at, "contrib")["rows"]
    assert [r["period"] for r in pulls] == [DS.text["period_2024"]["en"]] * 4 + [DS.text["period_2025"]["en"]] * 4
    assert outcomes(at)["seq"] == panel(at)["seq"]  # the browser can tell these figures include the commit


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_browser_draws_the_briefs_own_chart_specs_with_the_briefs_rows(lang):
    """One chart definition for screen and paper (issue 22): the Vega the browser draws is the brief's spec
    (ui.takeaway.paper, from ui.shared.charts) compiled for the screen, and the rows the browser puts in at a
    commit are the brief's rows for that scenario."""
    at = open_app(lang=lang)
    commit(at, fai_growth=20.0, export_growth=1.0)
    result, base = simulate(Scenario(fai_growth=0.2, export_growth=0.01)), simulate(Scenario())
    for chart_id, brief in (("gdp", paper.gdp_spec(result, base, lang)), ("contrib", paper.contributions_spec(result, lang))):
        drawn = chart(at, chart_id)
        assert drawn["vega"] == charts.vega_for_screen(brief), chart_id
        assert drawn["rows"] == brief["datasets"][charts.DATASET], chart_id
    assert drawn["vega"] != charts.vega_for_screen(paper.gdp_spec(result, base, lang))  # the two charts differ


def test_charts_say_in_words_what_they_draw_and_list_their_numbers():
    at = open_app(lang="zh")
    commit(at, retail_growth=7.0)
    result = simulate(Scenario(retail_growth=0.07))
    gdp = chart(at, "gdp")
    assert gdp["summary"].startswith(DS.text["chart_gdp_title"]["zh"])
    assert yi_yuan(round(result.gdp_nominal_yi_yuan, 2), "zh") in gdp["summary"]  # the scenario's 2025 GDP, in words
    assert gdp["table"]["caption"] == t("a11y_chart_table", "zh", title=DS.text["chart_gdp_title"]["zh"])
    assert len(gdp["table"]["rows"]) == len(gdp["rows"]) - 3  # every point once: the three 2025 paths share 2024's
    contrib = chart(at, "contrib")
    assert [row[0] for row in contrib["table"]["rows"]] == list(dict.fromkeys(r["component"] for r in contrib["rows"]))


def test_advanced_levers_are_drawn_only_while_open_and_keep_their_values():
    at = open_app(cpi_change="0.02")
    advanced = {f"w_sim_s_{p.id}" for p in DS.params_in("advanced")}
    assert not advanced & {s.key for s in at.slider}  # closed: not sent on every slider move
    before = gdp_growth(at)
    open_advanced(at)
    assert advanced <= {s.key for s in at.slider}
    assert at.slider(key="w_sim_s_cpi_change").value == pytest.approx(2.0)  # the link's value, not the default
    at.slider(key="w_sim_s_gz_services_growth").set_value(6.0).run()
    at.session_state["w_sim_advanced"] = False
    at.run()
    assert gdp_growth(at) > before  # closing the section keeps what was set there
    assert at.query_params["gz_services_growth"] == "0.06"
    assert at.query_params["cpi_change"] == "0.02"


def test_share_popover_shows_the_link_of_the_current_scenario():
    at = open_app(lang="en")
    commit(at, retail_growth=6.0)
    assert not at.code  # closed: the link is not built on every move
    at.session_state["w_sim_share"] = True
    at.run()
    link = at.code[0].value
    query = dict(urllib.parse.parse_qsl(link.split("?", 1)[1]))
    assert query == dict(at.query_params)
    assert query["retail_growth"] == "0.06" and query["lang"] == "en"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chosen_preset_shows_its_result_in_one_sentence(lang):
    at = open_app(lang=lang)
    at.selectbox(key="w_sim_preset").set_value("export_shock").run()
    result = simulate(Scenario.from_preset("export_shock"))
    sentence = DS.presets["export_shock"].explanation[lang].format(
        gdp=f"{100 * result.gdp_real_growth:.1f}%", industry=f"{100 * result.industrial_va_growth:+.1f}%")
    captions = [c.value for c in at.sidebar.caption]
    assert any(sentence in c for c in captions), captions


def test_moving_the_industrial_lever_sets_industry_directly_and_reset_links_it_again():
    at = open_app(lang="en")
    open_advanced(at)
    at.slider(key="w_sim_s_industrial_va_growth").set_value(8.0).run()
    assert at.session_state["scenario_values"]["industry_link_weight"] == 0.0
    frame = scorecard(at)
    row = frame[frame[DS.text["col_target"]["en"]] == DS.targets["industrial_va_growth_2025"].label["en"]]
    assert row[DS.text["col_projected"]["en"]].item() == "+8.0%"
    assert row[DS.text["col_status"]["en"]].item() == DS.text["status_met"]["en"]
    at.button(key="w_sim_reset").click().run()
    assert at.session_state["scenario_values"]["industry_link_weight"] == 1.0


def test_an_about_target_within_its_band_reads_about_met():
    at = open_app(lang="en", cpi_change="0.0", retail_growth="0.11", gz_services_growth="0.065",
                  fai_growth="0.05", export_growth="0.03")
    result = simulate(Scenario(cpi_change=0.0, retail_growth=0.11, gz_services_growth=0.065,
                               fai_growth=0.05, export_growth=0.03))
    assert result.targets["gdp_real_growth_2025"].status == "about_met"
    frame = scorecard(at)
    row = frame[frame[DS.text["col_target"]["en"]] == DS.targets["gdp_real_growth_2025"].label["en"]]
    assert row[DS.text["col_status"]["en"]].item() == DS.text["status_about_met"]["en"]


def test_a_link_from_before_prices_by_sector_opens_with_its_notices():
    """Model v3 replaced the one GDP deflator by sector prices: an old link's deflator is named as
    unknown, the version is named, and the rest of the link is kept."""
    at = open_app(lang="en", v="2025.2", gdp_deflator="0.01", fai_growth="0.2")
    assert not at.exception
    shown = " ".join([w.value for w in at.warning] + [x.value for x in at.text] + [m.value for m in at.markdown])
    assert t("notice_unknown", "en", name="gdp_deflator", value="0.01") in shown
    assert t("notice_old_version", "en", linked="2025.2", current=DS.version) in shown
    assert at.session_state["scenario_values"]["fai_growth"] == 0.2
    assert "gdp_deflator" not in at.query_params and at.query_params["v"] == DS.version


# ------------------------------------------------------------------ the change explained (issue 24, items 6, 7 and 9)


def breakdown_table(at: AppTest) -> list[list[str]]:
    """The rows of the breakdown's table as the outcomes draw it (the panel's data carries them)."""
    live = panel(at)["explain"]
    assert live, "a breakdown"
    return live[2]


def breakdown_texts(at: AppTest) -> list[str]:
    """The breakdown's sentences as drawn: its total (or "nothing changed"), its method, the default's sentence."""
    words, live = panel(at)["outcomes"]["explain"], panel(at)["explain"]
    return ([live[0], words["methods"][live[1]]] if live else [words["none"]]) + [words["default"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_change_from_the_default_is_split_by_setting_and_adds_up(lang):
    from model.attribution import scenario_breakdown
    from ui.shared.i18n import pp
    at = open_app(lang=lang, model_error="0.02")
    commit(at, fai_growth=20.0, export_growth=-5.0)
    s = Scenario(fai_growth=0.2, export_growth=-0.05, model_error=0.02)
    b = scenario_breakdown(s)
    rows = breakdown_table(at)
    assert len(rows) == 3
    labels = {r[0]: r[2] for r in rows}
    assert labels[DS.params["fai_growth"].label[lang]] == pp(next(p.pp for p in b.parts if p.key == "fai_growth"), lang)
    # the assumption is flagged as the board flags it
    flagged = t("board_flag_assumption", lang, item=DS.params["model_error"].label[lang])
    assert labels[flagged] == pp(2.0, lang)
    # the parts add up to the total the caption states
    total = 100 * (simulate(s).gdp_real_growth - DEFAULT.gdp_real_growth)
    assert sum(p.pp for p in b.parts) == pytest.approx(total, abs=1e-12)
    captions = breakdown_texts(at)
    assert any(pp(total, lang) in c and t("explain_total", lang, before="", after="", diff="")[:6] in c for c in captions)
    unit = "个百分点" if lang == "zh" else " pp"
    assert all(r[2].endswith(unit) for r in rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_default_says_why_it_is_not_2024_from_the_model(lang):
    from model.attribution import CARRY, default_vs_base_year
    from ui.shared.i18n import pct, pp
    at = open_app(lang=lang)
    assert not panel(at)["explain"]  # the default: nothing to split
    captions = breakdown_texts(at)
    assert t("explain_none", lang) in captions
    sentence = next(c for c in captions if pct(DS.value("gdp_real_growth_2024")) in c and pct(DEFAULT.gdp_real_growth) in c)
    b = default_vs_base_year()
    carry = next(p for p in b.parts if p.key == CARRY)
    # the numbers are the model's: the replay, its gap, the carry's part
    assert pct(float(DEFAULT.replay.real_growth)) in sentence
    assert pp(100 * float(DEFAULT.replay.gap), lang) in sentence
    assert pp(carry.pp, lang) in sentence and pp(b.total_pp, lang) in sentence
    # the carry's own words: with the chosen carry at 0, "does not carry", never "carries 0% only"
    key = "why_part_carry_none" if Scenario().replay_carry == 0 else "why_part_carry"
    assert t(key, lang, gap=pp(100 * float(DEFAULT.replay.gap), lang), replay=pct(float(DEFAULT.replay.real_growth)),
             base=pct(DS.value("gdp_real_growth_2024")), share=pct(carry.after[0], 0), pp=pp(carry.pp, lang)) in sentence


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_main_lever_shows_its_past_range_and_flags_a_value_outside(lang):
    from model.facts import past_range
    from ui.shared.format import param_text
    at = open_app(lang=lang)
    for lever in panel(at)["levers"]:
        r = past_range(DS.history_record, lever["id"], DS.base_year)
        low, high = (param_text(lever["id"], v, lang, 1) for v in (r.low, r.high))
        assert f"{r.years[0]}" in lever["past"] and f"{r.years[-1]}" in lever["past"]
        assert low in lever["past"] and high in lever["past"]
        assert lever["past_outside"] is False  # the defaults are 2024's values
    commit(at, fai_growth=25.0)
    fai = next(x for x in panel(at)["levers"] if x["id"] == "fai_growth")
    assert fai["past_outside"] is True and fai["past"].startswith("⚠")
    commit(at, fai_growth=15.0)
    assert next(x for x in panel(at)["levers"] if x["id"] == "fai_growth")["past_outside"] is False


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_preset_name_clears_once_a_lever_moves(lang):
    at = open_app(lang=lang)
    at.selectbox(key="w_sim_preset").set_value("export_shock").run()
    description = DS.presets["export_shock"].description[lang]
    assert any(description in c.value for c in at.sidebar.caption)
    commit(at, fai_growth=20.0)
    assert not at.exception
    assert at.selectbox(key="w_sim_preset").value is None
    captions = [c.value for c in at.sidebar.caption]
    assert not any(description in c for c in captions), captions
    assert t("preset_changed", lang, name=DS.presets["export_shock"].name[lang]) in captions
    # choosing it again applies it again, and reset forgets it
    at.selectbox(key="w_sim_preset").set_value("export_shock").run()
    assert lever_value(at, "fai_growth") == pytest.approx(100 * Scenario.from_preset("export_shock").fai_growth)
    assert any(description in c.value for c in at.sidebar.caption)
    at.button(key="w_sim_reset").click().run()
    assert at.selectbox(key="w_sim_preset").value is None
    assert not [c for c in at.sidebar.caption if DS.presets["export_shock"].name[lang] in c.value]


def test_a_preset_stays_named_while_only_an_assumption_moves():
    at = open_app()
    at.selectbox(key="w_sim_preset").set_value("city_targets").run()
    at.session_state["scenario_values"] = at.session_state["scenario_values"] | {"model_error": 0.01}
    at.run()
    assert at.selectbox(key="w_sim_preset").value == "city_targets"
