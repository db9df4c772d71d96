// node --test: the outcomes component's pure helpers (huadu_components/outcomes/outcomes.js): the value
// axis (round steps, tick texts), category labels wrapped to their band, the line path and the key
// that decides when the block is rebuilt rather than updated.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { layoutOf, linePath, niceTicks, tickText, wrap, yTicks } from "../../huadu_components/outcomes/outcomes.js";

const close = (a, b) => Math.abs(a - b) < 1e-9;

test("round steps of 1, 2 or 5 x 10^k covering the range", () => {
  assert.deepEqual(niceTicks(0, 10, 5), { ticks: [0, 2, 4, 6, 8, 10], decimals: 0 });
  assert.deepEqual(niceTicks(1800, 2000, 5), { ticks: [1800, 1850, 1900, 1950, 2000], decimals: 0 });
  const small = niceTicks(-0.7, 1.3, 5);
  assert.equal(small.decimals, 1);
  assert.ok(small.ticks.every((v, i) => close(v, [-1, -0.5, 0, 0.5, 1, 1.5][i])), small.ticks);
  const flat = niceTicks(5, 5, 5); // one value: a band around it
  assert.ok(flat.ticks[0] <= 4 && flat.ticks.at(-1) >= 6, flat.ticks);
  const tiny = niceTicks(0.0012, 0.0031, 5);
  assert.equal(tiny.decimals, 4); // a step of 0.0005
});

test("at any range the ticks cover it in 3 to 12 round steps", () => {
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (let i = 0; i < 2000; i++) {
    const scale = 10 ** Math.floor(random() * 10 - 4);
    const lo = (random() - 0.5) * 100 * scale, hi = lo + random() * 50 * scale + 1e-6 * scale;
    const { ticks, decimals } = niceTicks(lo, hi, 5);
    const step = ticks[1] - ticks[0];
    const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
    assert.ok([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6), `${lo} ${hi}: step ${step}`);
    assert.ok(ticks[0] <= lo + 1e-9 * scale && ticks.at(-1) >= hi - 1e-9 * scale, `${lo} ${hi}: ${ticks}`);
    assert.ok(ticks.length >= 3 && ticks.length <= 12, `${lo} ${hi}: ${ticks.length} ticks`);
    // the decimals show the step: neighbouring tick texts differ
    const texts = ticks.map((v) => tickText(v, decimals));
    assert.equal(new Set(texts).size, texts.length, texts.join(" "));
  }
});

test("tick texts: separators, a true minus sign, no float noise, no negative zero", () => {
  assert.equal(tickText(1860, 0), "1,860");
  assert.equal(tickText(1234567.5, 1), "1,234,567.5");
  assert.equal(tickText(-1234.5, 1), "−1,234.5"); // U+2212, as charts write it
  assert.equal(tickText(-0.5, 2), "−0.50");
  assert.equal(tickText(3 * 0.1, 1), "0.3"); // 0.30000000000000004
  assert.equal(tickText(-1e-13, 1), "0.0"); // zero computed as i * step
  assert.equal(tickText(0, 0), "0");
});

test("category labels wrap at spaces and slashes, Chinese between characters", () => {
  assert.deepEqual(wrap("Consumption", 200), ["Consumption"]);
  assert.deepEqual(wrap("Net exports of goods", 60), ["Net", "exports", "of goods"]);
  assert.deepEqual(wrap("Goods/services net", 50), ["Goods/", "services", "net"]);
  assert.deepEqual(wrap("Investment", 20), ["Investment"]); // one word longer than the band stays whole
  assert.deepEqual(wrap("最终消费支出", 30), ["最终", "消费", "支出"]); // 11 px a character
  assert.deepEqual(wrap("最终消费支出", 80), ["最终消费支出"]);
  assert.deepEqual(wrap("资本 形成", 30), ["资本", "形成"]); // spaces in Chinese: break there only
});

test("a closing bracket or stop never starts a line", () => {
  assert.deepEqual(wrap("投资）", 11), ["投", "资）"]);
  assert.deepEqual(wrap("净出口，货物", 22), ["净出", "口，", "货物"]);
  assert.deepEqual(wrap("Exports (net)", 40), ["Exports", "(net)"]); // an opening bracket may
  for (const label of ["货物和服务净流出（含进口）", "最终消费支出（居民、政府）。"]) {
    for (const width of [11, 22, 33, 50]) {
      for (const line of wrap(label, width)) assert.doesNotMatch(line, /^[）)，。、]/, `${label} at ${width}`);
    }
  }
});

test("a wrapped Chinese label keeps every character, in order, each line within its band", () => {
  const label = "固定资产投资对地区生产总值增长的拉动";
  for (const width of [11, 20, 33, 45, 100, 300]) {
    const lines = wrap(label, width);
    assert.equal(lines.join(""), label);
    for (const line of lines) assert.ok([...line].length * 11 <= Math.max(width, 11), `${line} at ${width}`);
  }
});

const line = (ys, zero) => ({ zero, series: [{ points: ys.map((y, i) => ({ x: String(2020 + i), y })) }] });

test("the value axis: bars include zero, lines get a margin, missing figures are left out", () => {
  const bars = yTicks(line([1, 3, NaN], true));
  assert.equal(bars.ticks[0], 0);
  assert.ok(bars.ticks.at(-1) >= 3);
  const path = yTicks(line([1800, 1860.06, 1916.4], false));
  assert.ok(path.ticks[0] < 1800 && path.ticks.at(-1) > 1916.4, path.ticks);
  assert.ok(path.ticks[0] > 0); // a line's axis need not start at zero
  const empty = yTicks(line([NaN], false));
  assert.ok(empty.ticks.length >= 2 && empty.ticks.every(Number.isFinite));
});

test("a line's path joins its points in order, to one decimal", () => {
  const xAt = { 2024: 10, 2025: 20.26 };
  const y = (v) => 100 - 10 * v;
  assert.equal(linePath([{ x: "2024", y: 1 }, { x: "2025", y: 2.345 }], xAt, y), "M10.0,90.0L20.3,76.5");
  assert.equal(linePath([], xAt, y), "");
});

function outcomes() {
  const table = { caption: "GDP", columns: ["Year", "GDP"], rows: [["2024", "1,860.06"], ["2025", "1,916.40"]] };
  return {
    lang: "en", seq: 3,
    charts: [{ id: "gdp", kind: "line", title: "GDP", categories: ["2024", "2025"], note: null,
               series: [{ key: "scenario", name: "Scenario", colour: "#c00", points: [{ x: "2024", y: 186.006 }] }], table }],
    scorecard: { title: "Targets", notes: ["n"], caption: "Targets", columns: ["Target", "Value"], rows: [["GDP growth", "5.0%"]] },
  };
}

test("a commit's new figures keep the layout; language, categories, series or row labels change it", () => {
  const data = outcomes();
  const commit = structuredClone(data);
  commit.seq = 4;
  commit.charts[0].series[0].points[0].y = 190;
  commit.charts[0].table.rows[1][1] = "1,950.00";
  commit.scorecard.rows[0][1] = "5.5%";
  assert.equal(layoutOf(commit), layoutOf(data));
  for (const change of [
    (d) => { d.lang = "zh"; },
    (d) => { d.charts[0].categories.push("2026"); },
    (d) => { d.charts[0].series[0].name = "Plan"; },
    (d) => { d.scorecard.rows[0][0] = "Jobs"; },
    (d) => { d.scorecard.notes = []; },
  ]) {
    const other = structuredClone(data);
    change(other);
    assert.notEqual(layoutOf(other), layoutOf(data), change.toString());
  }
});

test("the outcomes set no globals: what tests read is on their element (data-seq, data-draws)", () => {
  const source = readFileSync(new URL("../../huadu_components/outcomes/outcomes.js", import.meta.url), "utf8")
    .replace(/\/\/.*$/gm, ""); // comments may name them
  assert.doesNotMatch(source, /\b(window|globalThis|self)\b/);
  assert.match(source, /dataset\.seq\s*=/);
  assert.match(source, /dataset\.draws\s*=/);
});
