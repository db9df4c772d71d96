// node --test: the device keeper's pure helpers (huadu_components/device_keys/device.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanHeld, merge, queryDropped, sameHeld } from "../../huadu_components/device_keys/device.js";

const TOKEN = "abcdEFGH1234_-xy";

test("only well-formed tokens and codes are kept", () => {
  const held = cleanHeld({ authors: [TOKEN, "short", 5, "<script>", TOKEN], facilitator: { "AB-CD": TOKEN, "bad code": TOKEN, "EF": 3 } });
  assert.deepEqual(held, { authors: [TOKEN], facilitator: { "AB-CD": TOKEN }, groups: {} });
  assert.deepEqual(cleanHeld("junk"), { authors: [], facilitator: {}, groups: {} });
  assert.deepEqual(cleanHeld(null), { authors: [], facilitator: {}, groups: {} });
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

test("a group's name is kept per workshop, only as plain text within the store's limit", () => {
  const held = cleanHeld({ groups: { "AB-CD": "第一组", "bad code": "x", EF: "a\u0000b", GH: "x".repeat(81), IJ: "  ", KL: 5,
    MN: "<b>Team</b> 🚀" } });
  assert.deepEqual(held.groups, { "AB-CD": "第一组", MN: "<b>Team</b> 🚀" });
});

test("the session's group name wins, and an empty one is forgotten (the next group is asked again)", () => {
  const held = { authors: [], facilitator: {}, groups: { A: "Team Red", B: "Team Blue" } };
  assert.deepEqual(merge(held, { groups: { A: "Team Green" } }).groups, { A: "Team Green", B: "Team Blue" });
  assert.deepEqual(merge(held, { groups: { A: "" } }).groups, { B: "Team Blue" });
  assert.deepEqual(merge({ authors: [], facilitator: {} }, { groups: { A: "Red" } }).groups, { A: "Red" });  // an old slot
  assert.equal(sameHeld(merge(held, { groups: { A: "" } }), cleanHeld({ groups: { B: "Team Blue" } })), true);
  assert.equal(sameHeld(held, cleanHeld({ groups: { A: "Team Red" } })), false);
});
