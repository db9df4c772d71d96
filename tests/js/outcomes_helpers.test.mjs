// node --test: the outcomes component's pure helpers (huadu_components/outcomes/outcomes.js): the rows each
// chart's Vega view gets (the constant rows with the live figures put in, rounded as ui.shared.charts rounds
// them for the brief), the texts that follow them, and the key that decides when the block is rebuilt
// rather than updated. (That the rows and the spec are the brief's: tests/test_app_simulator.py.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { layoutOf, liveBars, liveLine } from "../../huadu_components/outcomes/outcomes.js";

const h = {
  fixed: (v, d) => v.toFixed(d),
  format: (v, spec) => `${spec.fmt}:${v}`,
  fill: (text, holes) => text.replace(/\{(\w+)\}/g, (m, k) => holes[k] ?? m),
};

function gdpChart() {
  return {
    id: "gdp", title: "GDP", vega: { marks: [] }, summary: "in 2025 {scenario} ({change})",
    rows: [{ year: 2024, key: "history", gdp: 1860.06 }, { year: 2024, key: "scenario", gdp: 1860.06 },
           { year: 2025, key: "scenario", gdp: null }],
    live: { row: 2, output: "gdp", from: 1860.06, table_row: 1 },
    table: { caption: "GDP", columns: ["Year", "Series", "GDP"], rows: [["2024", "Actual", "1,860.06"], ["2025", "Scenario", "{v}"]] },
  };
}

test("the GDP path: the scenario's 2025 row gets the output, rounded to 0.01 as gdp_path_rows rounds it", () => {
  const chart = gdpChart();
  const live = liveLine(chart, () => 1916.4049, h);
  assert.deepEqual(live.rows.map((r) => r.gdp), [1860.06, 1860.06, 1916.4]);
  assert.equal(live.table.rows[1][2], "yi_text:1916.4");
  assert.equal(live.summary, `in 2025 yi_text:1916.4 (pct:${1916.4 / 1860.06 - 1})`);
  // fresh objects each draw (Vega marks what it is given), the constant part untouched
  assert.ok(live.rows.every((r, i) => r !== chart.rows[i]));
  assert.equal(chart.rows[2].gdp, null);
  assert.equal(chart.table.rows[1][2], "{v}");
});

test("the demand pulls: each live row gets its output, rounded to 0.001 as contribution_rows rounds it", () => {
  const chart = {
    id: "contrib", summary: "C {p0}, I {p1}", vega: {},
    rows: [{ period: "2024", pp: 1.2 }, { period: "2024", pp: 0.5 }, { period: "2025", pp: null }, { period: "2025", pp: null }],
    live: { rows: [2, 3], outputs: ["c", "i"], column: 2 },
    table: { caption: "", columns: ["Component", "2024", "2025"], rows: [["C", "+1.20", "{v}"], ["I", "+0.50", "{v}"]] },
  };
  const outputs = { c: 1.23456, i: -0.0004 };
  const live = liveBars(chart, (name) => outputs[name], h);
  assert.deepEqual(live.rows.map((r) => r.pp), [1.2, 0.5, 1.235, -0]);
  assert.deepEqual(live.table.rows, [["C", "+1.20", "pp:1.235"], ["I", "+0.50", "pp:0"]]);
  assert.equal(live.summary, "C pp:1.235, I pp:0");
  assert.equal(chart.rows[2].pp, null);
});

function outcomes() {
  const chart = gdpChart();
  return {
    lang: "en", seq: 3, charts: [chart],
    scorecard: { title: "Targets", notes: ["n"], caption: "Targets", columns: ["Target", "Value"], rows: [["GDP growth", "5.0%"]] },
  };
}

test("a commit's new figures keep the layout; language, spec, row labels or notes change it", () => {
  const data = outcomes();
  const commit = structuredClone(data);
  commit.seq = 4;
  commit.charts[0].rows[2].gdp = 1950;
  commit.charts[0].table.rows[1][2] = "1,950.00";
  commit.scorecard.rows[0][1] = "5.5%";
  assert.equal(layoutOf(commit), layoutOf(data));
  for (const change of [
    (d) => { d.lang = "zh"; },
    (d) => { d.charts[0].vega.marks.push({ type: "rule" }); },
    (d) => { d.charts[0].title = "Plan"; },
    (d) => { d.scorecard.rows[0][0] = "Jobs"; },
    (d) => { d.scorecard.notes = []; },
  ]) {
    const other = structuredClone(data);
    change(other);
    assert.notEqual(layoutOf(other), layoutOf(data), change.toString());
  }
});

test("the outcomes set no globals (they read the one the vendored Vega defines): tests read their element", () => {
  const source = readFileSync(new URL("../../huadu_components/outcomes/outcomes.js", import.meta.url), "utf8")
    .replace(/\/\/.*$/gm, ""); // comments may name them
  assert.doesNotMatch(source.replace("globalThis.vega;", ""), /\b(window|globalThis|self)\b/);
  assert.match(source, /dataset\.seq\s*=/);
  assert.match(source, /dataset\.draws\s*=/);
});
