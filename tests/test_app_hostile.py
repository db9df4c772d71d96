"""Hostile links through AppTest: 200+ generated query strings opened on every page of app.py.

Each case is a fresh session whose first run carries the query (as when someone opens a pasted
link). For every case: no exception; each value that cannot be used is dropped with a notice
naming its key and the default is used; every value that can be used is used; the link written
back holds only canonical keys; text from the link never reaches a Markdown element.

The cases are generated from a fixed seed, so a failure names a case that can be re-run alone:
    pytest tests/test_app_hostile.py -k "simulator and html-3"
All cases run on the simulator page (the page links point to); every other page gets a stratified
subset (PER_PAGE cases, every stratum represented).
"""

from __future__ import annotations

import ast
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import data
import store
from model import FIELDS, Scenario
from tests.panel import cards as panel_cards
from tests.panel import lever_value
from ui.session import state, url

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
DS = data.load()
SEED = 20250601
PER_PAGE = 21
MAX_CHARS = 64  # ui.session.url.MAX_KEY_CHARS / MAX_VALUE_CHARS: how much of a key or value a notice shows
STREAMLIT_OWN_KEYS = ("embed", "embed_options")  # st.query_params hides these from the app
MARKDOWN_ELEMENTS = ("markdown", "caption", "success", "error", "warning", "info", "title", "subheader", "header")
REASONS = {"unknown", "not_a_number", "out_of_range", "too_long", "repeated", "bad_language", "too_many",
           "old_version"}  # each has a notice_<reason> text in data/i18n.toml
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
# What a link that sets nothing must give: read from data/, not from the app's own functions.
DEFAULTS = {p.id: p.value for p in DS.params.values()}
DEFAULT_TARGETS = {k: DS.targets[k].value for k in url.editable_targets()}


def registered_pages() -> tuple[list[str], str]:
    """The page files app.py hands to st.navigation (read from its source), and the default one."""
    tree = ast.parse(Path(APP).read_text(encoding="utf-8"))
    pages, default = [], None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                pages.append(first.value)
                if any(k.arg == "default" and getattr(k.value, "value", False) is True for k in node.keywords):
                    default = first.value
    assert pages, "no st.Page(...) found in app.py"
    return pages, default or pages[0]


PAGES, DEFAULT_PAGE = registered_pages()


# ------------------------------------------------------------------ the cases


@dataclass(frozen=True)
class Case:
    name: str
    stratum: str
    query: tuple[tuple[str, tuple[str, ...]], ...]  # key -> every value given for it, in URL order

    def __str__(self) -> str:
        return self.name


def _range(key: str) -> tuple[float, float]:
    if key in DS.params:
        return DS.params[key].min, DS.params[key].max
    target = DS.targets[key[len(url.TARGET_PREFIX):]]
    return target.min, target.max


def _valid(rng: random.Random, key: str) -> str:
    """A value the app must accept for `key`, written the way a person or a program might."""
    lo, hi = _range(key)
    x = rng.uniform(lo, hi)
    return rng.choice([repr(x), f"{x:.3f}", f"{x:.2e}", f"{x:.4f}"])


TEXT = ["abc", "twelve", "十二", "百分之十", "0.1abc", "1,5", "0.1.2", "--1", "1e", "e5", "0x10", "true", "null",
        "None", "[]", "{}", "%", "12%", "1/2", "٠٫١", "½", "0.1 0.2", "+-1", ".", "-", "0,118"]
NANS = ["nan", "NaN", "-nan", "+NaN", " nan ", "NAN", "nan(0x1)", "snan"]
INFS = ["inf", "-inf", "Infinity", "-Infinity", "1e309", "-1e999", "INF", "+inf", "infinity "]
NEG_ZERO = ["-0", "-0.0", "-0e0", "-0.000", "+0", "-.0", "-0E-5"]
HUGE = ["1e308", "-1e308", "1.7976931348623157e308", "1e-308", "5e-324", "-1e-320", "9" * 60, "-1e300"]
UNKNOWN_KEYS = ["foo", "FAI_GROWTH", "fai_growth ", " fai_growth", "fai-growth", "fai_growth[]", "t_", "t_nope",
                "t_gdp_2024", "__proto__", "constructor", "", "v2", "lang2", "page", "code", "scenario_values",
                "url_notices", "_last_query", "w_sim_s_fai_growth", "w_app_lang", "workshop_code", "a&b=c", "%00",
                "embed", "embed_options"]
UNICODE = ["０.１", "0.1\u200b", "\u202e0.1", "🙂", "0.1🙂", "零点一", "é\u0301", "\ufeff0.1", "0.1\n", "\t0.05", "\x00",
           "0.1\x00", "ⅰ", "𝟎.𝟏", "Ω", "\u3000", "0\u00a0.1"]
UNICODE_KEYS = ["ｆａｉ_growth", "增长", "🙂", "fai_growth\u200b", "lang\u0301", "\u202elang"]
HTML = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "**bold**", "[x](javascript:alert(1))",
        "</div><h1>x</h1>", "&lt;b&gt;", "{{7*7}}", "${7*7}", ":red[x]", "<b>0.1</b>", "`code`", "# title"]
SQL = ["1; DROP TABLE scenarios; --", "' OR '1'='1", "0.1' --", "\"; SELECT pg_sleep(10); --", "0.1 UNION SELECT 1",
       "1) OR (1=1", "0.1;", "'; DELETE FROM scenarios WHERE '1'='1"]
LANG_BAD = ["fr", "EN", "zh-CN", "", "en\x00", "<b>en</b>", "zh ", "x" * 10_000, "ZH", "中文"]
VERSION_BAD = ["", "2024.9", "<b>2025</b>", "x" * 10_000, "2025.1 ", "../../etc/passwd", "nan"]

SCENARIO_KEYS = list(FIELDS)
TARGET_KEYS = [url.TARGET_PREFIX + t for t in url.editable_targets()]


def _hostile_value(rng: random.Random) -> str:
    pool = rng.choice([TEXT, NANS, INFS, HUGE, UNICODE, HTML, SQL, [""], ["x" * 10_000]])
    return rng.choice(pool)


def _one(rng: random.Random, pool: list[str], keys: list[str] | None = None) -> dict[str, list[str]]:
    return {rng.choice(keys or SCENARIO_KEYS): [rng.choice(pool)]}


def _with_valid(rng: random.Random, query: dict[str, list[str]], n: int) -> dict[str, list[str]]:
    """Add n usable values for other keys, so a case shows what is dropped beside what is kept."""
    for key in rng.sample([k for k in SCENARIO_KEYS + TARGET_KEYS if k not in query], n):
        query[key] = [_valid(rng, key)]
    return query


def _repeated(rng: random.Random) -> dict[str, list[str]]:
    key = rng.choice(SCENARIO_KEYS + TARGET_KEYS + ["lang"])
    good = rng.choice(["zh", "en"]) if key == "lang" else _valid(rng, key)
    other = rng.choice(["zh", "en", "fr"]) if key == "lang" else rng.choice([_valid(rng, key), _hostile_value(rng)])
    kind = rng.randrange(3)
    if kind == 0:
        return {key: [good, good]}  # the same value twice is not a conflict
    if kind == 1:
        return {key: [good, other] if rng.random() < 0.5 else [other, good]}
    return {key: [good, good, other, good][: rng.randint(3, 4)]}


def _long(rng: random.Random) -> dict[str, list[str]]:
    size = rng.choice([10_000, 10_240, 65, 64 + rng.randint(1, 500)])
    kind = rng.randrange(6)
    if kind == 0:
        return {rng.choice(SCENARIO_KEYS): ["0." + "1" * (size - 2)]}  # a number, but too long to be a link value
    if kind == 1:
        return {rng.choice(SCENARIO_KEYS + TARGET_KEYS): [rng.choice("x9<🙂") * size]}
    if kind == 2:
        return {"k" * size: ["1"]}
    if kind == 3:
        return {rng.choice(["lang", "v"]): ["z" * size]}
    if kind == 4:
        return {rng.choice(UNKNOWN_KEYS) or "u": ["<" * size]}
    return {rng.choice(SCENARIO_KEYS): ["0" * (size - 4) + "0.1"]}


def _many(rng: random.Random) -> dict[str, list[str]]:
    """More keys than ui.session.url.MAX_KEYS: the rest are ignored with one notice."""
    query = _with_valid(rng, {}, rng.randint(0, 5))
    for i in range(url.MAX_KEYS + rng.randint(1, 80)):
        query[f"k{i}_{rng.randrange(10**6)}"] = [rng.choice(["1", "", "x"])]
    return query


def _mixed(rng: random.Random) -> dict[str, list[str]]:
    query: dict[str, list[str]] = {}
    for key in rng.sample(SCENARIO_KEYS + TARGET_KEYS, rng.randint(2, 8)):
        query[key] = [_hostile_value(rng) if rng.random() < 0.5 else _valid(rng, key)]
    if rng.random() < 0.5:
        query["lang"] = [rng.choice(["zh", "en"] + LANG_BAD[:6])]
    if rng.random() < 0.3:
        query[rng.choice(UNKNOWN_KEYS)] = [_hostile_value(rng)]
    return query


STRATA = {
    "text": lambda rng: _one(rng, TEXT),
    "nan": lambda rng: _one(rng, NANS, SCENARIO_KEYS + TARGET_KEYS),
    "inf": lambda rng: _one(rng, INFS, SCENARIO_KEYS + TARGET_KEYS),
    "negzero": lambda rng: _one(rng, NEG_ZERO, SCENARIO_KEYS + TARGET_KEYS),
    "huge": lambda rng: _one(rng, HUGE, SCENARIO_KEYS + TARGET_KEYS),
    "empty": lambda rng: {rng.choice(SCENARIO_KEYS + TARGET_KEYS + ["lang", "v", "foo"]): [""]},
    "repeated": _repeated,
    "unknown": lambda rng: _with_valid(rng, {rng.choice(UNKNOWN_KEYS): [rng.choice(["1", "", "x", "0.1"])]},
                                       rng.randint(0, 2)),
    "long": _long,
    "unicode": lambda rng: (_one(rng, UNICODE, SCENARIO_KEYS + TARGET_KEYS) if rng.random() < 0.7
                            else {rng.choice(UNICODE_KEYS): [rng.choice(["0.1", "en", "🙂"])]}),
    "html": lambda rng: (_one(rng, HTML, SCENARIO_KEYS + TARGET_KEYS + ["lang", "v"]) if rng.random() < 0.7
                         else {rng.choice(HTML): [rng.choice(HTML)]}),
    "sql": lambda rng: (_one(rng, SQL, SCENARIO_KEYS + TARGET_KEYS + ["lang", "v"]) if rng.random() < 0.8
                        else {rng.choice(SQL): ["1"]}),
    "lang": lambda rng: ({"lang": [rng.choice(LANG_BAD)]} if rng.random() < 0.6 else {"v": [rng.choice(VERSION_BAD)]}),
    "many": _many,
    "mixed": _mixed,
    "valid": lambda rng: _with_valid(rng, {"lang": [rng.choice(["zh", "en"])], "v": [url.version()]},
                                     rng.randint(1, 6)),
}
PER_STRATUM = 13  # 16 strata x 13 = 208 cases


def generate_cases(seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for stratum, make in STRATA.items():
        for i in range(PER_STRATUM):
            query = make(rng)
            cases.append(Case(f"{stratum}-{i}", stratum, tuple((k, tuple(v)) for k, v in query.items())))
    return cases


CASES = generate_cases()


def stratified(page_index: int, per_page: int = PER_PAGE) -> list[Case]:
    """per_page cases taking every stratum in turn; each page starts at a different case of a stratum."""
    by_stratum = {s: [c for c in CASES if c.stratum == s] for s in STRATA}
    picked: list[Case] = []
    i = 0
    while len(picked) < per_page:
        for cases in by_stratum.values():
            if len(picked) < per_page:
                picked.append(cases[(page_index * 3 + i) % len(cases)])
        i += 1
    return picked


# ------------------------------------------------------------------ what the app must do with a case


@dataclass
class Expected:
    values: dict[str, float]              # scenario fields the link must set
    targets: dict[str, float]             # targets the link must set
    lang: str
    must_drop: set[str]                   # notice keys (as shown) that must appear
    either: dict[str, str]                # key -> raw: kept as float(raw) or dropped with a notice; both fine
    seen_keys: set[str]                   # every key the app saw, as a notice would show it
    too_many: bool


def _judge(raw: str, lo: float, hi: float) -> float | None | str:
    """The value a link must yield, None if it must be dropped, or "either" if both are defensible."""
    if len(raw) > MAX_CHARS:
        return None
    if PLAIN_NUMBER.fullmatch(raw):
        x = float(raw)
        return x + 0.0 if math.isfinite(x) and lo <= x <= hi else None
    lowered = raw.strip().lower().lstrip("+-")
    if lowered in ("nan", "inf", "infinity") or not any(ch.isnumeric() for ch in raw):
        return None
    if all(ch.isnumeric() or ch.isspace() or ch in ".+-eE_" for ch in raw):
        return "either"  # other digits, padding, underscores: Python's float reads some of these
    return None  # letters, quotes, brackets, %, / ...: not a number however it is read


def expect(case: Case) -> Expected:
    exp = Expected({}, {}, "zh", set(), {}, set(), False)
    seen = [(k, v) for k, v in case.query if k not in STREAMLIT_OWN_KEYS]
    for i, (key, raws) in enumerate(seen):
        if i >= url.MAX_KEYS:
            exp.too_many = True
            break
        shown = key[:MAX_CHARS]
        exp.seen_keys.add(shown)
        if len(set(raws)) > 1:
            exp.must_drop.add(shown)
            continue
        raw = raws[-1]
        if key == "lang":
            if raw in ("zh", "en"):
                exp.lang = raw
            else:
                exp.must_drop.add("lang")
        elif key == "v":
            if raw != url.version():
                exp.must_drop.add("v")  # not a dropped value, but the link must say it is from another version
        elif key in FIELDS or key in TARGET_KEYS:
            verdict = _judge(raw, *_range(key))
            if verdict is None:
                exp.must_drop.add(shown)
            elif verdict == "either":
                exp.either[key] = raw
            elif key in FIELDS:
                exp.values[key] = verdict
            else:
                exp.targets[key[len(url.TARGET_PREFIX):]] = verdict
        else:
            exp.must_drop.add(shown)
    return exp


# ------------------------------------------------------------------ running a case


@pytest.fixture(scope="module")
def library_url(tmp_path_factory):
    """The workshop and board pages open the scenario library: a throwaway SQLite, never ./var."""
    db = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'library.sqlite3'}"
    mp = pytest.MonkeyPatch()
    mp.setenv("HUADU_DATABASE_URL", db)
    yield db
    mp.undo()
    store.dispose_engine(db)


def open_page(page: str, case: Case | None, db: str, lang: str | None = None) -> AppTest:
    """A fresh session whose first run is `page` with the case's query string."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["database_url"] = db  # a developer's own .streamlit/secrets.toml must not be used
    for key, raws in case.query if case else ():
        at.query_params[key] = list(raws) if len(raws) > 1 else raws[0]
    if lang:
        at.query_params["lang"] = lang
    if page != DEFAULT_PAGE:
        at.switch_page(page)
    return at.run()


_titles: dict[tuple[str, str], list[str]] = {}


def clean_titles(page: str, lang: str, db: str) -> list[str]:
    """The page's titles opened with a clean link: a hostile link must show the same page."""
    if (page, lang) not in _titles:
        at = open_page(page, None, db, lang)
        assert not at.exception, at.exception
        _titles[page, lang] = [t.value for t in at.title]
    return _titles[page, lang]


def _notices(at: AppTest) -> list[url.Notice]:
    return list(at.session_state[state.NOTICES])


def shows_notices(page: str) -> bool:
    """Whether the page draws the link notices (ui.shared.views.url_notices)."""
    return "url_notices(" in (ROOT / page).read_text(encoding="utf-8")


def check_case(page: str, case: Case, db: str) -> None:
    at = open_page(page, case, db)
    assert not at.exception, f"{case.name} {case.query!r:.300}: {at.exception[0].value}"
    exp = expect(case)
    notices = _notices(at)
    noticed = {n.key for n in notices}

    # The page is the page asked for, in the language the link may choose.
    assert [t.value for t in at.title] == clean_titles(page, exp.lang, db)
    assert at.session_state[state.LANG] == exp.lang

    # Every value that cannot be used is named in a notice; nothing else is.
    missing = exp.must_drop - noticed
    assert not missing, f"{case.name}: no notice for {sorted(missing)}; notices {notices}"
    allowed = exp.seen_keys | ({"…"} if exp.too_many else set())
    assert noticed <= allowed, f"{case.name}: notices for keys not in the link: {sorted(noticed - allowed)}"
    assert exp.too_many == any(n.reason == "too_many" for n in notices)
    assert {n.reason for n in notices} <= REASONS, notices

    # Usable values used, dropped ones back at their defaults, and everything finite and in range.
    values = at.session_state[state.SCENARIO]
    targets = at.session_state[state.TARGETS]
    for key in FIELDS:
        got = values[key]
        assert math.isfinite(got) and DS.params[key].contains(got), (case.name, key, got)
        if key in exp.values:
            assert key not in noticed and got == exp.values[key], (case.name, key, got)
        elif key in exp.either:
            kept = key not in noticed and got == float(exp.either[key].strip()) + 0.0
            assert kept or (key in noticed and got == DEFAULTS[key]), (case.name, key, exp.either[key], got)
        else:
            assert got == DEFAULTS[key], (case.name, key, got)
    for target_id in url.editable_targets():
        got, key = targets[target_id], url.TARGET_PREFIX + target_id
        assert math.isfinite(got), (case.name, target_id, got)
        if target_id in exp.targets:
            assert key not in noticed and got == exp.targets[target_id], (case.name, key, got)
        elif key in exp.either:
            kept = key not in noticed and got == float(exp.either[key].strip()) + 0.0
            assert kept or (key in noticed and got == DEFAULT_TARGETS[target_id]), (case.name, key, got)
        else:
            assert got == DEFAULT_TARGETS[target_id], (case.name, key, got)

    # On a page that draws the notices: one warning and one literal line per notice, or none at all.
    if shows_notices(page):
        assert bool(at.warning) == bool(notices), (case.name, [w.value for w in at.warning], notices)
        bullets = [t.value for t in at.text if t.value.startswith("• ")]
        assert len(bullets) == len(notices), (case.name, bullets, notices)

    # The link written back is canonical: known keys only, values that parse back to the session's.
    written = dict(at.query_params)
    assert written.get("v") == [url.version()] or written.get("v") == url.version()
    for key, raw in written.items():
        raw = raw[-1] if isinstance(raw, list) else raw
        if key in FIELDS:
            assert float(raw) == values[key]
        elif key in TARGET_KEYS:
            assert float(raw) == targets[key[len(url.TARGET_PREFIX):]]
        else:
            assert key in ("lang", "v", *STREAMLIT_OWN_KEYS), (case.name, key)

    # Text from the link is shown only literally (st.text), never through Markdown.
    markdown = [el.value for kind in MARKDOWN_ELEMENTS for el in getattr(at, kind)]
    for key, raws in case.query:
        for text in (key, *raws):
            if len(text) >= 4 and not PLAIN_NUMBER.fullmatch(text) and text not in FIELDS + ("lang",):
                assert not any(text[:MAX_CHARS] in body for body in markdown), (case.name, text[:80])

    # No card shows a non-number (the simulator's cards are in its lever panel).
    shown = [(m.label, m.value) for m in at.metric]
    if page == DEFAULT_PAGE:
        shown += [(c["label"], c["value"] + " " + c["delta"]) for c in panel_cards(at).values()]
        assert shown, case.name
    for label, value in shown:
        assert not re.search(r"nan|inf", value, re.IGNORECASE), (case.name, label, value)


def _page_cases() -> list:
    params = []
    for index, page in enumerate(PAGES):
        for case in CASES if page == DEFAULT_PAGE else stratified(index):
            params.append(pytest.param(page, case, id=f"{Path(page).stem}-{case.name}"))
    return params


# ------------------------------------------------------------------ tests


def test_enough_cases_and_every_stratum_on_every_page():
    assert len(CASES) >= 200
    assert len({c.name for c in CASES}) == len(CASES)
    assert generate_cases() == CASES  # deterministic
    for index, page in enumerate(PAGES):
        subset = CASES if page == DEFAULT_PAGE else stratified(index)
        assert len(subset) >= 20 and {c.stratum for c in subset} == set(STRATA), page


def test_every_registered_page_is_a_file():
    assert len(PAGES) >= 2
    for page in PAGES:
        assert (ROOT / page).is_file(), page


@pytest.mark.parametrize(("page", "case"), _page_cases())
def test_hostile_link(page, case, library_url):
    check_case(page, case, library_url)


@pytest.mark.parametrize("page", PAGES)
def test_a_dropped_value_is_noticed_on_the_page_it_lands_on(page, library_url):
    """Someone who opens a mangled link to any page is told what was not used, on that page."""
    assert shows_notices(page), f"{page} does not draw ui.shared.views.url_notices"
    case = Case("one-bad", "text", (("fai_growth", ("abc",)),))
    at = open_page(page, case, library_url)
    assert not at.exception
    assert at.warning and at.warning[0].value == DS.text["notice_title"]["zh"]
    assert any("fai_growth" in t.value for t in at.text)


def test_the_notice_can_be_dismissed_and_stays_dismissed(library_url):
    case = Case("dismiss", "text", (("fai_growth", ("abc",)), ("zz", ("1",))))
    at = open_page(DEFAULT_PAGE, case, library_url)
    assert len(at.warning) == 1
    at.button(key="notice_dismiss").click().run()
    assert not at.exception and not at.warning
    at.run()
    assert not at.warning and at.session_state[state.SCENARIO]["fai_growth"] == DEFAULTS["fai_growth"]


def test_a_link_cannot_set_session_or_widget_state(library_url):
    """Query keys that look like session keys are unknown keys, not a way into session_state."""
    case = Case("keys", "unknown", (("scenario_values", ("x",)), ("w_sim_s_fai_growth", ("29",)),
                                    ("lang", ("en",)), ("url_notices", ("[]",))))
    at = open_page(DEFAULT_PAGE, case, library_url)
    assert not at.exception
    assert at.session_state[state.SCENARIO] == DEFAULTS
    assert lever_value(at, "fai_growth") == pytest.approx(100 * DEFAULTS["fai_growth"])
    assert {n.key for n in _notices(at)} == {"scenario_values", "w_sim_s_fai_growth", "url_notices"}


def test_the_app_starts_from_the_defaults_in_data():
    """Every parameter and editable target starts at its data/ value, in the session and in the model."""
    assert set(FIELDS) == set(DS.params)
    assert state.defaults() == DEFAULTS
    assert Scenario().to_dict() == DEFAULTS
    assert state.default_targets() == DEFAULT_TARGETS


@pytest.mark.parametrize("raw", ["nan", "NaN", "inf", "-inf", "Infinity", "1e309"])
@pytest.mark.parametrize("key", ["fai_growth", url.TARGET_PREFIX + "gdp_real_growth_2025"])
def test_nan_and_inf_are_not_a_number_for_levers_and_targets_alike(key, raw):
    """The notice says "not a number", not "outside the range", whichever kind of key held it (ui.session.url)."""
    parsed = url.parse_url({key: [raw]})
    assert [(n.key, n.reason) for n in parsed.notices] == [(key, "not_a_number")]
    assert not parsed.values and not parsed.targets
