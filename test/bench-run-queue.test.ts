// bench/run-queue.ts: splitting a task's wall time with made-up scheduler readings, and reading
// this process's own (the arithmetic and the parsing; the bench itself never runs in tests).
import {describe, expect, it} from "vitest";
import {readSchedstat, splitSpan, type SchedSample} from "../bench/run-queue.js";

const MS = 1e6; // schedstat counts ns
// A thread read every 10 ms: from 0 to 40 ms it runs 5 ms in each 10; from 40 to 100 ms it
// runs 4 ms and waits 6 ms for a core in each 10; from 100 to 120 ms it sleeps.
const readings: SchedSample[] = [
  {at: 0, ran: 0, queued: 0}, {at: 10, ran: 5 * MS, queued: 0}, {at: 20, ran: 10 * MS, queued: 0}, {at: 30, ran: 15 * MS, queued: 0},
  {at: 40, ran: 20 * MS, queued: 0}, {at: 50, ran: 24 * MS, queued: 6 * MS}, {at: 60, ran: 28 * MS, queued: 12 * MS}, {at: 70, ran: 32 * MS, queued: 18 * MS},
  {at: 80, ran: 36 * MS, queued: 24 * MS}, {at: 90, ran: 40 * MS, queued: 30 * MS}, {at: 100, ran: 44 * MS, queued: 36 * MS}, {at: 110, ran: 44 * MS, queued: 36 * MS},
  {at: 120, ran: 44 * MS, queued: 36 * MS},
];

describe("splitSpan", () => {
  it("splits a span on reading boundaries into time on a core, waiting for one, and asleep", () => {
    expect(splitSpan(readings, 40, 120)).toEqual({ran: 24, queued: 36, asleep: 20});
    expect(splitSpan(readings, 0, 40)).toEqual({ran: 20, queued: 0, asleep: 20});
  });

  it("interpolates between readings", () => {
    const {ran, queued, asleep} = splitSpan(readings, 35, 45);
    expect(ran).toBeCloseTo(2.5 + 2, 9); // 5 ms of the first 10 ran, half of that; then 4 of 10, half
    expect(queued).toBeCloseTo(3, 9);
    expect(asleep).toBeCloseTo(10 - 4.5 - 3, 9);
  });

  it("refuses a span the readings do not cover", () => {
    expect(() => splitSpan(readings, -5, 50)).toThrow(/do not cover -5–50/);
    expect(() => splitSpan(readings, 50, 130)).toThrow(/do not cover 50–130/);
    expect(() => splitSpan(readings.slice(0, 1), 0, 0)).toThrow(/readings \(1/);
  });
});

describe("readSchedstat", () => {
  it("reads this process's counters where Linux keeps them, and null for a process that does not exist", () => {
    const now = readSchedstat(process.pid, 7);
    if (process.platform === "linux") {
      expect(now).not.toBeNull();
      expect(now!.at).toBe(7);
      expect(now!.ran).toBeGreaterThan(0);
    }
    expect(readSchedstat(2 ** 30, 0)).toBeNull();
  });
});
