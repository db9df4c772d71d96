// node --test: the lever panel's pure helpers (huadu_components/lever_panel/panel.js): Python-compatible
// number formats (round half to even at exact ties), the preview and the cards' texts.
// The expected texts were written by Python itself (f"{x:.{d}f}" and ui/i18n.py's pct, pp,
// yi_yuan_number, count), so a difference from the server's way of writing a number fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  cardTexts, fill, fixed, format, group, layoutOf, noNegZero, preview, signed, snap, targetStatus, toShare,
} from "../../huadu_components/lever_panel/panel.js";

// [x, decimals, f"{x:.{decimals}f}"]
const PYTHON_FIXED = [
  [0.125, 2, "0.12"], [0.375, 2, "0.38"], [-0.125, 2, "-0.12"], [2.5, 0, "2"], [3.5, 0, "4"], [-2.5, 0, "-2"],
  [0.5, 0, "0"], [1.5, 0, "2"], [0.25, 1, "0.2"], [0.75, 1, "0.8"], [1.25, 1, "1.2"], [-1.25, 1, "-1.2"],
  [12.345, 2, "12.35"], [1.005, 2, "1.00"], [2.675, 2, "2.67"], [0.0625, 3, "0.062"], [123456.785, 2, "123456.79"],
  [4.45, 1, "4.5"], [10.25, 1, "10.2"], [1.0000000000000002, 0, "1"],
];

test("f-string rounding: an exact tie goes to the even neighbour, as Python writes it", () => {
  for (const [x, d, python] of PYTHON_FIXED) assert.equal(fixed(x, d), python, `${x} to ${d}`);
  // toFixed alone rounds ties away from zero: these cases are the ones the tie rule is for
  const ties = PYTHON_FIXED.filter(([x, d, python]) => x.toFixed(d) !== python);
  assert.ok(ties.length >= 8, "the table must hold ties where toFixed differs from Python");
});

// the exact decimal of q / 2^(d+1) (q odd), rounded half to even at d decimals, by integer arithmetic
function halfEven(q, d) {
  const twice = BigInt(q) * 5n ** BigInt(d); // x * 10^d = twice / 2, an odd number of halves
  let n = (twice - 1n) / 2n; // the integer just below
  if (n % 2n !== 0n) n += 1n;
  const digits = n.toString().padStart(d + 1, "0");
  return d ? `${digits.slice(0, -d)}.${digits.slice(-d)}` : digits;
}

test("every exact tie up to 3 decimals rounds to even (and toFixed would not)", () => {
  let differs = 0;
  for (let d = 0; d <= 3; d++) {
    for (let q = 1; q < 4000; q += 2) {
      const x = q / 2 ** (d + 1); // exactly a tie at d decimals
      assert.equal(fixed(x, d), halfEven(q, d), `${x} to ${d}`);
      assert.equal(fixed(-x, d), "-" + halfEven(q, d), `${-x} to ${d}`);
      if (x.toFixed(d) !== halfEven(q, d)) differs += 1;
    }
  }
  assert.ok(differs > 1000, differs);
});

test("not a tie: the double's exact value decides, as in Python", () => {
  assert.equal(fixed(0.1 + 0.2, 1), "0.3");
  assert.equal(fixed(1.005, 2), "1.00"); // 1.00499999999999989...
  assert.equal(fixed(0.045, 2), "0.04"); // 0.04499999999999999...
  assert.equal(fixed(0.055, 2), "0.06"); // 0.05500000000000000027...
  assert.equal(fixed(-0.0001, 2), "-0.00"); // as f"{-0.0001:.2f}"; format() then drops the sign where Python's round does
});

// [x, spec, lang, the server's text]
const PYTHON_FORMAT = [
  [0.03125, { fmt: "pct", decimals: 1 }, "en", "3.1%"], [0.03125, { fmt: "pct", decimals: 2, signed: true }, "en", "+3.12%"],
  [0.000125, { fmt: "pct", decimals: 1 }, "en", "0.0%"], [0.000125, { fmt: "pct", decimals: 2, signed: true }, "en", "+0.01%"],
  [-0.000125, { fmt: "pct", decimals: 1 }, "en", "0.0%"], [-0.000125, { fmt: "pct", decimals: 2, signed: true }, "en", "-0.01%"],
  [0.00125, { fmt: "pct", decimals: 1 }, "en", "0.1%"], [0.00125, { fmt: "pct", decimals: 2, signed: true }, "en", "+0.12%"],
  [-1e-07, { fmt: "pct", decimals: 1 }, "en", "0.0%"], [-1e-07, { fmt: "pct", decimals: 2, signed: true }, "en", "+0.00%"],
  [0.0325, { fmt: "pct", decimals: 1 }, "en", "3.2%"], [0.0325, { fmt: "pct", decimals: 2, signed: true }, "en", "+3.25%"],
  [0.118, { fmt: "pct", decimals: 1 }, "en", "11.8%"], [0.118, { fmt: "pct", decimals: 2, signed: true }, "en", "+11.80%"],
  [-0.2, { fmt: "pct", decimals: 1 }, "en", "-20.0%"], [-0.2, { fmt: "pct", decimals: 2, signed: true }, "en", "-20.00%"],
  [0.0005, { fmt: "pct", decimals: 1 }, "en", "0.1%"], [0.0005, { fmt: "pct", decimals: 2, signed: true }, "en", "+0.05%"],
  [0.125, { fmt: "pp" }, "en", "+0.12 pp"], [0.125, { fmt: "pp" }, "zh", "+0.12个百分点"],
  [-0.125, { fmt: "pp" }, "en", "-0.12 pp"], [-0.125, { fmt: "pp" }, "zh", "-0.12个百分点"],
  [0.005, { fmt: "pp" }, "en", "+0.01 pp"], [0.005, { fmt: "pp" }, "zh", "+0.01个百分点"],
  [-0.004, { fmt: "pp" }, "en", "+0.00 pp"], [-0.004, { fmt: "pp" }, "zh", "+0.00个百分点"],
  [1.375, { fmt: "pp" }, "en", "+1.38 pp"], [1.375, { fmt: "pp" }, "zh", "+1.38个百分点"],
  [0.0, { fmt: "pp" }, "en", "+0.00 pp"], [0.0, { fmt: "pp" }, "zh", "+0.00个百分点"],
  [1860.06, { fmt: "yi" }, "zh", "1,860.06"], [1860.06, { fmt: "yi" }, "en", "186.01"],
  [1916.125, { fmt: "yi" }, "zh", "1,916.12"], [1916.125, { fmt: "yi" }, "en", "191.61"],
  [12345678.905, { fmt: "yi" }, "zh", "12,345,678.90"], [12345678.905, { fmt: "yi" }, "en", "1,234,567.89"],
  [0.25, { fmt: "yi" }, "zh", "0.25"], [0.25, { fmt: "yi" }, "en", "0.03"],
  [-1234.565, { fmt: "yi" }, "zh", "-1,234.57"], [-1234.565, { fmt: "yi" }, "en", "-123.46"],
  [19161.25, { fmt: "yi" }, "zh", "19,161.25"], [19161.25, { fmt: "yi" }, "en", "1,916.12"],
  [11234.5, { fmt: "count" }, "en", "11,234"], [11235.5, { fmt: "count" }, "en", "11,236"], [2.5, { fmt: "count" }, "en", "2"],
  [-0.4, { fmt: "count" }, "en", "0"], [-0.5, { fmt: "count" }, "en", "0"], [1234567.49, { fmt: "count" }, "en", "1,234,567"],
  [0.0, { fmt: "count" }, "en", "0"],
  [11234.5, { fmt: "count", unit: "persons" }, "en", "11,234 persons"], [11234.5, { fmt: "count", unit: "人" }, "zh", "11,234人"],
  [2.5, { fmt: "signed_int" }, "en", "+2"], [-2.5, { fmt: "signed_int" }, "en", "-2"], [1234.5, { fmt: "signed_int" }, "en", "+1,234"],
  [-0.3, { fmt: "signed_int" }, "en", "-0"], [0.3, { fmt: "signed_int" }, "en", "+0"], [0.5, { fmt: "signed_int" }, "en", "+0"],
  [-0.0, { fmt: "signed_int" }, "en", "-0"], [0.0, { fmt: "signed_int" }, "en", "+0"],
  [-1234567.5, { fmt: "signed_int" }, "en", "-1,234,568"],
];
const PP_SUFFIX = { en: " pp", zh: "个百分点" }; // ui.lever_panel.panel_data's pp_suffix

test("each card format writes a number as ui/i18n.py does", () => {
  for (const [x, spec, lang, python] of PYTHON_FORMAT) {
    assert.equal(format(x, spec, { lang, ppSuffix: PP_SUFFIX[lang] }), python, `${x} ${JSON.stringify(spec)} ${lang}`);
  }
  for (const x of [NaN, Infinity, -Infinity]) assert.equal(format(x, { fmt: "pct" }, { lang: "en" }), "–");
});

test("separators, signs and no negative zero", () => {
  assert.equal(group("1234567.891"), "1,234,567.891");
  assert.equal(group("-1234"), "-1,234");
  assert.equal(group("999"), "999");
  assert.equal(group("0.12345"), "0.12345");
  assert.equal(noNegZero("-0.0"), "0.0");
  assert.equal(noNegZero("-0"), "0");
  assert.equal(noNegZero("-0.01"), "-0.01");
  assert.equal(signed("1.2"), "+1.2");
  assert.equal(signed("-1.2"), "-1.2");
  assert.equal(fill("{status} · gap {gap} · {other}", { status: "met", gap: "+0.10 pp" }), "met · gap +0.10 pp · {other}");
});

const LEVER = { id: "fai_growth", scale: 100, min: -20, max: 30, value: 11.8 };

test("a shown lever value becomes the share Python stores (ui.state.from_display)", () => {
  assert.equal(toShare(LEVER, 12.3), 0.123); // 12.3 / 100 is 0.12300000000000001 before rounding to 1e-9
  assert.equal(toShare(LEVER, 0.1 + 0.2), 0.003);
  assert.equal(toShare(LEVER, 99), 0.3); // clamped to the range
  assert.equal(toShare(LEVER, -99), -0.2);
  assert.equal(snap(0.1 + 0.2), 0.3);
  assert.ok(Number.isNaN(snap(NaN)));
});

// a response at fai_growth = 0.118, retail_growth = 0.05: two outputs, one not affine in retail
function panelAt(values) {
  const levers = [LEVER, { id: "retail_growth", scale: 100, min: -10, max: 20, value: 5 }];
  const response = {
    point: { fai_growth: 0.118, retail_growth: 0.05 },
    values: { gdp: 1900, jobs: 12000 },
    slopes: { gdp: { fai_growth: 100, retail_growth: 300 }, jobs: { fai_growth: 1000, retail_growth: 2000 } },
    affine: { gdp: true, jobs: false },
    affine_along: { gdp: { fai_growth: true, retail_growth: true }, jobs: { fai_growth: true, retail_growth: false } },
  };
  return { data: { levers, response }, values: { fai_growth: 11.8, retail_growth: 5, ...values } };
}

test("the preview: the server's values where nothing moved, the plane elsewhere, exact where the model is", () => {
  const still = preview(panelAt({}));
  assert.deepEqual(still.moved, []);
  assert.equal(still.output("gdp"), 1900);
  assert.equal(still.exact("jobs"), true);

  const one = preview(panelAt({ fai_growth: 12.8 }));
  assert.deepEqual(one.moved, ["fai_growth"]);
  assert.equal(one.output("gdp"), 1901); // 1900 + 100 * 0.01, snapped to 15 digits
  assert.equal(one.exact("jobs"), true); // affine along fai_growth

  const retail = preview(panelAt({ retail_growth: 6 }));
  assert.equal(retail.exact("gdp"), true);
  assert.equal(retail.exact("jobs"), false); // bends along retail_growth

  const both = preview(panelAt({ fai_growth: 12.8, retail_growth: 6 }));
  assert.equal(both.output("jobs"), 12030); // 12000 + 1000 * 0.01 + 2000 * 0.01
  assert.equal(both.exact("gdp"), true);
  assert.equal(both.exact("jobs"), false); // not affine over the box
});

const TEXT = {
  status_met: "met", status_not_met: "not met", status_about_met: "about met",
  status_input_met: "setting meets it", status_input_not_met: "setting misses it",
};

test("status words as ui/views.target_status gives them", () => {
  const plain = { band: 0, input: false }, about = { band: 0.002, input: false }, input = { band: 0, input: true };
  assert.equal(targetStatus(0, plain, TEXT), "met");
  assert.equal(targetStatus(-1e-13, plain, TEXT), "met"); // float noise is not a miss
  assert.equal(targetStatus(-0.001, plain, TEXT), "not met");
  assert.equal(targetStatus(-0.001, about, TEXT), "about met"); // within the band of a target written 左右
  assert.equal(targetStatus(-0.002, about, TEXT), "about met");
  assert.equal(targetStatus(-0.0021, about, TEXT), "not met");
  assert.equal(targetStatus(0.01, input, TEXT), "setting meets it");
  assert.equal(targetStatus(-0.01, input, TEXT), "setting misses it");
});

test("a card's texts from the preview, its caption filled with status and gap", () => {
  const card = {
    value_spec: { out: "gdp_growth", fmt: "pct" },
    delta_spec: { out: "gdp_growth", fmt: "pp", times: 100, minus: 0.03, suffix: "vs 2024" },
    target: { out: "gdp_growth", value: 0.05, unit: "growth", band: 0.002, input: false,
              template: "{status} · target ≥ 5.0% · gap {gap}" },
  };
  const p = { output: () => 0.049, exact: () => true };
  const texts = cardTexts(card, p, { lang: "en", text: TEXT, ppSuffix: " pp" });
  assert.deepEqual(texts, { value: "4.9%", delta: "+1.90 pp vs 2024", caption: "about met · target ≥ 5.0% · gap -0.10 pp", exact: true });
  const level = { value_spec: { out: "jobs", fmt: "count", unit: "persons" }, delta_spec: { out: "jobs", fmt: "signed_int", minus: 12000.5, suffix: "vs 2024" },
                  target: { out: "jobs", value: 12000, unit: "persons", band: 0, input: false, template: "{status} ({gap})" } };
  const jobs = cardTexts(level, { output: () => 11999.5, exact: (name) => name !== "jobs" }, { lang: "en", text: TEXT, ppSuffix: " pp" });
  assert.deepEqual(jobs, { value: "12,000 persons", delta: "-1 vs 2024", caption: "not met (-0)", exact: false });
});

test("the layout key changes with the levers and cards, not with their values", () => {
  const data = {
    lang: "en", levers: [{ id: "a", min: 0, max: 1, step: 0.1, label: "A", value: 0.5, caption: "x" }],
    cards: [{ key: "c", label: "C", value: "1", delta: "2" }],
  };
  const moved = { ...data, levers: [{ ...data.levers[0], value: 0.7, caption: "y" }], cards: [{ ...data.cards[0], value: "3" }] };
  assert.equal(layoutOf(moved), layoutOf(data));
  assert.notEqual(layoutOf({ ...data, lang: "zh" }), layoutOf(data));
  assert.notEqual(layoutOf({ ...data, levers: [{ ...data.levers[0], max: 2 }] }), layoutOf(data));
});

test("the panel sets no globals: what tests read is on its element (data-seq, data-sent)", () => {
  const source = readFileSync(new URL("../../huadu_components/lever_panel/panel.js", import.meta.url), "utf8")
    .replace(/\/\/.*$/gm, ""); // comments may name them
  assert.doesNotMatch(source, /\b(window|globalThis|self)\b/);
  assert.match(source, /dataset\.seq\s*=/);
  assert.match(source, /dataset\.sent\s*=/);
});
