"""The model variants tried for issue 21, scored by the real-time back-test: `python benchmarks/model_variants.py`.

Each variant swaps one equation of model/production.py for the alternative it was tried
against, runs the same real-time back-test (model/backtest.py: every year built on the year
before, coefficients re-estimated from what was known then) and prints the root mean square
error of real growth (pp) of the production side at each carry phi, in both modes, beside
the benchmarks. docs/model.md section 9 quotes these figures (tests/test_docs_model.py
recomputes them). The choice between variants is made on these scores only.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import model.facts as facts  # noqa: E402
import model.production as production  # noqa: E402
import model.replay as replay  # noqa: E402
from model import backtest  # noqa: E402

simulate = importlib.import_module("model.simulate")  # the module (the package exports the function under this name)

SCORED = (*backtest.PRODUCTION_VARIANTS, "naive", "gz_gap")


def _services_on_household_spending(retail_growth, gov_growth, city_services_growth, services_gap, weight_retail,
                                    weight_gov, consumer_prices, *, household_services_growth: float):
    """Model v2's services: the part not tied to retail or government follows household services
    consumption (a judgement, 5% nominal), deflated by consumer prices."""
    return (weight_retail * (retail_growth - consumer_prices) + weight_gov * (gov_growth - consumer_prices)
            + (1.0 - weight_retail - weight_gov) * (household_services_growth - consumer_prices))


@contextlib.contextmanager
def _swapped(name: str, replacement: Callable) -> Iterator[None]:
    """model.production.<name> (and the replay's copy) replaced for the duration."""
    original = getattr(production, name)
    setattr(production, name, replacement)
    setattr(replay, name, replacement)
    try:
        yield
    finally:
        setattr(production, name, original)
        setattr(replay, name, original)


@contextlib.contextmanager
def _industry_on_its_own_statistic() -> Iterator[None]:
    """Industry set directly (lambda = 0) at the year's above-scale gross output growth, one for one
    (conditional: the year's reading; as a forecast: the base year's), the base year replayed the same way."""
    original_lever, original_levers, original_replay = facts.lever_of_year, backtest.LEVERS, simulate.replay_base_year

    def lever_of_year(record, year, lever):
        if lever == "industrial_va_growth":
            found = facts.reading_of_year(record, facts.INDUSTRY_SERIES, year)
            return found[0] if found else float("nan")
        return original_lever(record, year, lever)

    def replay_base_year(s, f):
        linked = original_replay(s, f)
        g = f.base_inputs["industrial_va_growth"]
        structure = production.split_secondary(f.sector_shares_before, s.construction_share_of_gdp)
        shift = structure.industry * (g - linked.growth["industry"])
        return replay.Replay({**linked.growth, "industry": g}, {**linked.contributions, "industry": 100.0 * structure.industry * g},
                             linked.real_growth + shift, linked.gap - shift)

    backtest.lever_of_year, backtest.LEVERS = lever_of_year, (*original_levers, "industrial_va_growth")
    simulate.replay_base_year = replay_base_year
    try:
        yield
    finally:
        backtest.lever_of_year, backtest.LEVERS, simulate.replay_base_year = original_lever, original_levers, original_replay


@contextlib.contextmanager
def _industry_one_for_one() -> Iterator[None]:
    """Gross output growth read as value added growth one for one (kappa = 1 in every year and the
    replay): the headline before the value-added ratio was adopted."""
    original = dict(backtest.ESTIMATED_OR_NEUTRAL)
    backtest.ESTIMATED_OR_NEUTRAL.pop("industry_value_added_ratio")
    try:
        yield
    finally:
        backtest.ESTIMATED_OR_NEUTRAL.clear()
        backtest.ESTIMATED_OR_NEUTRAL.update(original)


def variants() -> dict[str, Callable[[], contextlib.AbstractContextManager]]:
    """Variant name -> a context in which the model computes that variant."""
    import data

    household = data.load().params["services_consumption_growth"].value
    link = production.industry_link_growth

    def services_judgement():
        return _swapped("services_growth", lambda *a: _services_on_household_spending(*a, household_services_growth=household))

    def link_as_volume():
        return _swapped("industry_link_growth", lambda t, f, a, b, p, k=1.0: link(t, f, a, b, 0.0, k))

    return {"headline": contextlib.nullcontext, "services_on_household_spending": services_judgement,
            "industry_link_as_volume": link_as_volume, "industry_on_its_own_statistic": _industry_on_its_own_statistic,
            "industry_one_for_one": _industry_one_for_one}


def scores() -> dict[str, dict[str, dict[str, float]]]:
    """variant -> mode -> method -> real-time RMSE (pp), on the history in data/."""
    import data

    ds = data.load()
    out = {}
    for name, context in variants().items():
        base = backtest.Scenario()
        if name == "industry_on_its_own_statistic":
            base = base.replace(industry_link_weight=0.0)
        if name == "industry_one_for_one":
            base = base.replace(industry_value_added_ratio=1.0)
        with context():
            record = backtest.backtest(ds.history_record, ds.params, base=base)
        out[name] = {mode: {m: record.rmse_pp(m, mode) for m in SCORED} for mode in backtest.MODES}
        out[name]["sector_2022"] = next(y.sector_errors_pp() for y in record.years if y.year == 2022)
        best = record.best_carry()
        out[name]["best_carry"] = best
        out[name]["at_best_carry"] = {mode: record.rmse_pp(f"production_phi_{best:g}", mode) for mode in backtest.MODES}
    return out


def main() -> None:
    for name, by_mode in scores().items():
        print(name)
        for mode in backtest.MODES:
            print(f"  {mode:12s}" + "  ".join(f"{m} {v:.2f}" for m, v in by_mode[mode].items()))
        print("  2022 sector errors (conditional, pp): " + ", ".join(f"{k} {v:+.2f}" for k, v in by_mode["sector_2022"].items()))
        print(f"  best carry (conditional): phi = {by_mode['best_carry']:g}")


if __name__ == "__main__":
    main()
