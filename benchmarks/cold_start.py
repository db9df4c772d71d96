"""Cold start: from `streamlit run` process start to the first complete render in Chromium, app vs a bare app.

    python benchmarks/cold_start.py            # 3 repeats, medians
    python benchmarks/cold_start.py --repeats 5

"Complete" means: a metric card and a chart are on the page and Streamlit's running indicator
(stStatusWidget) is gone. The bare app (3 sliders, 1 metric, 1 Altair chart) is written to a
temporary folder and measured the same way, interleaved with the app in each repeat, so both
see the same machine. Each measurement starts a new server process and a new browser context;
the browser itself is launched once beforehand (its start-up is not part of either figure).
Split: "server up" is process start to /_stcore/health answering; "first render" the rest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

READY = """() => document.querySelector('[data-testid="stMetric"]')
    && document.querySelector('[data-testid="stVegaLiteChart"] svg, [data-testid="stArrowVegaLiteChart"] svg, .oc-chart svg')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""

BARE_APP = textwrap.dedent('''
    """A bare Streamlit app: 3 sliders, 1 metric, 1 Altair chart (the yardstick for cold start)."""
    import altair as alt
    import numpy as np
    import pandas as pd
    import streamlit as st

    a = st.slider("a", 0.0, 10.0, 5.0)
    b = st.slider("b", 0.0, 10.0, 3.0)
    c = st.slider("c", 0.0, 10.0, 1.0)
    st.metric("total", f"{a + b + c:.1f}", f"{a - b:+.1f}")
    years = np.arange(2015, 2026)
    frame = pd.DataFrame({"year": years, "value": a * np.exp(0.05 * (years - 2015)) + b})
    st.altair_chart(alt.Chart(frame).mark_line(point=True).encode(x="year:O", y="value:Q"), width="stretch")
''')


def _command(script: Path, port: int) -> list[str]:
    # The same command line as tests/e2e/conftest.start_app, which waits on the health check itself.
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]


def measure(browser, script: Path, env_extra: dict[str, str], timeout_s: float = 120.0) -> tuple[float, float]:
    """(seconds to health check, seconds to complete first render), both from process start."""
    port = free_port()
    env = os.environ | {"PYTHONUNBUFFERED": "1"} | env_extra
    started = time.perf_counter()
    proc = subprocess.Popen(_command(script, port), cwd=script.parent, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = started + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.perf_counter() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"{script} did not start") from None
                time.sleep(0.02)
        server_up = time.perf_counter() - started
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/", timeout=timeout_s * 1000)
        page.wait_for_function(READY, timeout=timeout_s * 1000, polling=20)
        rendered = time.perf_counter() - started
        if page.locator("[data-testid='stException']").count():
            raise RuntimeError(f"{script} rendered an exception")
        context.close()
        return server_up, rendered
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="huadu-cold-"))
    bare = folder / "bare_app.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    app_env = {"HUADU_DATA_DIR": str(folder), "HUADU_DATABASE_URL": f"sqlite:///{folder}/cold.sqlite3"}
    runs: dict[str, list[tuple[float, float]]] = {"app": [], "bare": []}
    print(f"Cold start, {args.repeats} repeats on {os.cpu_count()} cores "
          f"(1-min load average {os.getloadavg()[0]:.1f} at start)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i in range(args.repeats):
            for name, script, env in (("app", ROOT / "app.py", app_env), ("bare", bare, {})):
                up, done = measure(browser, script, env)
                runs[name].append((up, done))
                print(f"  repeat {i + 1} {name:>4}: server up {up:.2f} s, complete first render {done:.2f} s",
                      flush=True)
        browser.close()
    med = {name: (statistics.median(u for u, _ in r), statistics.median(d for _, d in r)) for name, r in runs.items()}
    print(f"\nMedians of {args.repeats}:")
    for name in ("app", "bare"):
        up, done = med[name]
        print(f"  {name:>4}: {done:.2f} s to a complete first render (server up {up:.2f} s, "
              f"first render {done - up:.2f} s after that)")
    print(f"  ratio app/bare: {med['app'][1] / med['bare'][1]:.2f}x "
          f"(server up {med['app'][0] / med['bare'][0]:.2f}x, "
          f"render after up {(med['app'][1] - med['app'][0]) / (med['bare'][1] - med['bare'][0]):.2f}x)")
    print(f"  (1-min load average {os.getloadavg()[0]:.1f} at the end; other work on the machine shows here)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
