// node --test: the device keeper's pure helpers (huadu_components/device_keys/device.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanHeld, merge, queryDropped, sameHeld } from "../../huadu_components/device_keys/device.js";

const TOKEN = "abcdEFGH1234_-xy";

test("only well-formed tokens and codes are kept", () => {
  const held = cleanHeld({ authors: [TOKEN, "short", 5, "<script>", TOKEN], facilitator: { "AB-CD": TOKEN, "bad code": TOKEN, "EF": 3 } });
  assert.deepEqual(held, { authors: [TOKEN], facilitator: { "AB-CD": TOKEN } });
  assert.deepEqual(cleanHeld("junk"), { authors: [], facilitator: {} });
  assert.deepEqual(cleanHeld(null), { authors: [], facilitator: {} });
});

test("a merge is the union: rights the browser had are never dropped", () => {
  const other = "zyxwVUTS9876_-ab";
  const held = merge({ authors: [TOKEN], facilitator: { A: TOKEN } }, { authors: [other], facilitator: { B: other } });
  assert.deepEqual(held.authors, [TOKEN, other]);
  assert.deepEqual(held.facilitator, { A: TOKEN, B: other });
});

test("the browser keeps at most 16 group tokens, the newest", () => {
  const many = Array.from({ length: 20 }, (_, i) => `token-number-${String(i).padStart(2, "0")}`);
  const held = cleanHeld({ authors: many });
  assert.equal(held.authors.length, 16);
  assert.equal(held.authors.at(-1), many.at(-1));
});

test("a query over Streamlit's limits is reported as dropped", () => {
  const fields = Array.from({ length: 1001 }, (_, i) => `p${i}=1`).join("&");
  assert.equal(queryDropped("?" + fields, 1000, 524288), true);
  assert.equal(queryDropped("?lang=en&ws=ABCD", 1000, 524288), false);
  assert.equal(queryDropped("", 1000, 524288), false);
  assert.equal(queryDropped("?" + "x".repeat(600000), 1000, 524288), true);
});

test("rights are the same whatever their order (no report, so no rerun, when the server knows them all)", () => {
  const other = "zyxwVUTS9876_-ab";
  assert.equal(sameHeld({ authors: [TOKEN, other], facilitator: { A: TOKEN } }, { authors: [other, TOKEN], facilitator: { A: TOKEN } }), true);
  assert.equal(sameHeld({ authors: [TOKEN], facilitator: {} }, { authors: [], facilitator: {} }), false);
  assert.equal(sameHeld({ authors: [], facilitator: { A: TOKEN } }, { authors: [], facilitator: { A: other } }), false);
});
