// The mock's rate check: when requests arrived, and whether any window of
// them broke a provider's limit. Every violation count in the end-to-end tests
// and the benchmark rests on it (tests/e2e/mock-window.test.mjs).

/**
 * The arrival times of a provider's counted units, in time order, and whether a
 * new arrival makes more than `rps` of them fall within one `windowMs`.
 *
 * A request is counted once its body is read, and bodies do not finish in the
 * order their requests arrived (a 30 KB Multicall3 body can finish after a
 * small one behind it): each arrival goes in its place by time, and every
 * window holding it is checked. Kept in arrival order as they came, a late
 * one sat behind a newer one, outlived its window and was counted against the
 * next, a violation (and a 429) the page never caused.
 */
export class ArrivalWindow {
  constructor(rps, windowMs) {
    this.rps = rps;
    this.windowMs = windowMs;
    this.times = [];
    /** Per arrival, the earliest moment it can have arrived (see `add`). */
    this.earliest = [];
  }

  /**
   * Counts `units` that arrived at `at`; says whether any window now holds more
   * than `rps`. `earliest` (at most `at`): when the mock read a request only
   * after its event loop stalled (a garbage collection, the process waiting
   * for a core), the request may have come at any moment of the stall, and a
   * window is judged from the earliest moment its first arrival can have had.
   */
  add(units, at, earliest = at) {
    let place = this.times.length;
    while (place > 0 && this.times[place - 1] > at) place -= 1;
    this.times.splice(place, 0, ...Array(units).fill(at));
    this.earliest.splice(place, 0, ...Array(units).fill(earliest));
    // What a late-counted arrival could still share a window with stays.
    const newest = this.times[this.times.length - 1];
    while (this.times.length && this.times[0] <= newest - 2 * this.windowMs) {
      this.times.shift();
      this.earliest.shift();
      place -= 1;
    }
    // rps + 1 arrivals less than a window apart, among those around the new ones.
    const last = place + units - 1;
    for (let i = Math.max(0, place - this.rps); i <= last && i + this.rps < this.times.length; i++) {
      if (this.times[i + this.rps] - this.earliest[i] < this.windowMs) return true;
    }
    return false;
  }
}

/**
 * When this process last ran a timer: a request read more than STALL_MS after
 * it was read late, by up to that long. The stamps of the benchmark's mock,
 * sharing two cores with the browser, were seen 50-110 ms late a few times a
 * run, each time making a paced sequence look like a burst.
 */
const STALL_MS = 20;
const loop = { lastTick: performance.now(), stalledFrom: null };
export function tick() {
  const now = performance.now();
  // After a stall Node runs the timers (this tick) before it reads the
  // requests that came during it, which then looked fresh: the bunch read
  // in that turn of the loop may have come at any moment of the stall,
  // until the turn's own end (setImmediate runs right after its I/O).
  if (now - loop.lastTick > STALL_MS && loop.stalledFrom === null) {
    loop.stalledFrom = loop.lastTick;
    setImmediate(() => (loop.stalledFrom = null));
  }
  loop.lastTick = now;
}

/** The earliest moment a request read at `readAt` can have arrived. */
export function earliestArrival(readAt) {
  if (loop.stalledFrom !== null) return loop.stalledFrom;
  return readAt - loop.lastTick > STALL_MS ? loop.lastTick : readAt;
}
