"""Model page: the equations (LaTeX), the calibrated 2024 replay and the expenditure levels."""

from __future__ import annotations

import pandas as pd

from model import Result
from ui.i18n import t, yi_yuan
from ui.layout import grid  # noqa: F401  (the page lays the equations out with it)

# (key, LaTeX): the model's equations as in the docstrings of model/demand.py, calibration.py,
# simulate.py, outcomes.py and uncertainty.py. Texts are eq_<key>_title / eq_<key>_text.
EQUATIONS: tuple[tuple[str, str], ...] = (
    ("identity", r"Y = C + G + I + X - M + O"),
    ("split", r"C = s_C Y,\quad G = s_G Y,\quad I = s_I Y,\quad X = e\,T,\quad M = (1-e)\,T"),
    ("calibration", r"\Delta O_{2024} = Y_{2024} - (C + G + I + X - M)_{2024} - O_{2023}"),
    ("consumption", r"g_C = w\, g_{\text{retail}} + (1 - w)\, g_{\text{services}}"),
    ("investment", r"g_I = \beta\, g_{\text{FAI}}"),
    ("imports", r"g_M = m_C\, g_{C+G} + m_I\, g_I + (1 - m_C - m_I)\, g_X"),
    ("growth", r"L_{2025} = L_{2024}\,(1 + g_L),\qquad O_{2025} = O_{2024} + \rho\, \Delta O_{2024}\, \frac{Y_{2024}}{Y_{2023}}"),
    ("real", r"n = \frac{Y_{2025}}{Y_{2024}} - 1,\qquad r = \frac{1 + n}{1 + \pi} - 1"),
    ("pull", r"\text{pull}_k = \frac{L_{k,2025} / (1 + \pi) - L_{k,2024}}{Y_{2024}},\qquad \sum_k \text{pull}_k = r"),
    ("revenue", r"R_{2025} = R_{2024}\,(1 + b\, n)"),
    ("jobs", r"J_{2025} = \max\!\big(0,\ J_{2024}\,(1 + \eta \cdot 100\,(r - r_{2024}))\big)"),
    ("montecarlo", r"x_k^{(i)} = \operatorname{clip}(x_k + \sigma_k z_k^{(i)},\ \min_k,\ \max_k),\qquad "
                   r"P(\text{met}) = \frac{1}{N} \sum_{i=1}^{N} \mathbf{1}\big[y^{(i)} \ge y^{*}\big]"),
)

def replay_real_growth(result: Result) -> float:
    """2024's real growth as the calibrated replay gives it: the sum of its demand pulls (3.0% by construction)."""
    return sum(float(v) for v in result.contributions_2024.values()) / 100


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
