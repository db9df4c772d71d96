"""The scenario: every lever and assumption of one 2025 what-if, with defaults and checks from data/.

A Scenario is a frozen dataclass (hashable, so the UI can cache on it). Any field may also be
a numpy array, which makes `simulate` run a whole sweep or Monte Carlo in one call.
`parse_scenario` turns untrusted text (URL, JSON upload, CLI) into a Scenario plus a list of
problems, never an exception: each bad value is replaced by its default and reported.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import data

_DATA = data.load()
_P = _DATA.params


@dataclass(frozen=True)
class Scenario:
    """All inputs of one 2025 scenario. Rates are shares (0.05 = 5%); see data/parameters.toml."""

    # main levers (nominal y/y growth, 2025)
    fai_growth: Any = _P["fai_growth"].value
    retail_growth: Any = _P["retail_growth"].value
    export_growth: Any = _P["export_growth"].value
    # advanced levers
    services_consumption_growth: Any = _P["services_consumption_growth"].value
    gov_consumption_growth: Any = _P["gov_consumption_growth"].value
    gdp_deflator: Any = _P["gdp_deflator"].value
    # assumptions
    share_household_consumption: Any = _P["share_household_consumption"].value
    share_government_consumption: Any = _P["share_government_consumption"].value
    share_capital_formation: Any = _P["share_capital_formation"].value
    retail_goods_weight: Any = _P["retail_goods_weight"].value
    fai_to_gcf_bridge: Any = _P["fai_to_gcf_bridge"].value
    export_share_of_trade: Any = _P["export_share_of_trade"].value
    import_weight_consumption: Any = _P["import_weight_consumption"].value
    import_weight_investment: Any = _P["import_weight_investment"].value
    residual_persistence: Any = _P["residual_persistence"].value
    revenue_buoyancy: Any = _P["revenue_buoyancy"].value
    jobs_semi_elasticity: Any = _P["jobs_semi_elasticity"].value
    # production side (model/production.py)
    industrial_va_growth: Any = _P["industrial_va_growth"].value
    industry_link_weight: Any = _P["industry_link_weight"].value
    industry_export_elasticity: Any = _P["industry_export_elasticity"].value
    industry_fai_elasticity: Any = _P["industry_fai_elasticity"].value
    primary_va_growth: Any = _P["primary_va_growth"].value
    construction_share_of_gdp: Any = _P["construction_share_of_gdp"].value
    services_weight_retail: Any = _P["services_weight_retail"].value
    services_weight_government: Any = _P["services_weight_government"].value
    model_error: Any = _P["model_error"].value  # added to the headline real growth (judgement; drawn in the Monte Carlo)

    @classmethod
    def baseline(cls) -> Scenario:
        """The default scenario: 2024's pattern continues, assumptions at their central values."""
        return cls()

    @classmethod
    def from_preset(cls, preset_id: str) -> Scenario:
        return cls(**_DATA.presets[preset_id].values)

    def replace(self, **changes: Any) -> Scenario:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, float]:
        """Plain floats by field name (scalar scenarios only): for JSON, URLs and the database."""
        return {f.name: float(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def changed_from_default(self) -> dict[str, float]:
        """Only the fields that differ from their defaults: keeps shared URLs short."""
        default = Scenario()
        return {k: v for k, v in self.to_dict().items() if v != getattr(default, k)}


FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Scenario))


@dataclass(frozen=True)
class Problem:
    """One input that could not be used. `reason`: unknown / not_a_number / out_of_range / too_long."""

    key: str
    reason: str
    value: str


MAX_VALUE_CHARS = 64


def parse_value(key: str, raw: Any) -> float:
    """A finite float within the parameter's valid range, or ValueError(reason)."""
    param = _P[key]
    if isinstance(raw, bool):
        raise ValueError("not_a_number")
    if isinstance(raw, str):
        if len(raw) > MAX_VALUE_CHARS:
            raise ValueError("too_long")
        try:
            number = float(raw.strip())
        except ValueError:
            raise ValueError("not_a_number") from None
    elif isinstance(raw, (int, float)):
        number = float(raw)
    else:
        raise ValueError("not_a_number")
    if not math.isfinite(number):
        raise ValueError("not_a_number")
    if number == 0.0:
        number = 0.0  # -0 becomes 0, so the same scenario always has the same URL
    if not param.contains(number):
        raise ValueError("out_of_range")
    return number


def parse_scenario(values: Mapping[str, Any], base: Scenario | None = None) -> tuple[Scenario, list[Problem]]:
    """Untrusted mapping -> (Scenario, problems). Unknown keys and bad values are dropped and reported."""
    base = base or Scenario()
    good: dict[str, float] = {}
    problems: list[Problem] = []
    for key, raw in values.items():
        shown = str(raw)[:MAX_VALUE_CHARS]
        if key not in _P:
            problems.append(Problem(str(key)[:MAX_VALUE_CHARS], "unknown", shown))
            continue
        try:
            good[key] = parse_value(key, raw)
        except ValueError as exc:
            problems.append(Problem(key, str(exc), shown))
    return base.replace(**good), problems
