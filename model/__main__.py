"""Command line: `python -m model --fai-growth 0.08 ...` or `--scenario file.json` prints the result as JSON.

Bad input (unknown lever, not a number, outside the valid range, unreadable file) exits with
status 2 and one line naming the lever and its range; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path

import data
from model import FIELDS, parse_scenario, simulate

MAX_SCENARIO_BYTES = 1_000_000


def _parser(params: Mapping[str, data.Param]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m model", description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", metavar="FILE", help="a scenario JSON file ({lever: value} or {'values': {...}})")
    for name in FIELDS:
        p = params[name]
        parser.add_argument(
            "--" + name.replace("_", "-"), dest=name, metavar="X",
            help=f"{p.label['en']} [{p.min:g}, {p.max:g}], default {p.value:g}",
        )
    return parser


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


def _read_scenario_file(path: str) -> dict:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror}")
    if len(raw) > MAX_SCENARIO_BYTES:
        _fail(f"{path} is larger than 1 MB")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        _fail(f"{path} is not JSON ({exc})")
    if isinstance(doc, dict) and isinstance(doc.get("values"), dict):
        doc = doc["values"]
    if not isinstance(doc, dict):
        _fail(f"{path} must hold an object of lever: value")
    return doc


def main(argv: list[str] | None = None) -> int:
    dataset = data.load()
    args = _parser(dataset.params).parse_args(argv)
    values = _read_scenario_file(args.scenario) if args.scenario else {}
    values.update({k: v for k, v in vars(args).items() if k in FIELDS and v is not None})
    scenario, problems = parse_scenario(values)
    if problems:
        p = problems[0]
        if p.reason == "unknown":
            _fail(f"unknown lever '{p.key}'")
        param = dataset.params[p.key]
        _fail(f"{p.key} must be a number in [{param.min:g}, {param.max:g}]; got '{p.value}'")
    # every output of data/outputs.toml, in its order, then the decomposition and the targets
    print(json.dumps({"version": dataset.version, "scenario": scenario.to_dict(),
                      "result": simulate(scenario).summary(dataset.outputs)}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
