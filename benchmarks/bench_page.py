"""Simulator page speed beside a bare Streamlit app (3 sliders, 1 metric, 1 Altair chart), same run.

Prints:
  server: median AppTest rerun time after a slider change, app vs bare, and the ratio (goal <= 1.5x)
  browser: median time from a slider keypress to the GDP card updated in Chromium, app vs bare,
           and the ratio (goal <= 1.3x)

    python benchmarks/bench_page.py [--reruns 40] [--presses 30] [--no-browser]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE_APP = ROOT / "benchmarks" / "bare_app.py"  # 3 sliders, 1 metric, 1 Altair chart


@contextlib.contextmanager
def shared_script_cache():
    """Let AppTest keep compiled scripts between runs, as `streamlit run` does.

    AppTest builds a new ScriptCache for every run, so each of its reruns parses, rewrites
    (Streamlit "magic") and compiles app.py and the page again; a running server does that once
    per script. Without this the figure grows with the length of the page's source, a cost no
    user meets after the first run. (Private names: if they move, the benchmark says so.)
    """
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    if not all(hasattr(m, "ScriptCache") for m in (app_test, local_script_runner)):
        raise RuntimeError("this Streamlit keeps ScriptCache elsewhere; run with --no-script-cache")
    shared = ScriptCache()
    saved = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    try:
        yield
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = saved


def server_side(app_path: str, slider_key: str, values: tuple[float, float], reruns: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app_path, default_timeout=60)
    at.run()
    times = []
    for i in range(reruns):
        slider = at.slider(key=slider_key)
        slider.set_value(values[i % 2])
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
    return statistics.median(times[3:]) * 1000


def browser_side(url: str, slider_selector: str, metric_index: int, presses: int) -> float:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(url)
        page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
        time.sleep(2)
        metric = page.locator("[data-testid='stMetricValue']").nth(metric_index)
        slider = page.locator(slider_selector).first
        slider.focus()
        times = []
        for i in range(presses):
            before = metric.inner_text()
            key = "ArrowRight" if (i // 5) % 2 == 0 else "ArrowLeft"
            t0 = time.perf_counter()
            slider.press(key)
            page.wait_for_function(
                "([b, i]) => document.querySelectorAll(\"[data-testid='stMetricValue']\")[i].innerText !== b",
                arg=[before, metric_index], timeout=10_000, polling="raf",
            )
            times.append(time.perf_counter() - t0)
            time.sleep(0.3)
        browser.close()
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=40)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-script-cache", dest="script_cache", action="store_false",
                        help="skip the server figure with compiled scripts kept between runs")
    args = parser.parse_args()

    import data

    with tempfile.TemporaryDirectory() as tmp:
        bare = BARE_APP
        app = str(ROOT / "app.py")

        app_ms = server_side(app, "w_sim_s_fai_growth", (10.0, 12.0), args.reruns)
        bare_ms = server_side(str(bare), "a", (4.0, 6.0), args.reruns)
        print(f"server rerun after a slider change, AppTest as shipped (compiles the scripts on every run): "
              f"app {app_ms:.1f} ms, bare {bare_ms:.1f} ms, ratio {app_ms / bare_ms:.2f}x")
        if args.script_cache:
            with shared_script_cache():
                app_ms = server_side(app, "w_sim_s_fai_growth", (10.0, 12.0), args.reruns)
                bare_ms = server_side(str(bare), "a", (4.0, 6.0), args.reruns)
            print(f"server rerun after a slider change, scripts compiled once as under `streamlit run`: "
                  f"app {app_ms:.1f} ms, bare {bare_ms:.1f} ms, ratio {app_ms / bare_ms:.2f}x (goal <= 1.5x)")

        if args.no_browser:
            return
        from tests.e2e.conftest import free_port, start_app, stop_app

        label = data.load().params["fai_growth"].label["zh"]
        results = {}
        # the app's second card (GDP level, 2 decimals) changes with every 0.1 pp step
        for name, script, selector, metric_index in (
            ("app", "app.py", f"[data-testid='stSlider'] input[type='range'][aria-label='{label}']", 1),
            ("bare", str(bare), "[data-testid='stSlider'] input[type='range']", 0),
        ):
            port = free_port()
            proc = start_app(port, {"HUADU_DATA_DIR": tmp}, app=script)
            try:
                results[name] = browser_side(f"http://127.0.0.1:{port}/", selector, metric_index, args.presses)
            finally:
                stop_app(proc)
        print(f"browser keypress -> card updated: app {results['app']:.0f} ms, bare {results['bare']:.0f} ms, "
              f"ratio {results['app'] / results['bare']:.2f}x (goal <= 1.3x)")


if __name__ == "__main__":
    main()
