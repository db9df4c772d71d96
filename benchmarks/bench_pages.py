"""Analysis pages' speed: each page's AppTest rerun after a widget change, beside a bare Streamlit app, same run.

Prints, per page, the median server rerun time after a widget change and its ratio to a bare
app (3 sliders, 1 metric, 1 Altair chart); for the analysis page both with the scenario's
analyses already cached (a lever going back and forth) and with a new scenario every rerun
(its open tab's analysis computed afresh: Monte Carlo, tornado, or six goal seeks). Then the
model time of the analyses themselves.

    python benchmarks/bench_pages.py [--reruns 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing
from benchmarks.timing import median_ms  # noqa: E402

BARE_APP = ROOT / "benchmarks" / "bare_app.py"  # 3 sliders, 1 metric, 1 Altair chart
WARMUP = 3  # the first reruns fill caches and import modules; they are not the steady state


def rerun_ms(app_path: str, page: str | None, change: Callable[[object, int], None], reruns: int,
             tab: str | None = None) -> float:
    """Median wall time of at.run() after change(at, i), over `reruns` reruns (after WARMUP).

    tab: the analysis page's tab to open (its text key); only the open tab runs.
    """
    from streamlit.testing.v1 import AppTest

    from ui.shared.i18n import t

    at = AppTest.from_file(app_path, default_timeout=120)
    if tab:
        at.session_state["w_ana_tab"] = t(tab, "zh")
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    times = []
    for i in range(reruns + WARMUP):
        change(at, i)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return 1e3 * statistics.median(times[WARMUP:])




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=30)
    args = parser.parse_args()

    import os

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HUADU_DATA_DIR"] = tmp  # the compare page opens the library: keep it out of the repository
        os.environ.pop("HUADU_DATABASE_URL", None)
        bare = BARE_APP
        app = str(ROOT / "app.py")

        def slider(key: str, values: tuple[float, ...]) -> Callable[[object, int], None]:
            return lambda at, i: at.slider(key=key).set_value(values[i % len(values)])

        def language(at, i: int) -> None:
            at.segmented_control(key="w_app_lang").set_value(("en", "zh")[i % 2])

        def compare_choice(at, i: int) -> None:
            chosen = at.multiselect(key="w_cmp_chosen")
            options = list(chosen.options)
            chosen.set_value(options[: 3 + i % 2])

        fresh = tuple(10.0 + 0.1 * i for i in range(args.reruns + WARMUP))  # a scenario no cache has seen
        back_and_forth = slider("w_ana_s_fai_growth", (10.0, 12.0))
        new_scenario = slider("w_ana_s_fai_growth", fresh)
        analysis = "pages/analysis.py"
        cases = [
            ("bare app (3 sliders, metric, chart)", str(bare), None, slider("a", (4.0, 6.0)), None),
            ("analysis/uncertainty, lever (cached)", app, analysis, back_and_forth, None),
            ("analysis/uncertainty, new scenario", app, analysis, new_scenario, None),
            ("analysis/sensitivity, new scenario", app, analysis, new_scenario, "tab_sensitivity"),
            ("analysis/goal seek, lever (cached)", app, analysis, back_and_forth, "tab_goal"),
            ("analysis/goal seek, new scenario", app, analysis, new_scenario, "tab_goal"),
            ("compare, 3 <-> 4 scenarios", app, "pages/compare.py", compare_choice, None),
            ("assumptions, a coefficient slider", app, "pages/assumptions.py",
             slider("w_asm_s_residual_persistence", (0.5, 1.0)), None),
            ("sources, language switch", app, "pages/sources.py", language, None),
            ("model, language switch", app, "pages/model_page.py", language, None),
        ]
        bare_ms = None
        print(f"server rerun after a widget change (AppTest, median of {args.reruns}):")
        for name, path, page, change, tab in cases:
            ms = rerun_ms(path, page, change, args.reruns, tab)
            bare_ms = bare_ms or ms
            print(f"  {name:<42} {ms:7.1f} ms   {ms / bare_ms:5.2f}x bare")

    from model import Scenario
    from model.uncertainty import GDP_TARGET_ID
    from ui.analysis import cached

    scenario = Scenario()
    target = 0.05
    levers = ("fai_growth", "retail_growth", "export_growth")
    print("model time (median of 21):")
    print(f"  monte_carlo, 10,000 draws, all outputs  {median_ms(lambda: cached._monte_carlo(scenario, draws=10_000)):7.2f} ms")
    print(f"  tornado, every parameter                {median_ms(lambda: cached._tornado(scenario)):7.2f} ms")
    print(f"  goal seek, 3 levers, deterministic      "
          f"{median_ms(lambda: [cached._required_value(scenario, k, target) for k in levers]):7.2f} ms")
    print(f"  goal seek, 3 levers, 80% chance         "
          f"{median_ms(lambda: [cached._required_value(scenario, k, target, probability=0.8) for k in levers], runs=5):7.2f} ms")
    cached.uncertainty(scenario, ((GDP_TARGET_ID, target),))
    print(f"  cached uncertainty() hit                "
          f"{median_ms(lambda: cached.uncertainty(scenario, ((GDP_TARGET_ID, target),))) * 1000:7.2f} us")


if __name__ == "__main__":
    main()
