// The mock providers' own rate check, which every violation count in the
// end-to-end tests and the benchmark rests on: requests counted out of order
// (a big body read after a small one behind it) are judged by when they
// arrived, and a real burst is still caught.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ArrivalWindow } from "../mock/server.mjs";

test("arrivals counted out of order break no limit that the arrival times keep", () => {
  // 2 a window of 950 ms, arrivals 500 ms apart: never 3 within a window.
  const window = new ArrivalWindow(2, 950);
  assert.equal(window.add(1, 0), false);
  // The request that arrived at 500 is counted after the one of 1,000.
  assert.equal(window.add(1, 1000), false);
  assert.equal(window.add(1, 500), false);
  // At 1,460 the window (510, 1,460] holds 1,000 and 1,460: two, within the
  // limit. Kept in counting order, 500 sat behind 1,000, outlived its window
  // and made three.
  assert.equal(window.add(1, 1460), false);
  assert.equal(window.add(1, 1980), false);
});

test("a real burst is a violation, in order or not", () => {
  const inOrder = new ArrivalWindow(3, 950);
  assert.equal(inOrder.add(1, 0), false);
  assert.equal(inOrder.add(2, 300), false);
  assert.equal(inOrder.add(1, 900), true, "4 within 950 ms");
  const late = new ArrivalWindow(3, 950);
  assert.equal(late.add(1, 900), false);
  assert.equal(late.add(2, 300), false);
  assert.equal(late.add(1, 0), true, "the same 4, counted last first");
  // A batch of units counts as that many arrivals.
  assert.equal(new ArrivalWindow(3, 950).add(4, 0), true);
});
