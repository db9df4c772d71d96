// node --test: the lever panel's wire (huadu_components/lever_panel/panel.js; ui/simulator/wire.py sends it) and
// the outcomes' figures filled from the panel's outputs (huadu_components/outcomes/outcomes.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import panelMount, { assemble, decode, fill, fixed, format, remember, targetStatus } from "../../huadu_components/lever_panel/panel.js";
import { liveBars, liveLine, liveScorecard } from "../../huadu_components/outcomes/outcomes.js";

const CONST = {
  lang: "en", outputs: ["gdp", "jobs"], slopes: { gdp: { a: 2 }, jobs: { a: 0 } }, affine: { gdp: true, jobs: true },
  affine_along: { gdp: { a: true }, jobs: { a: true } },
  levers: [{ id: "a", label: "A", past: "2016-2024: 1% to 9%", past_out: "outside 2016-2024: 1% to 9%", scale: 100 }],
};

test("bytes of UTF-8 JSON decode; a constant part is kept by hash and found again without being sent", () => {
  const store = new Map();
  const first = decode(new TextEncoder().encode(JSON.stringify({ h: "x1", c: CONST, v: [0] })));
  assert.deepEqual(remember(store, first), CONST);
  assert.equal(remember(store, decode('{"h":"x1","v":[1]}')), store.get("x1")); // a move: the hash alone
  assert.equal(remember(store, decode('{"h":"x2","v":[1]}')), undefined); // never sent here: the mount asks
  for (let i = 0; i < 10; i++) remember(store, { h: `k${i}`, c: { i } });
  assert.ok(store.size <= 4); // a few kept, the oldest go
});

test("the live part fills the levers and the response by name", () => {
  const data = assemble(CONST, [3, [12.5], [0.125], [1], [0.031, 13000], ["total", "shapley", []]]);
  assert.equal(data.seq, 3);
  assert.deepEqual(data.levers[0].value, 12.5);
  assert.equal(data.levers[0].past, CONST.levers[0].past_out);
  assert.equal(data.levers[0].past_outside, true);
  assert.deepEqual(data.response.point, { a: 0.125 });
  assert.deepEqual(data.response.values, { gdp: 0.031, jobs: 13000 });
  assert.equal(data.response.slopes, CONST.slopes);
  assert.deepEqual(data.explain, ["total", "shapley", []]);
});

test("a mount without the constant part asks for it through its trigger and draws nothing yet", () => {
  const asked = [];
  const component = { data: new TextEncoder().encode('{"h":"never","v":[0]}'), parentElement: null,
                      setStateValue: () => {}, setTriggerValue: (name, value) => asked.push([name, value]) };
  assert.equal(panelMount(component), undefined);
  assert.deepEqual(asked, [["need", "never"]]);
});

const ctx = { lang: "en", ppSuffix: " pp", text: { status_met: "met", status_not_met: "not met", status_about_met: "about",
                                                   status_input_met: "set: met", status_input_not_met: "set: not met" } };
const helpers = { ctx, format: (x, spec) => format(x, spec, ctx), fill, fixed, targetStatus };

test("the GDP path's 2025 row, its table cell and the sentence come from the output", () => {
  const chart = {
    live: { row: 1, output: "gdp", from: 1860.06, table_row: 1 },
    rows: [{ year: 2024, key: "scenario", gdp: 1860.06 }, { year: 2025, key: "scenario", gdp: null }],
    table: { columns: ["year", "series", "gdp"], rows: [["2024", "R", "186.01 bn yuan"], ["2025", "S", "{v}"]] },
    summary: "2025 {scenario} ({change})",
  };
  const drawn = liveLine(chart, () => 1898.3227586721434, helpers);
  assert.equal(drawn.rows[1].gdp, 1898.32); // gdp_path_rows: round(value, 2); Vega's spec scales it for the axis
  assert.deepEqual(drawn.table.rows[1], ["2025", "S", "189.83 bn yuan"]);
  assert.equal(drawn.summary, "2025 189.83 bn yuan (+2.1%)");
  assert.equal(chart.rows[1].gdp, null); // the constant part stays as it came
});

test("the 2025 pulls: rows, cells and the sentence's holes", () => {
  const chart = {
    live: { rows: [2, 3], outputs: ["c.a", "c.b"], column: 2 },
    rows: [{ period: "2024", component: "A", pp: 1 }, { period: "2024", component: "B", pp: 2 },
           { period: "2025", component: "A", pp: null }, { period: "2025", component: "B", pp: null }],
    table: { columns: ["component", "2024", "2025"], rows: [["A", "+1.00 pp", "{v}"], ["B", "+2.00 pp", "{v}"]] },
    summary: "A: {p0}; B: {p1}",
  };
  const out = { "c.a": 2.7734999, "c.b": -0.0004 };
  const drawn = liveBars(chart, (n) => out[n], helpers);
  assert.deepEqual(drawn.rows.map((r) => r.pp), [1, 2, 2.773, -0]);
  assert.deepEqual(drawn.table.rows, [["A", "+1.00 pp", "+2.77 pp"], ["B", "+2.00 pp", "+0.00 pp"]]);
  assert.equal(drawn.summary, "A: +2.77 pp; B: +0.00 pp");
});

test("a projected target's cells: the figure, the gap and the status words; a plan item as it came", () => {
  const card = {
    live_columns: [2, 3, 4],
    rows: [["GDP", "≥ 5.0%", "", "", "", "city"], ["Schools", "≥ 3", "—", "—", "plan item", "district"]],
    live: [{ out: "gdp", value: 0.05, band: 0.005, input: false, projected: { fmt: "pct", signed: true },
             gap: { fmt: "pp", times: 100 } }, null],
  };
  const at = (v) => liveScorecard(card, () => v, helpers).rows;
  assert.deepEqual(at(0.031)[0], ["GDP", "≥ 5.0%", "+3.1%", "-1.90 pp", "not met", "city"]);
  assert.deepEqual(at(0.0470)[0].slice(2, 5), ["+4.7%", "-0.30 pp", "about"]);
  assert.deepEqual(at(0.05)[0].slice(2, 5), ["+5.0%", "+0.00 pp", "met"]);
  assert.deepEqual(at(0.05)[1], card.rows[1]);
  const preview = liveScorecard(card, () => 0.031, helpers, () => false).rows[0][2];
  assert.equal(preview, "≈ +3.1%"); // a preview the model need not match is marked
});
