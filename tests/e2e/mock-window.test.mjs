// The mock providers' own rate check, which every violation count in the
// end-to-end tests and the benchmark rests on: requests counted out of order
// (a big body read after a small one behind it) are judged by when they
// arrived (or, read after the mock stalled, when they can have arrived), and
// a real burst is still caught.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ArrivalWindow, earliestArrival, tick } from "../mock/arrivals.mjs";

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

test("an arrival read late after a stall is judged from the earliest moment it can have come", () => {
  // 2 a window of 950 ms. The first arrival was read at 60, after the mock's
  // loop stalled from 0: it may have come at 0, a whole window before 990.
  const stalled = new ArrivalWindow(2, 950);
  assert.equal(stalled.add(1, 60, 0), false);
  assert.equal(stalled.add(1, 500), false);
  assert.equal(stalled.add(1, 990), false, "990 - 0 is a window, though 990 - 60 is not");
  // Read on time at 60: three within 950 ms.
  const onTime = new ArrivalWindow(2, 950);
  assert.equal(onTime.add(1, 60), false);
  assert.equal(onTime.add(1, 500), false);
  assert.equal(onTime.add(1, 990), true);
});

test("a request read in the loop's turn after a stall may have come at any moment of it", async () => {
  tick();
  const stalledFrom = performance.now();
  // The loop is held 60 ms (a garbage collection, another request's body).
  while (performance.now() - stalledFrom < 60);
  // After a stall Node runs the timers first (the mock's tick among them),
  // then reads the requests that came meanwhile: those may have come as
  // early as the stall's start, though the tick is fresh.
  tick();
  assert.ok(earliestArrival(performance.now()) <= stalledFrom + 1, "read right after the stall");
  // In the next turn, a request read on time is judged from when it was read.
  await new Promise((resolve) => setImmediate(resolve));
  tick();
  const onTime = performance.now();
  assert.equal(earliestArrival(onTime), onTime);
});
