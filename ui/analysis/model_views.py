"""Model page: its equations, the two sides of the 2025 projection, the industries' pulls, the 2024 replay and levels."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from model import Result
from model.facts import default_facts
from model.production import SECTORS
from model.replay import sector_gaps
from ui.shared.i18n import pct, pp, t, yi_yuan
from ui.shared.layout import grid  # noqa: F401  (the page lays the equations out with it)

# (key, LaTeX): the model's equations as in the docstrings of model/production.py, demand.py,
# calibration.py, simulate.py, outcomes.py and uncertainty.py. Texts are eq_<key>_title / eq_<key>_text.
EQUATIONS: tuple[tuple[str, str], ...] = (
    ("production", r"r = \sum_k s_k\, g_k + \varphi\, c_{2024} + e"),
    ("replay", r"\begin{aligned} c_{2024} &= r_{2024} - \textstyle\sum_k s_{k,2023}\, g_{k,2024} \\ \pi &= \textstyle\sum_k s_k\, p_k \end{aligned}"),
    ("structure", r"\begin{aligned} s_P &= \tfrac12\big(s_{P,2020} + s_{P,2022}\big) \\ s_S &= (1 - s_P)\,\tfrac{S_{H1}}{S_{H1} + T_{H1}},\quad s_{Ind} = s_S - s_{Con} \end{aligned}"),
    ("industry", r"\begin{aligned} g_{Ind} = {} &\lambda\,\kappa\,\big(a_X g_X + a_I g_{FAI} - p_{PPI}\big) \\ &+ (1 - \lambda)\, g_{Ind}^{\text{set}} \end{aligned}"),
    ("services", r"\begin{aligned} g_{Con} &= \beta g_{FAI} - p_I \\ g_T &= w_R (g_{\text{retail}} - p_C) + w_G (g_G - p_C) \\ &\quad + (1 - w_R - w_G)(g_{T,GZ} + d) \end{aligned}"),
    ("identity", r"Y = C + G + I + X - M + O"),
    ("split", r"\begin{aligned} &C = s_C Y,\quad G = s_G Y,\quad I = s_I Y \\ &X = e\,T,\quad M = (1-e)\,T \end{aligned}"),
    ("calibration", r"\begin{aligned} \Delta O_{2024} = {} &Y_{2024} - (C + G + I + X - M)_{2024} \\ &- O_{2023} \end{aligned}"),
    ("consumption", r"g_C = w\, g_{\text{retail}} + (1 - w)\, g_{\text{services}}"),
    ("investment", r"g_I = \beta\, g_{\text{FAI}}"),
    ("imports", r"g_M = m_C\, g_{C+G} + m_I\, g_I + (1 - m_C - m_I)\, g_X"),
    ("growth", r"\begin{aligned} L_{2025} &= L_{2024}\,(1 + g_L) \\ O_{2025} &= O_{2024} + \rho\, \Delta O_{2024}\, \tfrac{Y_{2024}}{Y_{2023}} \end{aligned}"),
    ("discrepancy", r"\begin{aligned} D &= Y_{2025} - Y^{D}_{2025} \\ \text{pull}_{O} &= \tfrac{(O_{2025} + D)/(1 + \pi) - O_{2024}}{Y_{2024}} \end{aligned}"),
    ("real", r"\begin{aligned} n &= (1 + r)(1 + \pi) - 1 \\ Y_{2025} &= Y_{2024}\,(1 + n) \end{aligned}"),
    ("pull", r"\begin{aligned} \text{pull}_k &= \tfrac{L_{k,2025} / (1 + \pi) - L_{k,2024}}{Y_{2024}} \\ \textstyle\sum_k \text{pull}_k &= r \end{aligned}"),
    ("revenue", r"R_{2025} = R_{2024}\,(1 + b\, n)"),
    ("jobs", r"J_{2025} = \max\!\big(0,\ J_{2024}\,(1 + \eta \cdot 100\,(r - r_{2024}))\big)"),
    ("montecarlo", r"\begin{aligned} x_k^{(i)} &= \operatorname{clip}(x_k + \sigma_k z_k^{(i)},\ \min_k,\ \max_k),\ z_e \sim t_{n-1} \\ "
                   r"P(\text{met}) &= \tfrac{1}{N} \textstyle\sum_{i=1}^{N} \mathbf{1}\big[y^{(i)} \ge y^{*}\big] \end{aligned}"),
)


def sides(result: Result, lang: str) -> None:
    """The production side (headline), the demand side, the gap between them; below, the headline's nominal
    growth and the GDP deflator its sectors' prices imply."""
    production_col, demand_col, gap_col = st.columns(3)
    production_col.metric(t("mdl_production_growth", lang), pct(float(result.gdp_real_growth)),
                          help=t("mdl_production_growth_help", lang), border=True)
    demand_col.metric(t("mdl_demand_growth", lang), pct(float(result.demand_real_growth)),
                      help=t("mdl_demand_growth_help", lang), border=True)
    gap_col.metric(t("mdl_discrepancy", lang), yi_yuan(float(result.discrepancy_yi_yuan), lang),
                   help=t("mdl_discrepancy_help", lang), border=True)
    nominal_col, deflator_col, _ = st.columns(3)
    nominal_col.metric(t("mdl_nominal_growth", lang), pct(float(result.gdp_nominal_growth)),
                       help=t("mdl_nominal_growth_help", lang), border=True)
    deflator_col.metric(t("mdl_deflator", lang), pct(float(result.gdp_deflator), 2),
                        help=t("mdl_deflator_help", lang), border=True)


def sector_rows(result: Result, lang: str) -> list[dict[str, str]]:
    """Each industry: its 2024 share, its 2025 real growth and its pull on growth (pp)."""
    structure = result.production.structure
    return [{
        t("mdl_col_sector", lang): t(f"sector_{k}", lang),
        t("mdl_col_share", lang): pct(float(getattr(structure, k))),
        t("mdl_col_growth", lang): pct(float(result.production.growth[k]), signed=True),
        t("mdl_col_pull", lang): pp(float(result.production_contributions[k]), lang),
    } for k in SECTORS]


def sectors(result: Result, lang: str) -> None:
    st.dataframe(pa.Table.from_pylist(sector_rows(result, lang)), hide_index=True, width="stretch")
    st.caption(t("mdl_structure_note", lang))


def replay_real_growth(result: Result) -> float:
    """2024's real growth as the demand side's calibrated replay gives it: the sum of its demand pulls
    (the published growth by construction)."""
    return sum(float(v) for v in result.contributions_2024.values()) / 100


def production_replay(result: Result, carry: float, lang: str) -> None:
    """The production side's replay of 2024: what it gives, the calibration term, and what carries into 2025."""
    replay_col, gap_col, carried_col = st.columns(3)
    replay_col.metric(t("mdl_production_replay", lang), pct(float(result.replay.real_growth)),
                      help=t("mdl_production_replay_help", lang), border=True)
    gap_col.metric(t("mdl_replay_gap", lang), pp(100.0 * float(result.replay.gap), lang),
                   help=t("mdl_replay_gap_help", lang), border=True)
    carried_col.metric(t("mdl_replay_carried", lang, carry=f"{carry:g}"), pp(100.0 * carry * float(result.replay.gap), lang),
                       help=t("mdl_replay_carried_help", lang), border=True)


def sector_replay_rows(gaps, year: int, lang: str) -> list[dict[str, str]]:
    """Each published sector: the replay of the base year, its published growth (the period named) and the gap."""
    return [{
        t("mdl_col_sector", lang): t(f"tr_sector_{g.sector}", lang),
        t("mdl_col_replay", lang, year=year): pct(g.replay, signed=True),
        t("mdl_col_published", lang, year=year): t("mdl_published_reading", lang, value=pct(g.published, signed=True),
                                                   period=t(f"mdl_period_{g.period.replace('-', '_')}", lang)),
        t("mdl_col_sector_gap", lang): pp(100.0 * g.gap, lang),
    } for g in gaps]


def sector_replay(result: Result, construction_share: float, lang: str) -> None:
    """The replay by published sector beside the base year's sector figures (issue 21 item 4): a per-sector term."""
    facts = default_facts()
    gaps = sector_gaps(result.replay, facts, construction_share)
    if gaps:
        full = all(g.period == "year" for g in gaps)
        st.dataframe(pa.Table.from_pylist(sector_replay_rows(gaps, facts.base_year, lang)), hide_index=True, width="stretch")
        st.caption(t("mdl_sector_replay_note_full" if full else "mdl_sector_replay_note_partial", lang,
                     year=facts.base_year, growth=pct(facts.real_growth_base)))


LEVEL_FIELDS = ("household", "government", "capital_formation", "exports", "imports", "other_net_outflow")


def levels_frame(result: Result, lang: str) -> pd.DataFrame:
    """The expenditure components in 2023, 2024 (calibrated) and 2025 (this scenario), 亿元."""
    years = {"2023": result.calibration.levels_2023, "2024": result.levels_2024, "2025": result.levels_2025}
    rows = []
    for name in LEVEL_FIELDS + ("gdp",):
        row = {t("col_component", lang): t(f"level_{name}", lang)}
        for year, levels in years.items():
            row[year] = yi_yuan(float(getattr(levels, name)), lang)
        rows.append(row)
    return pd.DataFrame(rows)
