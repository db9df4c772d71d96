"""Every text a user reads about the model's outputs, pinned: cards, scorecard, CSV rows, brief rows, compare
table, Monte Carlo quantiles and the lever panel's card recipes, for three scenarios in both languages.

The snapshot (tests/snapshots/output_texts.json) was written before outputs moved to data/outputs.toml;
the refactor must leave every text identical. Regenerate only for an intended change:
    UPDATE_SNAPSHOT=1 python3 -m pytest -q tests/test_ui_output_texts.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from model import Scenario, monte_carlo, simulate
from ui.analysis import compare, uncertainty
from ui.shared import views
from ui.simulator import lever_panel
from ui.takeaway import brief, exports

SNAPSHOT = Path(__file__).parent / "snapshots" / "output_texts.json"
SCENARIOS = {
    "baseline": Scenario(),
    "city_targets": Scenario.from_preset("city_targets"),
    "slump": Scenario(fai_growth=-0.08, retail_growth=-0.02, export_growth=-0.1, cpi_change=-0.01),
}


def _texts() -> dict:
    base = simulate(Scenario())
    texts: dict = {"panel_cards": [dict(c) for c in lever_panel.cards()], "panel_outputs": list(lever_panel.outputs())}
    results = {name: simulate(s) for name, s in SCENARIOS.items()}
    for lang in ("zh", "en"):
        for name, scenario in SCENARIOS.items():
            result = results[name]
            mc = monte_carlo(scenario, draws=200, seed=1)
            texts[f"{lang}/{name}"] = {
                "cards": views.card_texts(result, lang),
                "scorecard": views.scorecard_rows(result, lang),
                "csv": exports.results_rows(scenario.to_dict(), result, lang),
                "brief": brief._outcome_rows(result, base, lang),
                "quantiles": uncertainty.quantile_frame(mc, lang).to_dict("records"),
                "chances": uncertainty.probability_frame(mc, result, lang).to_dict("records"),
            }
        texts[f"{lang}/compare"] = compare.outcome_frame(
            {k: v for k, v in results.items() if k != "baseline"}, base, lang).to_dict("records")
    return json.loads(json.dumps(texts, ensure_ascii=False))


def test_every_output_text_is_unchanged():
    texts = _texts()
    if os.environ.get("UPDATE_SNAPSHOT"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(texts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.skip("snapshot written")
    pinned = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert texts.keys() == pinned.keys()
    for key in pinned:
        assert texts[key] == pinned[key], key
