"""Mutation score: do the tests fail when the code (or the doc, or a data file) is wrong?

Each mutant below changes one thing: a comparison flipped, a constant moved, a line removed (in
model/, data/, store/validate.py, and docs/model.md or a data file where a test reads them). For
each, the script writes the change into a private copy of the work tree, runs the test files named
with it (`pytest -x -q`, with a timeout) and restores the file from its original bytes (in a
`finally`, so Ctrl-C leaves the copy clean too; the work tree itself is never written). A mutant
is killed when a test fails (or the run times out), survived when they all pass, stale when its
text is no longer in the file once (the code moved on: update the entry), and not run when pytest
could not run the files. Each kill names the first failing test. docs/mutation.md lists every
survivor with the reason it is equivalent, or leaves it open.

    python benchmarks/mutation_score.py              # the list below (about 4 minutes on 2 cores)
    python benchmarks/mutation_score.py -k jobs      # the mutants whose name holds "jobs"
    python benchmarks/mutation_score.py --list       # names, files and tests, nothing run
    python benchmarks/mutation_score.py --jobs 2     # two mutants at a time (two copies)
    python benchmarks/mutation_score.py --mutmut --mutmut-only 'model.outcomes*' --jobs 2
                                                     # mutmut's own mutants (needs mutmut==3.8.1)

Exit status: 0 when every mutant was killed or is in EQUIVALENT, 1 otherwise, 2 when the
unmutated tests fail (no score then: fix the tests first) or mutmut could not run.

The list is hand-written because mutmut's full run does not fit the time a run may take here:
mutmut 3.8.1 makes 5,521 mutants over model/ and data/ and checked 2,937 of them in 14.5 minutes
on 2 cores, slowing as it reached the loader (about 45 minutes for all). --mutmut drives it, best
one module at a time; docs/mutation.md has the measurement.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORED = (".git", "test-artifacts", "__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache", "var", "mutants",
           "node_modules", ".benchmarks")


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str  # relative to the repository
    old: str  # text that occurs exactly once in the file
    new: str  # what it becomes
    tests: tuple[str, ...]  # test files (under tests/) that must fail
    killed_by: str = ""  # the test that kills it, for docs/mutation.md


CORE = ("test_model_core.py",)
MC = ("test_model_core.py", "test_model_uncertainty.py", "test_model_goalseek.py", "test_model_sensitivity.py")
LOADER = ("test_data_loader_errors.py", "test_data_entries.py")
HISTORY = ("test_data_history.py",)

# The survivors issue 20 names (first block), then mutants chosen across model/ and data/.
MUTANTS: tuple[Mutant, ...] = (
    Mutant("doc: n = 4 -> 2", "docs/model.md", "(n = 4)", "(n = 2)", ("test_docs_model.py",),
           "test_each_prose_number_is_the_value_it_states"),
    Mutant("doc: +3.0% -> +5.0%", "docs/model.md", "real growth (+3.0%)", "real growth (+5.0%)", ("test_docs_model.py",),
           "test_each_prose_number_is_the_value_it_states"),
    Mutant("doc: se 0.04 -> 0.05", "docs/model.md", "(se 0.04)", "(se 0.05)", ("test_docs_model.py",),
           "test_each_prose_number_is_the_value_it_states"),
    Mutant("data: a report quote's section that does not exist", "data/baseline.toml",
           'section = "一(一) 抓经济强调度稳中有进", quote = "全年地区生产总值1860.06亿元"',
           'section = "一(九) 抓经济强调度稳中有进", quote = "全年地区生产总值1860.06亿元"', ("test_data_entries.py",),
           "test_report_section_of_every_report_figure_is_the_part_that_holds_it"),
    Mutant("response: joint-corner probes removed", "model/response.py",
           "    columns += [x0 | lows, x0 | highs, x0 | alternating]\n", "", ("test_model_response.py",),
           "test_a_bend_seen_only_at_the_joint_corners_is_not_called_affine"),
    Mutant("response: affine tolerance 1e-9 -> 1e-4", "model/response.py", "AFFINE_TOLERANCE = 1e-9",
           "AFFINE_TOLERANCE = 1e-4", ("test_model_response.py",),
           "test_a_curvature_far_below_display_precision_but_above_float_noise_is_not_affine"),
    Mutant("outcomes: array-path met = gap >= -0.002", "model/outcomes.py",
           "met = gap >= -1e-12\n            about = np.logical_and", "met = gap >= -0.002\n            about = np.logical_and",
           ("test_model_uncertainty.py", "test_model_core.py", "test_model_goalseek.py", "test_model_sensitivity.py"),
           "test_result_matches_a_direct_vectorised_simulate"),
    Mutant("outcomes: scalar jobs floor removed", "model/outcomes.py", "return max(0.0, float(jobs))",
           "return float(jobs)", CORE, "test_jobs_are_floored_at_zero_on_the_scalar_and_the_array_path"),
    Mutant("outcomes: array jobs floor removed", "model/outcomes.py", "return np.maximum(0.0, jobs)", "return jobs",
           CORE, "test_jobs_are_floored_at_zero_on_the_scalar_and_the_array_path"),
    # ---- model v3 (issue 21): the real-time back-test reads nothing dated after its base year
    Mutant("vintage: AsOf lets the next year through", "model/vintage.py", "if y <= self.last_year}",
           "if y <= self.last_year + 1}", ("test_model_backtest.py",),
           "test_no_figure_dated_after_the_base_year_reaches_the_forecast"),
    Mutant("backtest: forecast prices known at the end of t", "model/backtest.py", "| _prices_known(record, b, {",
           "| _prices_known(record, year, {", ("test_model_backtest.py",),
           "test_no_figure_dated_after_the_base_year_reaches_the_forecast"),
    Mutant("backtest: coefficients estimated with year t", "model/backtest.py", "estimate = estimator(known)",
           "estimate = estimator(AsOf(record, year))", ("test_model_backtest.py",),
           "test_no_figure_dated_after_the_base_year_reaches_the_forecast"),
    Mutant("backtest: gz_gap's mean gap includes year t", "model/backtest.py", "if y <= base_year and y in gz]",
           "if y <= year and y in gz]", ("test_model_backtest.py",),
           "test_no_figure_dated_after_the_base_year_reaches_the_forecast"),
    Mutant("loader: about_band up to 0.5", "data/entries_loader.py", "<= bounds[\"about_band\"] <= 0.05",
           "<= bounds[\"about_band\"] <= 0.5", LOADER, "test_each_numeric_and_source_rule_names_its_field"),
    Mutant("loader: step 0 allowed", "data/entries_loader.py", "if num[\"step\"] <= 0 or", "if num[\"step\"] < 0 or",
           LOADER, "test_each_numeric_and_source_rule_names_its_field"),
    Mutant("loader: negative sd allowed", "data/entries_loader.py", "or num[\"sd\"] < 0:", "or num[\"sd\"] < -1:",
           LOADER, "test_each_numeric_and_source_rule_names_its_field"),
    Mutant("loader: report needs section or quote", "data/entries_loader.py",
           "raw.get(\"section\") and raw.get(\"quote\")", "raw.get(\"section\") or raw.get(\"quote\")", LOADER,
           "test_each_numeric_and_source_rule_names_its_field"),
    Mutant("history: growth plausible in a 10x wider range", "data/history_loader.py", "return -1 < value < 10",
           "return -10 < value < 100", HISTORY, "test_the_plausible_range_of_each_unit_is_exact"),
    Mutant("store: soft hyphen kept in codes", "store/validate.py", "\\ufeff\\u00ad\"", "\\ufeff\"",
           ("test_store.py",), "test_workshop_code_normalisation"),
    Mutant("store: L no longer folded to 1", "store/validate.py", "\"I\": \"1\", \"L\": \"1\", ", "\"I\": \"1\", ",
           ("test_store.py",), "test_look_alike_codes_fold_to_one_skeleton"),
    Mutant("architecture: import ui in data/outputs_loader.py", "data/outputs_loader.py", "\nfrom data.checks import",
           "\nimport ui  # noqa: F401\nfrom data.checks import", ("test_architecture.py",), "test_data_loader_imports_no_model_or_ui"),
    Mutant("architecture: importlib import of store in model/", "model/outcomes.py",
           "\ndef budget_revenue(", "\ndef _store():\n    import importlib\n\n    return importlib.import_module(\"store\")\n\n\n"
           "def budget_revenue(", ("test_architecture.py",), "test_model_never_imports_streamlit_or_ui"),
    # ---- chosen across model/ and data/
    Mutant("demand: consumption weights swapped", "model/demand.py",
           "return goods_weight * retail_growth + (1.0 - goods_weight) * services_growth",
           "return (1.0 - goods_weight) * retail_growth + goods_weight * services_growth", CORE, "test_bridges_by_hand"),
    Mutant("production: primary share from 2020 only", "model/production.py",
           "primary = 0.5 * (published_shares(va, \"2020\")[0] + published_shares(va, \"2022\")[0])",
           "primary = published_shares(va, \"2020\")[0]", ("test_model_production.py", "test_docs_model.py")),
    Mutant("production: industry link ignores the direct setting", "model/production.py",
           "return link_weight * link_growth + (1.0 - link_weight) * direct_growth", "return link_growth", CORE,
           "test_industry_set_directly_replaces_the_link"),
    Mutant("production: services weight of government dropped", "model/production.py",
           "+ weight_gov * gov_growth + (1.0 - weight_retail - weight_gov)", "+ (1.0 - weight_retail - weight_gov)",
           ("test_model_production.py", "test_model_core.py")),
    Mutant("simulate: nominal growth additive", "model/simulate.py",
           "nominal = (1.0 + real) * (1.0 + production.deflator) - 1.0", "nominal = real + production.deflator", CORE,
           "test_hand_solved_each_price_deflates_its_own_sector_only"),
    Mutant("simulate: model_error ignored", "model/simulate.py",
           "real = production.real_growth + s.replay_carry * replay.gap + s.model_error",
           "real = production.real_growth + s.replay_carry * replay.gap", ("test_model_uncertainty.py",),
           "test_the_model_error_moves_the_headline_one_for_one_within_its_clip"),
    Mutant("simulate: replay gap not carried", "model/simulate.py",
           "real = production.real_growth + s.replay_carry * replay.gap + s.model_error",
           "real = production.real_growth + s.model_error", ("test_model_replay.py",),
           "test_fed_the_base_years_own_inputs_with_full_carry_the_model_gives_the_published_growth"),
    Mutant("replay: at the base year's weights", "model/replay.py",
           "structure = split_secondary(facts.sector_shares_before, s.construction_share_of_gdp)",
           "structure = split_secondary(facts.sector_shares_base, s.construction_share_of_gdp)", ("test_model_replay.py",),
           "test_the_replay_by_hand"),
    Mutant("production: construction priced by the PPI", "model/production.py",
           "\"construction\": s.investment_price_change,", "\"construction\": s.ppi_change,", ("test_model_prices.py",),
           "test_with_every_volume_driver_held_a_price_barely_moves_real_gdp"),
    Mutant("production: one price for every sector", "model/production.py",
           "\"industry\": s.ppi_change, \"construction\": s.investment_price_change,",
           "\"industry\": s.cpi_change, \"construction\": s.cpi_change,", ("test_model_prices.py",),
           "test_with_every_volume_driver_held_a_price_barely_moves_real_gdp"),
    Mutant("production: deflator with equal weights", "model/production.py",
           "sum(getattr(structure, k) * prices[k] for k in SECTORS)", "sum(0.25 * prices[k] for k in SECTORS)",
           ("test_model_prices.py",), "test_the_gdp_deflator_is_the_share_weighted_sector_prices"),
    Mutant("outcomes: revenue without buoyancy", "model/outcomes.py",
           "return revenue_2024_yi_yuan * (1.0 + buoyancy * nominal_gdp_growth)",
           "return revenue_2024_yi_yuan * (1.0 + nominal_gdp_growth)", CORE,
           "test_budget_revenue_follows_nominal_gdp_with_buoyancy"),
    Mutant("outcomes: scalar about band doubled", "model/outcomes.py",
           "about = band > 0 and not met and gap >= -band - 1e-12",
           "about = band > 0 and not met and gap >= -2 * band - 1e-12", CORE,
           "test_met_and_about_met_at_the_edges_on_the_scalar_and_the_array_path"),
    Mutant("calibration: residual sign flipped", "model/calibration.py",
           "return Calibration(levels_2023, levels_2024, other - levels_2023.other_net_outflow)",
           "return Calibration(levels_2023, levels_2024, levels_2023.other_net_outflow - other)", CORE,
           "test_calibration_residual_is_reported_and_moderate"),
    Mutant("uncertainty: draws not antithetic", "model/uncertainty.py",
           "np.negative(half_z[:, : draws - half], out=z[:, half:])",
           "z[:, half:] = half_z[:, : draws - half]", ("test_model_uncertainty.py",),
           "test_draws_are_antithetic_and_the_fast_path_matches_the_plain_one"),
    Mutant("uncertainty: draws not clipped at the top", "model/uncertainty.py",
           "    spread = np.add(_standard_spread(draws, seed), np.array([[values[k]] for k in setup.uncertain_params]))\n"
           "    np.maximum(spread, setup.low, out=spread)\n    np.minimum(spread, setup.high, out=spread)\n",
           "    spread = np.add(_standard_spread(draws, seed), np.array([[values[k]] for k in setup.uncertain_params]))\n"
           "    np.maximum(spread, setup.low, out=spread)\n", ("test_model_uncertainty.py",),
           "test_draws_stay_in_the_valid_ranges"),
    Mutant("uncertainty: model error Normal, not t", "model/uncertainty.py",
           "        z[setup.model_error_row] = rng.standard_t(model_error_dof(), z.shape[1])\n", "        pass\n",
           ("test_model_uncertainty.py",), "test_model_error_is_drawn_from_students_t_with_n_minus_1_degrees_of_freedom"),
    Mutant("uncertainty: t with n degrees of freedom", "model/uncertainty.py",
           "return max(track_record().years_projected() - 1, 1)", "return max(track_record().years_projected(), 1)",
           ("test_model_uncertainty.py",), "test_model_error_is_drawn_from_students_t_with_n_minus_1_degrees_of_freedom"),
    Mutant("uncertainty: probability se over N - 1", "model/uncertainty.py",
           "float(np.sqrt(p * (1.0 - p) / draws))", "float(np.sqrt(p * (1.0 - p) / max(draws - 1, 1)))",
           ("test_model_uncertainty.py",), "test_each_probability_comes_with_its_monte_carlo_standard_error"),
    Mutant("data: model error sd of the v2 back-test", "data/parameters.toml", "sd = 0.0153", "sd = 0.0147",
           ("test_model_uncertainty.py",), "test_model_error_spread_is_the_real_time_conditional_rmse_at_its_stated_precision"),
    Mutant("uncertainty: virtually certain from 0.95", "model/uncertainty.py", "(0.99, \"virtually_certain\")",
           "(0.95, \"virtually_certain\")", ("test_model_uncertainty.py",), "test_likelihood_phrase_thresholds"),
    Mutant("uncertainty: quantile interpolation dropped", "model/uncertainty.py",
           "return ordered[..., below] * (1.0 - frac) + ordered[..., above] * frac", "return ordered[..., below]",
           ("test_model_uncertainty.py",), "test_result_matches_a_direct_vectorised_simulate"),
    Mutant("goalseek: crossing test strict", "model/goalseek.py",
           "    crossings = np.flatnonzero(gap[:-1] * gap[1:] <= 0.0)\n",
           "    crossings = np.flatnonzero(gap[:-1] * gap[1:] < 0.0)\n", ("test_model_goalseek.py",)),
    Mutant("goalseek: final interpolation dropped", "model/goalseek.py",
           "return True, float(low + (high - low) * gap_low / (gap_low - gap_high))", "return True, float(low)",
           ("test_model_goalseek.py",)),
    Mutant("sensitivity: low end not clipped", "model/sensitivity.py", "columns[k][1 + 2 * i] = max(values[k] - step, p.min)",
           "columns[k][1 + 2 * i] = values[k] - step", ("test_model_sensitivity.py",)),
    Mutant("scenario: range check skipped", "model/scenario.py", "    if not param.contains(number):\n",
           "    if False:\n", CORE, "test_bad_values_fall_back_to_default_with_a_reason"),
    Mutant("scenario: -0 kept", "model/scenario.py", "        number = 0.0  # -0 becomes 0", "        pass  # -0 becomes 0",
           CORE, "test_good_values_and_unknown_keys"),
    Mutant("backtest: ties go to the larger variant", "model/backtest.py",
           "key=lambda v: (round(rmse[names[values.index(v)]], 9), v))",
           "key=lambda v: (round(rmse[names[values.index(v)]], 9), -v))", ("test_model_backtest.py",),
           "test_the_best_variant_is_the_least_error_and_ties_go_to_the_smaller"),
    Mutant("facts: base deflator from nominal growth alone", "model/facts.py",
           "deflator_base=gdp[year] / gdp_before / (1.0 + real[year]) - 1.0,", "deflator_base=gdp[year] / gdp_before - 1.0,",
           ("test_model_backtest.py",), "test_the_2024_facts_as_of_are_the_apps_facts"),
    Mutant("estimates: se with n degrees of freedom", "model/estimates.py",
           "s = math.sqrt(float(e @ e) / (n - 1)) if n > 1 else float(\"nan\")",
           "s = math.sqrt(float(e @ e) / n) if n > 1 else float(\"nan\")", ("test_data_history_estimates.py",)),
    Mutant("loader: a number may be a bool", "data/checks.py",
           "if kind in (float, (int, float)) and isinstance(value, bool):", "if False:", LOADER),
    Mutant("loader: duplicate ids allowed once", "data/checks.py", "if ids.count(entry_id) > 1:",
           "if ids.count(entry_id) > 2:", LOADER),
    Mutant("loader: value range check inclusive flip", "data/entries_loader.py",
           "if not num[\"min\"] <= num[\"value\"] <= num[\"max\"]:", "if not num[\"min\"] <= num[\"value\"] <= 10 * num[\"max\"]:",
           LOADER, "test_value_outside_its_range_names_the_field"),
    Mutant("loader: preset range check removed", "data/entries_loader.py",
           "or not params[k].contains(float(v)):", ":", LOADER + ("test_model_presets.py",)),
    Mutant("history: years from 1900", "data/history_loader.py", "if not 1990 <= year <= 2030:",
           "if not 1900 <= year <= 2030:", HISTORY),
    Mutant("history: computed figure tolerance 10x", "data/history_loader.py",
           "if abs(o.value - computed) > 0.5 * 10 ** -o.digits + 1e-12:", "if abs(o.value - computed) > 5 * 10 ** -o.digits:",
           HISTORY, "test_a_bad_history_field_is_named"),
    Mutant("history: share above 1 allowed", "data/history_loader.py", "return 0 <= value <= 1", "return 0 <= value <= 10",
           HISTORY, "test_the_plausible_range_of_each_unit_is_exact"),
    Mutant("outputs: card suffix not checked", "data/outputs_loader.py", "    if suffix not in CARD_SUFFIXES:\n",
           "    if False:\n", ("test_data_outputs.py",)),
)

# Survivors that cannot be killed because the mutant behaves as the original: name -> reason.
EQUIVALENT: dict[str, str] = {}


def _copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*IGNORED), symlinks=True)


def _apply(copy: Path, m: Mutant) -> bytes | None:
    """Write the mutant into the copy; return the file's original bytes, or None when stale."""
    path = copy / m.path
    original = path.read_bytes()
    text = original.decode("utf-8")
    if text.count(m.old) != 1:
        return None
    path.write_bytes(text.replace(m.old, m.new, 1).encode("utf-8"))
    return original


_RUNNING: set[subprocess.Popen] = set()  # test runs in progress, so Ctrl-C can end them (their process groups)


def _kill(run: subprocess.Popen) -> None:
    try:
        os.killpg(run.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M)


def _pytest(copy: Path, tests: tuple[str, ...], timeout: float) -> tuple[str, float, str]:
    """(outcome, seconds, the first failing test): outcome "survived" (the tests pass), "killed" (a test
    fails or errors), "timeout", or "error" (pytest could not run them: usage error, no tests)."""
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    env.pop("CI", None)  # the conftest's "no skips under CI" rule is for the suite, not for a mutant's files
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-rfE", *(f"tests/{t}" for t in tests)]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        run = subprocess.Popen(command, cwd=copy, env=env, stdout=out, stderr=subprocess.STDOUT,
                               start_new_session=True)  # its own process group: a timeout ends the tests' children too
        _RUNNING.add(run)
        try:
            returncode = run.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(run)
            run.wait()
            return "timeout", time.perf_counter() - start, ""
        finally:
            _kill(run)  # any child the tests left behind
            _RUNNING.discard(run)
        out.seek(0)
        failed = _FAILED.search(out.read().decode("utf-8", "replace"))
    seconds = time.perf_counter() - start
    if returncode == 0:
        return "survived", seconds, ""
    if returncode in (1, 2):  # tests failed; or collection failed (the mutant broke an import)
        return "killed", seconds, failed.group(1) if failed else "(collection)"
    return "error", seconds, f"pytest exit {returncode}"


def run_mutant(copy: Path, m: Mutant, timeout: float) -> tuple[str, float, str]:
    original = _apply(copy, m)
    if original is None:
        return "stale", 0.0, ""
    try:
        return _pytest(copy, m.tests, timeout)
    finally:
        (copy / m.path).write_bytes(original)


# --mutmut: the tool's own mutants over model/ and data/ (pip install mutmut==3.8.1; not in requirements-dev.txt)
MUTMUT_TESTS = (
    "test_model_core.py", "test_model_response.py", "test_model_uncertainty.py", "test_model_backtest.py",
    "test_model_goalseek.py", "test_model_sensitivity.py", "test_model_production.py", "test_model_presets.py",
    "test_model_scenario_fields.py", "test_docs_model.py", "test_data_entries.py", "test_data_history.py",
    "test_data_history_estimates.py", "test_data_loader_errors.py", "test_data_units.py", "test_data_outputs.py",
)  # not test_architecture (it reads the sources' sizes, which mutmut's trampolines multiply), nor the files
#    that start the app or the CLI in a subprocess (test_data_corrupt_startup, test_model_cli): minutes per mutant
MUTMUT_CONFIG = """[mutmut]
source_paths=
    model/
    data/
also_copy=
    ui/
    store/
    pages/
    docs/
    app.py
    benchmarks/
    .streamlit/
pytest_add_cli_args_test_selection=
{tests}
"""


def run_mutmut(source: Path, children: int, timeout: float, survivors_file: Path | None, only: list[str]) -> int:
    """mutmut run over model/ and data/ in a private copy; prints the counts by status and module, and the score."""
    try:
        import mutmut  # noqa: F401
    except ImportError:
        print("mutmut is not installed: pip install mutmut==3.8.1", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mutmut-") as tmp:
        copy = Path(tmp) / "tree"
        _copy_tree(source, copy)
        (copy / "setup.cfg").write_text(MUTMUT_CONFIG.format(tests="\n".join(f"    tests/{t}" for t in MUTMUT_TESTS)),
                                        encoding="utf-8")
        env = os.environ | {"PYTHONHASHSEED": "0"}
        env.pop("CI", None)
        start = time.perf_counter()
        run = subprocess.Popen([sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *only], cwd=copy,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            returncode = run.wait(timeout=timeout)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            _kill(run)
            run.wait()
            print(f"mutmut did not finish in {timeout:.0f} s: no score", file=sys.stderr)
            return 2
        finally:
            _kill(run)
        seconds = time.perf_counter() - start
        listing = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=copy, env=env,
                                 capture_output=True, text=True, check=False).stdout
    statuses: dict[str, str] = {}
    for line in listing.splitlines():
        name, _, status = line.strip().partition(": ")
        if status:
            statuses[name] = status
    statuses = {n: s for n, s in statuses.items() if s != "not checked"}  # outside --mutmut-only's patterns
    if returncode != 0 or not statuses:
        print(f"mutmut run failed (exit {returncode}): no score", file=sys.stderr)
        return 2
    by_module: dict[str, dict[str, int]] = {}
    for name, status in statuses.items():
        module = name.split(".x_")[0].split(".xǁ")[0]
        counts = by_module.setdefault(module, {})
        counts[status] = counts.get(status, 0) + 1
    kinds = sorted({s for c in by_module.values() for s in c})
    print(f"mutmut over model/ and data/{' (' + ', '.join(only) + ')' if only else ''}: {len(statuses)} mutants"
          f" in {seconds / 60:.1f} min")
    print(f"{'module':32}" + "".join(f"{k:>12}" for k in kinds))
    for module, counts in sorted(by_module.items()):
        print(f"{module:32}" + "".join(f"{counts.get(k, 0):12}" for k in kinds))
    total = {k: sum(c.get(k, 0) for c in by_module.values()) for k in kinds}
    print(f"{'all':32}" + "".join(f"{total[k]:12}" for k in kinds))
    killed = total.get("killed", 0) + total.get("timeout", 0)
    scored = len(statuses) - total.get("skipped", 0)
    print(f"mutation score (killed + timeout over checked): {killed}/{scored} = {100 * killed / max(scored, 1):.1f}%")
    if survivors_file:
        survivors_file.write_text("".join(f"{n}: {s}\n" for n, s in sorted(statuses.items())
                                          if s not in ("killed", "timeout")), encoding="utf-8")
        print(f"survivors listed in {survivors_file}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only the mutants whose name holds this text")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant's test run (default 300)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at a time, each in its own copy (default 1)")
    parser.add_argument("--source", type=Path, default=ROOT, help="the tree to copy (default: this repository)")
    parser.add_argument("--mutmut", action="store_true",
                        help="run mutmut's own mutants over model/ and data/ instead (needs mutmut==3.8.1)")
    parser.add_argument("--survivors", type=Path, help="with --mutmut: write every surviving mutant's name here")
    parser.add_argument("--mutmut-only", action="append", default=[], metavar="PATTERN",
                        help="with --mutmut: only the mutants matching this pattern, e.g. 'model.outcomes*' (repeatable)")
    args = parser.parse_args(argv)
    if args.mutmut:
        return run_mutmut(args.source, max(1, args.jobs), args.timeout * 12, args.survivors, args.mutmut_only)
    mutants = [m for m in MUTANTS if args.k.lower() in m.name.lower()]
    if args.list:
        for m in mutants:
            print(f"{m.name}\n    {m.path}; tests: {', '.join(m.tests)}; killed by: {m.killed_by or '(any)'}")
        return 0
    jobs = max(1, min(args.jobs, len(mutants)))
    results: dict[str, tuple[str, float, str]] = {}
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        copies = [Path(tmp) / f"tree{i}" for i in range(jobs)]
        for copy in copies:
            _copy_tree(args.source, copy)
        baseline_tests = tuple(sorted({t for m in mutants for t in m.tests}))
        status, seconds, failed = _pytest(copies[0], baseline_tests, args.timeout * 4)
        print(f"unmutated: {len(baseline_tests)} test files {status.replace('survived', 'pass')} ({seconds:.0f} s)")
        if status != "survived":
            print(f"the tests fail without a mutant ({failed}): no score", file=sys.stderr)
            return 2
        free = list(copies)
        lock = threading.Lock()
        stopping = threading.Event()

        def one(m: Mutant) -> None:
            with lock:
                copy = free.pop()
            try:
                result = run_mutant(copy, m, args.timeout)
                if stopping.is_set():  # ended by Ctrl-C, not by its tests
                    return
                results[m.name] = result
                outcome, took, failed = result
                print(f"{outcome:9} {took:5.1f} s  {m.name}" + (f"  [{failed}]" if failed else ""), flush=True)
            finally:
                with lock:
                    free.append(copy)

        pool = ThreadPoolExecutor(max_workers=jobs)
        try:
            for future in [pool.submit(one, m) for m in mutants]:
                future.result()
        except KeyboardInterrupt:
            stopping.set()
            pool.shutdown(wait=False, cancel_futures=True)
            for run in list(_RUNNING):
                _kill(run)
            pool.shutdown(wait=True)  # each running mutant restores its file in its finally
            print("interrupted: the copies are removed; the work tree was never written", file=sys.stderr)
            return 130
        pool.shutdown(wait=True)
    killed = [n for n, (s, _, _) in results.items() if s in ("killed", "timeout")]
    survived = [n for n, (s, _, _) in results.items() if s == "survived"]
    stale = [n for n, (s, _, _) in results.items() if s in ("stale", "error")]
    scored = len(killed) + len(survived)
    print(f"\nkilled {len(killed)}, survived {len(survived)}, stale or not run {len(stale)} of {len(results)} mutants")
    if scored:
        print(f"mutation score: {len(killed)}/{scored} = {100 * len(killed) / scored:.1f}%")
    for name in survived:
        print(f"  survived: {name}" + (f" (equivalent: {EQUIVALENT[name]})" if name in EQUIVALENT else ""))
    for name in stale:
        print(f"  {results[name][0]} ({results[name][2] or 'text not found once: update the entry'}): {name}")
    open_survivors = [n for n in survived if n not in EQUIVALENT]
    return 1 if open_survivors or stale else 0


if __name__ == "__main__":
    sys.exit(main())
