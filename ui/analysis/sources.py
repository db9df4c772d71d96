"""Sources page: every baseline figure, target and history row with its unit, value and where it comes from."""

from __future__ import annotations

from typing import Any

import pandas as pd

import data
from ui.session.dataset import dataset
from ui.shared.format import PERCENT_UNITS, fmt, origin
from ui.shared.i18n import count, pick, t


def doc_text(source: data.Source, lang: str) -> str:
    """A source document's name in the reader's language: the seed report, a computation and an assumption by their
    kind, another document by its title where the data gives one (else as the data names it)."""
    if source.doc in ("report", "computed", "assumption"):
        return t(f"doc_{source.doc}", lang)
    return pick(source.title, lang) if source.title else source.doc


def as_published(value: float, unit: str, lang: str) -> str:
    """A data value in its own unit, as the source writes it (the unit column names the unit):
    1,860.06 for 亿元 in both languages, +11.8% for rates, 541 for counts."""
    if unit in PERCENT_UNITS:
        return f"{round(100 * value, 2):{'+' if unit == 'growth' else ''}g}%"
    if unit == "yi_yuan":
        return f"{value:,.2f}"
    return count(value, lang) if value == round(value) else f"{value:g}"


def why_text(source: data.Source, lang: str) -> str:
    """A source's reason in the reader's language; empty where the source gives none."""
    return pick(source.why, lang) if source.why else ""


def figures_frame(lang: str) -> pd.DataFrame:
    """Every 2024 baseline figure with unit, value and source (document, section, quote)."""
    return pd.DataFrame([{
        t("col_figure", lang): pick(f.label, lang),
        t("col_unit", lang): dataset().units[f.unit][lang],
        t("col_value", lang): as_published(f.value, f.unit, lang),
        t("col_doc", lang): doc_text(f.source, lang),
        t("col_section", lang): f.source.section,
        t("col_quote", lang): f.source.quote or why_text(f.source, lang),
    } for f in dataset().baseline.values()])


def targets_frame(lang: str) -> pd.DataFrame:
    """Every 2025 target with unit, value, where it comes from and the report's words (or why)."""
    return pd.DataFrame([{
        t("col_target", lang): pick(g.label, lang),
        t("col_unit", lang): dataset().units[g.unit][lang],
        t("col_value", lang): "≥ " + as_published(g.value, g.unit, lang).lstrip("+"),
        t("col_origin", lang): origin(g, lang),
        t("col_doc", lang): doc_text(g.source, lang),
        t("col_section", lang): g.source.section,
        t("col_quote", lang): g.source.quote or why_text(g.source, lang),
    } for g in dataset().targets.values()])


def plan_items(lang: str) -> list[str]:
    """The report's 2025 items the model does not project, one line each with the report's words."""
    return [t("plan_item_line", lang, label=pick(g.label, lang),
              value=as_published(g.value, g.unit, lang) if g.unit == "count" else fmt(g.value, g.unit, lang),
              quote=g.source.quote)
            for g in dataset().targets.values() if not g.projected]


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]$<>|~#"})


def plan_items_markdown(lang: str) -> str:
    """The plan items as a Markdown bullet list (data text escaped, so it shows as written)."""
    return "\n".join("- " + line.translate(_MARKDOWN_SPECIALS) for line in plan_items(lang))


def history_frame(lang: str) -> pd.DataFrame:
    """2020-2024 as published (blank where nothing was published), with each row's source key."""
    series = dataset().history_series
    rows = []
    for r in dataset().history:
        row: dict[str, Any] = {t("axis_year", lang): str(r["year"])}
        for key, meta in series.items():
            row[pick(meta["label"], lang)] = fmt(r[key], meta["unit"], lang) if key in r else "—"
        row[t("col_doc", lang)] = r["source"]
        rows.append(row)
    return pd.DataFrame(rows)
