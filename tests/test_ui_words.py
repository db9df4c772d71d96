"""Words (issue 24): the UI's Chinese as a planning bureau writes it, its English as an economist does, and the
Assumptions page naming its sources in the reader's language, without the repository's file paths."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import data

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
DS = data.load()

# read as translation (issue 24 item 10); what replaced them: 参数 (levers), GDP增速 (the headline growth),
# 主口径 (the headline method), GDP增速判断调整, 手动输入 (the typed-value box), 准确结果 (the exact figures)
OLD_ZH = ("杠杆", "标题增速", "标题方法", "（标题）", "精确值", "故以此为标题")
OLD_EN = ("Pull of", "Pull (pp)", "2024 continues", "Headline judgement adjustment")
FILE_PATH = re.compile(r"\b[\w\-]+/[\w\-./]+|\b[\w\-]+\.(?:py|toml|md|txt)\b")


def _texts(node, lang: str):
    """Every string under a `lang` key, anywhere in a TOML document (labels, help, why, i18n entries)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == lang and isinstance(value, str):
                yield value
            else:
                yield from _texts(value, lang)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item, lang)


def _tables():
    return sorted((ROOT / "data").glob("*.toml")) + sorted((ROOT / "data" / "history").glob("*.toml"))


@pytest.mark.parametrize("path", _tables(), ids=lambda p: p.name)
def test_no_translation_sounding_terms(path):
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    found = [(term, text[:60]) for lang, terms in (("zh", OLD_ZH), ("en", OLD_EN))
             for text in _texts(doc, lang) for term in terms if term in text]
    assert not found, found


def test_a_count_target_reads_without_the_word_count():
    from ui.session import dataset
    from ui.shared.format import goal

    dataset.install(DS)
    school = DS.targets["school_places_2025"]
    assert goal(school.value, school.unit, "en") == "≥ 9,540"  # the label says what is counted
    assert goal(school.value, school.unit, "zh") == "≥ 9,540"  # 个, 家 or 套: the label's noun decides
    jobs = DS.targets["new_urban_jobs_2025"]
    assert goal(jobs.value, jobs.unit, "zh").endswith("人")  # persons keep their word


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_assumptions_page_names_sources_in_the_readers_language(lang, tmp_path, monkeypatch):
    monkeypatch.delenv("HUADU_DATABASE_URL", raising=False)
    monkeypatch.setenv("HUADU_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.switch_page("pages/assumptions.py")
    at.run()
    assert not at.exception
    source_word = DS.text["param_source"][lang].split("{")[0]
    lines = [c.value for c in at.caption if source_word in c.value]
    assert len(lines) == len(DS.params_in("assumption")) + len(DS.params_in("advanced"))  # one per assumption card
    assert not [line for line in lines if FILE_PATH.search(line)], "a repository path on the Assumptions page"
    if lang == "zh":  # no English source line: no English word (CPI, PPI, GDP are how Chinese writes them)
        english = [m for line in lines for m in re.findall(r"[A-Za-z]{4,}", line)]
        assert not english, english


def test_streamlits_words_swap_both_ways_and_fill_their_fields():
    from ui.session import dataset
    from ui.shared import streamlit_words

    dataset.install(DS)
    pairs = streamlit_words.word_pairs("zh")
    assert len({zh for _, zh in pairs}) == len(pairs)  # one Chinese string per English one: switching back is exact
    assert len({en for en, _ in pairs}) == len(pairs)
    regex, replacement = streamlit_words.rule("{size} per file", "单个文件不超过{size}")
    assert re.fullmatch(regex.replace("\\ ", " "), "1MB per file") and replacement == "单个文件不超过{1}"
    assert "<" not in "".join(sum(streamlit_words.rules("zh") + streamlit_words.rules("en"), []))  # DOMPurify
