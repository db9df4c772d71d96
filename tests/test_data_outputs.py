"""data/outputs.toml, the one home of the model's outputs: every entry is a field the model produces,
every output a view shows is declared there, a bad entry is named by file and field, and a new
entry reaches the views with no code change."""

from __future__ import annotations

import dataclasses

import pytest

import data
from model import Result, Scenario, simulate
from model.uncertainty import PROJECTED_OUTPUTS
from ui.analysis import compare
from ui.simulator import lever_panel
from ui.takeaway import exports

DS = data.load()
RESULT_FIELDS = {f.name for f in dataclasses.fields(Result)}


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_declared_output_is_a_number_the_model_produces():
    result = simulate(Scenario())
    for output_id in DS.outputs:
        assert output_id in RESULT_FIELDS, output_id
        assert isinstance(float(getattr(result, output_id)), float), output_id


def test_every_output_a_view_shows_is_declared():
    shown = (set(PROJECTED_OUTPUTS) | set(compare.compared_outcomes()) | set(compare.charted_outcomes())
             | {output for output, _ in exports.outcomes()} | set(lever_panel.outputs())
             | {t.output for t in DS.targets.values() if t.projected})
    assert shown <= set(DS.outputs), shown - set(DS.outputs)


def test_each_output_is_read_against_the_target_on_it():
    on_output = {t.output: t.id for t in DS.targets.values() if t.projected}
    assert {o.id: o.target for o in DS.outputs.values() if o.target} == on_output


@pytest.mark.parametrize(("old", "new", "field"), [
    ('unit = "persons"\ntarget = "new_urban_jobs_2025"', 'unit = "people"\ntarget = "new_urban_jobs_2025"',
     "new_urban_jobs.unit"),
    ('target = "fai_growth_2025"', 'target = "retail_growth_2025"', "fai_growth.target"),
    ('target = "fai_growth_2025"', 'target = "fai_2026"', "fai_growth.target"),
    ('card = { order = 3, key = "card_jobs"', 'card = { order = 9, key = "card_jobs"', "new_urban_jobs.card.order"),
    ('delta = { output = "trade_growth", suffix = "yoy" }', 'delta = { output = "trade_yi_yuan", suffix = "yoy" }',
     "trade_yi_yuan.card.delta.output"),
    ('delta = { baseline = "fai_growth_2024" }', 'delta = { baseline = "fai_2024" }', "fai_growth.card.delta.baseline"),
    ('monte_carlo = true\n\n[[output]]\nid = "gdp_nominal_growth"', 'monte_carol = true\n\n[[output]]\nid = "gdp_nominal_growth"',
     "gdp_nominal_yi_yuan.monte_carol"),
    ('en = "Goods exports"', 'fr = "Goods exports"', "exports_yi_yuan.label.en"),
    ('delta = { output = "retail_growth", suffix = "yoy" }', 'delta = { output = "retail_growth", suffix = "mom" }',
     "retail_sales_yi_yuan.card.delta.suffix"),
])
def test_a_bad_output_entry_is_named_by_file_and_field(data_copy, old, new, field):
    _edit(data_copy / "outputs.toml", old, new)
    with pytest.raises(data.DataError) as err:
        data.load()
    assert (err.value.file, err.value.field) == ("outputs.toml", field)


# the next compare row after data/outputs.toml's (orders run 1 to n, each once), so it is the last row
NEXT_COMPARE_ORDER = 1 + sum(o.compare_order is not None for o in DS.outputs.values())
NEW_OUTPUT = ('\n[[output]]\nid = "demand_real_growth"\nlabel = { zh = "需求侧实际增速", en = "Demand-side real growth" }\n'
              f'unit = "growth"\ncompare = {{ order = {NEXT_COMPARE_ORDER}, chart = true }}\nmonte_carlo = true\n')

def test_a_new_output_is_one_entry(data_copy):
    """An output the model computes reaches the CSV, the compare table and the Monte Carlo from its entry alone."""
    with (data_copy / "outputs.toml").open("a", encoding="utf-8") as fh:
        fh.write(NEW_OUTPUT)
    result = simulate(Scenario())
    rows = exports.results_rows(Scenario().to_dict(), result, "en")
    assert [r["indicator"] for r in rows if r["id"] == "demand_real_growth"] == ["Demand-side real growth"]
    assert compare.outcome_frame({"x": result}, result, "en")["Outcome"].tolist()[-1] == "Demand-side real growth"
    from model.uncertainty import draw_setup_from  # the Monte Carlo's list, built from the Dataset passed in

    assert "demand_real_growth" in draw_setup_from(data.load(data_copy)).projected_outputs
    assert "demand_real_growth" not in draw_setup_from(DS).projected_outputs
