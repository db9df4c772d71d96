"""Exports without a server: results CSV, scenario JSON and the checks on an uploaded one, the HTML brief."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from datetime import date
from html import escape as html_escape
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import data
from model import DEMAND_COMPONENTS, FIELDS, Scenario, simulate
from ui.session.url import editable_targets, version
from ui.shared import charts
from ui.shared.format import target_status
from ui.shared.i18n import t
from ui.takeaway import brief, exports

DS = data.load()
VERSION = version()  # the data version this run reads
HOSTILE = "<script>alert('x')</script>"


def _values(**changes: float) -> dict[str, float]:
    return Scenario(**changes).to_dict()


def _targets(**changes: float) -> dict[str, float]:
    return {k: DS.targets[k].value for k in editable_targets()} | changes


def _upload(document) -> exports.ParsedUpload:
    return exports.parse_scenario_upload(json.dumps(document, ensure_ascii=False).encode())


def _reasons(parsed: exports.ParsedUpload) -> list[str]:
    return [p.reason for p in parsed.problems]


# ------------------------------------------------------------------ JSON round trip


def test_scenario_json_round_trips_exactly():
    values = _values(fai_growth=0.1234567890123, export_growth=-0.05)
    targets = _targets(gdp_real_growth_2025=0.055)
    text = exports.scenario_json(values, targets)
    document = json.loads(text)
    assert set(document) == {"version", "values", "targets"}
    assert document["version"] == VERSION
    parsed = exports.parse_scenario_upload(text.encode())
    assert parsed.ok and not parsed.other_version
    assert dict(parsed.values) == values  # float ==, not approx
    assert dict(parsed.targets) == targets


def test_a_file_with_only_some_settings_is_accepted_and_the_rest_are_defaults_by_the_caller():
    parsed = _upload({"version": VERSION, "values": {"fai_growth": 0.2}})
    assert parsed.ok
    assert dict(parsed.values) == {"fai_growth": 0.2}
    assert dict(parsed.targets) == {}


def test_another_version_is_accepted_with_a_flag():
    parsed = _upload({"version": "2024.3", "values": {"fai_growth": 0.2}})
    assert parsed.ok and parsed.other_version


def test_a_byte_order_mark_is_accepted():
    text = exports.scenario_json(_values(), _targets())
    assert exports.parse_scenario_upload(text.encode("utf-8-sig")).ok


# ------------------------------------------------------------------ rejected files


@pytest.mark.parametrize(("content", "reason"), [
    (b"\xff\xfe\x00garbage", "not_utf8"),
    (b"", "not_json"),
    (b'{"version": "2025.1", "values": {"fai_growth": 0.1', "not_json"),  # cut short
    (b'{"version": "2025.1", "values": {"fai_growth": NaN}}', "not_json"),
    (b'{"version": "2025.1", "values": {"fai_growth": Infinity}}', "not_json"),
    (b'{"version": "2025.1", "values": {"fai_growth": 1' + b"0" * 5000 + b"}}", "not_json"),  # int too long
    (b"[" * 200_000 + b"]" * 200_000, "too_deep"),
    (b'{"a": {"b": {"c": {"d": {"e": 1}}}}}', "too_deep"),
    (b'[1, 2, 3]', "not_object"),
    (b'"just text"', "not_object"),
    (b'{"version": "2025.1", "values": {"fai_growth": 0.1, "fai_growth": 0.2}}', "duplicate_key"),
])
def test_broken_files_are_rejected_with_one_reason(content, reason):
    parsed = exports.parse_scenario_upload(content)
    assert not parsed.ok
    assert reason in _reasons(parsed)
    assert parsed.values == {} and parsed.targets == {}


def test_oversized_file_is_rejected_before_parsing():
    content = b" " * exports.MAX_UPLOAD_BYTES + b"{}"
    parsed = exports.parse_scenario_upload(content)
    assert _reasons(parsed) == ["too_large"]
    just_fits = exports.scenario_json(_values(), _targets()).encode()
    just_fits += b" " * (exports.MAX_UPLOAD_BYTES - len(just_fits))
    assert len(just_fits) == exports.MAX_UPLOAD_BYTES and exports.parse_scenario_upload(just_fits).ok


@pytest.mark.parametrize(("document", "reason"), [
    ({"values": {"fai_growth": 0.1}}, "missing_version"),
    ({"version": 2025, "values": {"fai_growth": 0.1}}, "bad_version"),
    ({"version": "x" * 33, "values": {"fai_growth": 0.1}}, "bad_version"),
    ({"version": VERSION}, "missing_values"),
    ({"version": VERSION, "values": {}}, "no_values"),
    ({"version": VERSION, "values": [0.1]}, "not_object"),
    ({"version": VERSION, "values": {"fai_growth": "0.1"}}, "not_a_number"),
    ({"version": VERSION, "values": {"fai_growth": True}}, "not_a_number"),
    ({"version": VERSION, "values": {"fai_growth": None}}, "not_a_number"),
    ({"version": VERSION, "values": {"fai_growth": 5.0}}, "out_of_range"),
    ({"version": VERSION, "values": {"no_such_lever": 0.1}}, "unknown_key"),
    ({"version": VERSION, "values": {f"k{i}": 0 for i in range(65)}}, "too_many"),
    ({"version": VERSION, "values": {"fai_growth": 0.1}, "targets": {"gdp_real_growth_2025": 0.5}}, "out_of_range"),
    ({"version": VERSION, "values": {"fai_growth": 0.1}, "targets": {"high_tech_firms_2025": 1}}, "unknown_key"),
    ({"version": VERSION, "values": {"fai_growth": 0.1}, "targets": "all"}, "not_object"),
    ({"version": VERSION, "values": {"fai_growth": 0.1}, "extra": 1}, "unknown_key"),
])
def test_wrong_content_is_rejected(document, reason):
    parsed = _upload(document)
    assert not parsed.ok
    assert reason in _reasons(parsed)
    assert parsed.values == {} and parsed.targets == {}


def test_a_partly_bad_file_is_rejected_whole_and_lists_every_problem():
    parsed = _upload({"version": VERSION, "values": {
        "fai_growth": 0.2, "retail_growth": 9.0, "nonsense": 1, "export_growth": "lots"}})
    assert not parsed.ok
    assert parsed.values == {}  # the good key is not applied either
    assert sorted((p.where, p.reason) for p in parsed.problems) == [
        ("values.export_growth", "not_a_number"),
        ("values.nonsense", "unknown_key"),
        ("values.retail_growth", "out_of_range"),
    ]


def test_hostile_text_comes_back_literally_and_shortened():
    long_key = "é" * 10_000
    parsed = _upload({"version": VERSION, "values": {HOSTILE: 1, long_key: "**bold**"}})
    wheres = [p.where for p in parsed.problems]
    assert f"values.{HOSTILE}" in wheres
    assert all(len(w) <= len("values.") + exports.MAX_SHOWN_CHARS + 1 for w in wheres)
    line = exports.upload_problem_line(parsed.problems[0], "en")
    assert HOSTILE in line  # the page shows it with st.text, which renders nothing


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_any_bytes_give_an_answer_never_an_exception(content):
    parsed = exports.parse_scenario_upload(content)
    _check_answer(parsed)


def _check_answer(parsed: exports.ParsedUpload) -> None:
    """Accepted: only known, in-range values. Rejected: nothing kept, and each problem in words in both languages."""
    if parsed.problems:
        assert not parsed.ok and parsed.values == {} and parsed.targets == {}
        for problem in parsed.problems:
            for lang in ("zh", "en"):
                line = exports.upload_problem_line(problem, lang)  # t() raises under tests if the text is missing
                assert line.strip() and f"ws_upload_{problem.reason}" not in line
                if "{where}" in DS.text[f"ws_upload_{problem.reason}"][lang]:
                    assert problem.where in line
    else:
        assert parsed.ok and parsed.values
        assert all(DS.params[k].contains(v) for k, v in parsed.values.items())
        assert all(DS.targets[k].min <= v <= DS.targets[k].max for k, v in parsed.targets.items())


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                    max_leaves=20))
def test_any_json_document_gives_an_answer(document):
    parsed = _upload({"version": VERSION, "values": document})
    _check_answer(parsed)


def test_every_problem_reason_has_words_in_both_languages():
    for reason in ("too_large", "not_utf8", "not_json", "too_deep", "duplicate_key", "not_object", "missing_values",
                   "missing_version", "bad_version", "unknown_key", "too_many", "not_a_number", "out_of_range",
                   "too_long", "no_values"):
        for lang in ("zh", "en"):
            line = exports.upload_problem_line(exports.UploadProblem(reason, "values.w", "v"), lang)  # raises if missing
            assert line.strip() and f"ws_upload_{reason}" not in line
            assert line == DS.text[f"ws_upload_{reason}"][lang].format(where="values.w", value="v",
                                                                        limit=f"{exports.MAX_UPLOAD_BYTES:,}")


# ------------------------------------------------------------------ CSV


GDP_TARGET = "gdp_real_growth_2025"
CSV_WORDS = {"en": {"met": "met", "about_met": "about met", "not_met": "not met"},
             "zh": {"met": "达到", "about_met": "基本达到", "not_met": "未达到"}}


def _read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese correctly
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_results_csv_headers_in_each_language_and_the_same_numbers():
    values = _values(fai_growth=0.15)
    result = simulate(Scenario(**values))
    zh, en = _read_csv(exports.results_csv(values, result, "zh")), _read_csv(exports.results_csv(values, result, "en"))
    assert zh[0] == [t(f"ws_csv_col_{c}", "zh") for c in exports.CSV_COLUMNS]
    assert en[0] == ["Section", "Id", "Indicator", "Value", "Unit", "Target", "Status"]
    assert len(zh) == len(en) == 1 + len(FIELDS) + len(exports.outcomes()) + len(DEMAND_COMPONENTS)
    assert [r[1] for r in zh[1:]] == [r[1] for r in en[1:]]  # ids
    assert [r[3] for r in zh[1:]] == [r[3] for r in en[1:]]  # values
    rows = {r[1]: r for r in en[1:]}
    assert float(rows["gdp_real_growth"][3]) == pytest.approx(100 * result.gdp_real_growth, abs=1e-4)
    assert float(rows["fai_growth"][3]) == pytest.approx(15.0)
    assert rows["gdp_real_growth"][5] == "5.0000"
    assert rows["gdp_real_growth"][6] == CSV_WORDS["en"][result.targets[GDP_TARGET].status]  # "about met" here
    assert float(rows["new_urban_jobs"][3]) == round(result.new_urban_jobs)


def _gdp_target_cases() -> list[tuple[float, str]]:
    """GDP targets around the default projection: below it (met), above it within its 左右 band (about met), beyond."""
    projected, band = simulate(Scenario()).gdp_real_growth, DS.targets[GDP_TARGET].about_band
    assert band > 0
    return [(projected - band / 2, "met"), (projected + band / 2, "about_met"), (projected + 2 * band, "not_met")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_results_csv_says_about_met_for_a_target_within_its_about_band(lang):
    values = _values()
    for target, status in _gdp_target_cases():
        result = simulate(Scenario(**values), {GDP_TARGET: target})
        assert result.targets[GDP_TARGET].status == status
        rows = {r[1]: r for r in _read_csv(exports.results_csv(values, result, lang))[1:]}
        assert rows["gdp_real_growth"][6] == CSV_WORDS[lang][status], status


# GDP met, about met (FAI 15%, exports +10%) and not met; the FAI and retail settings within their 左右 band (the
# model's "about_met", the scorecard's "setting below target")
@pytest.mark.parametrize("changes", [{}, {"fai_growth": 0.15}, {"fai_growth": 0.15, "export_growth": 0.1},
                                     {"fai_growth": 0.048},
                                     {"fai_growth": 0.06, "retail_growth": 0.047}, {"export_growth": -0.1},
                                     {"cpi_change": 0.0, "retail_growth": 0.08, "services_consumption_growth": 0.07}])
def test_results_csv_status_is_the_scorecards_for_every_target(changes):
    """The CSV's word and the simulator scorecard's (ui.shared.format.target_status) say the same for each target: a
    projected one met / about met / not met; one on a lever the user sets (FAI, retail) met or not."""
    scorecard_words = {t(key, "en"): status for key, status in (
        ("status_met", "met"), ("status_about_met", "about_met"), ("status_not_met", "not_met"),
        ("status_input_met", "met"), ("status_input_not_met", "not_met"))}
    values = _values(**changes)
    result = simulate(Scenario(**values))
    rows = {r[1]: r for r in _read_csv(exports.results_csv(values, result, "en"))[1:]}
    for output_id, target_id in exports.outcomes():
        if target_id:
            on_screen = scorecard_words[target_status(target_id, result.targets[target_id], "en")]
            assert rows[output_id][6] == CSV_WORDS["en"][on_screen], target_id


# ------------------------------------------------------------------ formulas in CSV cells

FORMULAS = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1", "=1+1", "-"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert exports.spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["", "稳增长", "Team 1", "a=b", "1-2", " =1+1", "'=1+1", "５", "＝1+1"])
def test_other_text_is_left_alone(text):
    assert exports.spreadsheet_safe(text) == text


@given(st.text(max_size=20))
def test_spreadsheet_safe_never_starts_a_formula_and_only_adds_one_quote(text):
    safe = exports.spreadsheet_safe(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert safe in (text, "'" + text)


def test_results_csv_text_cells_cannot_be_formulas_and_numbers_stay_numbers(monkeypatch):
    """Every label and translation replaced by formula-like text: each text cell comes back quoted, numbers bare."""
    def hostile(key: str) -> str:
        return FORMULAS[sum(map(ord, key)) % len(FORMULAS)]

    monkeypatch.setattr(exports, "t", lambda key, lang, **_: hostile(key))
    monkeypatch.setattr(exports, "pick", lambda label, lang: hostile(str(label)))
    values = _values(export_growth=-0.05, cpi_change=-0.01)
    header, *body = _read_csv(exports.results_csv(values, simulate(Scenario(**values)), "en"))
    number_at = {exports.CSV_COLUMNS.index(c) for c in exports.NUMBER_COLUMNS}
    id_at = exports.CSV_COLUMNS.index("id")  # the model's own ids: not labels, not hostile here
    texts = header + [cell for row in body for i, cell in enumerate(row) if i not in number_at | {id_at} and cell]
    numbers = [cell for row in body for i, cell in enumerate(row) if i in number_at and cell]
    assert len(texts) > 3 * len(body)
    assert [cell for cell in texts if not (cell[0] == "'" and cell[1:] in FORMULAS)] == []
    for cell in numbers:
        float(cell)  # a plain number, "-5.0000" included
    negative = sum(cell.startswith("-") for cell in numbers)
    assert negative >= 3  # export_growth, cpi_change and ppi_change at least: negative numbers are not quoted


# ------------------------------------------------------------------ the brief


class _TagBalance(HTMLParser):
    VOID = {"meta", "br", "img", "input", "link", "hr", "circle", "line", "polyline", "rect", "path"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_is_one_self_contained_page_with_everything_escaped(lang):
    values = _values(fai_growth=0.2, share_household_consumption=0.3)
    result = simulate(Scenario(**values))
    link = "http://example.org/?lang=zh&fai_growth=0.2&x=<b>"
    html = brief.brief_html(lang=lang, values=values, result=result, baseline=simulate(Scenario()), link=link,
                              made_on=date(2025, 3, 1), title=HOSTILE + " **bold**")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; **bold**" in html
    assert "http://example.org/?lang=zh&amp;fai_growth=0.2&amp;x=&lt;b&gt;" in html
    assert "2025-03-01" in html and VERSION in html
    assert t("ws_brief_title", lang) in html and f"lang='{'zh-CN' if lang == 'zh' else 'en'}'" in html
    assert html.count("<svg") == 2 and html.count("</svg>") == 2
    assert " src=" not in html and "<link" not in html and "@import" not in html  # nothing fetched: works offline
    for p in DS.params_in("lever"):  # the main levers always, changed or not
        assert p.label[lang] in html
    assert DS.params["share_household_consumption"].label[lang] in html  # a changed assumption is listed
    assert DS.params["revenue_buoyancy"].label[lang] not in html  # an unchanged one is not
    assert DS.params["gov_consumption_growth"].label[lang] not in html  # nor an unchanged further lever
    assert t("status_met", lang) in html or t("status_not_met", lang) in html
    checker = _TagBalance()
    checker.feed(html)
    assert checker.stack == []
    assert "@page" in html and "A4" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_brief_says_about_met_for_a_target_within_its_about_band(lang):
    values = _values()
    gdp_label = html_escape(DS.outputs["gdp_real_growth"].label[lang])
    for target, status in _gdp_target_cases():
        result = simulate(Scenario(**values), {GDP_TARGET: target})
        page = brief.brief_html(lang=lang, values=values, result=result, baseline=simulate(Scenario()), link="http://x/",
                                made_on=date(2025, 3, 1))
        row = next(r for r in page.split("<tr>") if r.startswith(f"<td>{gdp_label}</td>"))
        assert f"<td class='status {status.replace('_', '-')}'>{html_escape(t(f'status_{status}', lang))}</td>" in row, row


BIDI_AND_INVISIBLE = ("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"  # direction
                      "\u200b\u200c\u200d\u2060\ufeff")  # zero-width, word joiner, BOM


def test_the_brief_title_loses_direction_and_invisible_characters_and_is_still_escaped():
    title = "\u202e<b>\u2066稳\u200b增长\u2069</b>\ufeff\ud800\x07 A\tB"
    html = brief.brief_html(lang="en", values=_values(), result=simulate(Scenario()), baseline=simulate(Scenario()),
                            link="http://example.org/", made_on=date(2025, 3, 1), title=title)
    assert not set(BIDI_AND_INVISIBLE) & set(html)
    assert "<strong>&lt;b&gt;稳增长&lt;/b&gt; A B</strong>" in html
    html.encode("utf-8")  # what the download sends: no lone surrogate left


@pytest.mark.parametrize(("title", "shown"), [
    ("\u202eabc", "abc"), ("a\u2066b\u2069c", "abc"), ("x\u200by", "xy"), ("\u00adsoft", "soft"),
    ("Team\t1", "Team 1"), ("  稳增长  ", "稳增长"), ("ＡＢ", "ＡＢ"), ("\u202e\u200b", ""), ("<b>", "<b>"),
])
def test_clean_title(title, shown):
    assert brief.clean_title(title) == shown


@given(st.text(max_size=30))
def test_a_clean_title_has_no_format_or_control_characters(title):
    assert not {unicodedata.category(ch) for ch in brief.clean_title(title)} & {"Cf", "Cc", "Cs"}


def _svgs(html: str) -> list[ET.Element]:
    """The brief's inline SVGs, parsed (each must be well-formed XML)."""
    return [ET.fromstring("<svg" + chunk.split("</svg>")[0] + "</svg>") for chunk in html.split("<svg")[1:]]


def _aria_labels(svg: ET.Element) -> list[str]:
    return [el.get("aria-label", "") for el in svg.iter()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_gdp_chart_draws_the_scenario_2025_value(lang):
    values = _values(export_growth=-0.3, fai_growth=0.2)
    result = simulate(Scenario(**values))
    html = brief.brief_html(lang=lang, values=values, result=result, baseline=simulate(Scenario()), link="",
                            made_on=date(2025, 1, 1))
    gdp_svg, contributions_svg = _svgs(html)
    shown = result.gdp_nominal_yi_yuan * (1.0 if lang == "zh" else 0.1)  # 亿元, or billion yuan in English
    scenario = t("series_scenario", lang)
    # each point's aria-label reads "<year title>: 2025; <GDP axis title>: 1923.1; ...: <series>"
    points = [label for label in _aria_labels(gdp_svg) if ": 2025;" in label and scenario in label]
    assert points, _aria_labels(gdp_svg)[:10]
    drawn = float(re.search(rf"{re.escape(t('axis_gdp', lang))}: ([0-9.]+)", points[0]).group(1))
    assert drawn == pytest.approx(shown, abs=0.01)
    assert t("series_target", lang) in " ".join(_aria_labels(gdp_svg))


def test_brief_contribution_chart_has_one_labelled_bar_per_component_and_period():
    values = _values(export_growth=-0.3)
    result = simulate(Scenario(**values))
    html = brief.brief_html(lang="en", values=values, result=result, baseline=simulate(Scenario()), link="",
                            made_on=date(2025, 1, 1))
    contributions_svg = _svgs(html)[1]
    bars = [label for label in _aria_labels(contributions_svg) if f"; {t('tooltip_period', 'en')}: " in label]
    assert len(bars) == 2 * len(result.contributions) == 2 * len(DEMAND_COMPONENTS) == 8
    written = {el.text.replace("\u2212", "-") for el in contributions_svg.iter() if el.text and el.text[0] in "+-\u2212"}
    for pull in list(result.contributions.values()) + list(result.contributions_2024.values()):
        assert f"{float(pull):+.2f}" in written  # paper has no tooltips: each bar carries its value


def test_chart_labels_are_escaped_in_the_svg():
    rows = charts.contribution_rows({"<p>": {"a": 1.0}}, {"a": "<b>&"})
    svg = brief.svg(charts.contributions_spec(rows, "T<i>", "pp", ["<p>"], ["<b>&"], "x", "y"))
    ET.fromstring(svg)
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg


# ------------------------------------------------------------------ the shared link


@pytest.mark.parametrize(("context_url", "expected"), [
    ("http://localhost:8501/workshop", "http://localhost:8501/?lang=en&v=1"),
    ("http://localhost:8501/workshop?lang=zh", "http://localhost:8501/?lang=en&v=1"),
    ("https://example.org/apps/huadu/workshop/", "https://example.org/apps/huadu/?lang=en&v=1"),
    ("http://localhost:8501/", "http://localhost:8501/?lang=en&v=1"),
    ("http://localhost:8501", "http://localhost:8501/?lang=en&v=1"),
    (None, "/?lang=en&v=1"),
])
def test_simulator_link_points_at_the_default_page(context_url, expected):
    assert exports.simulator_link(context_url, {"lang": "en", "v": "1"}, "workshop") == expected
