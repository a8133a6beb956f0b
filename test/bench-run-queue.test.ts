// bench/run-queue.ts: splitting a task's wall time with made-up scheduler readings, and reading
// this process's own (the arithmetic and the parsing; the bench itself never runs in tests).
import {describe, expect, it} from "vitest";
import {readSchedstat, splitSpan, type SchedSample} from "../bench/run-queue.js";

const MS = 1e6; // schedstat counts ns
// A thread read every 10 ms. It runs 5 ms in each 10 until 40 ms, then 4 in each 10 until
// 100 ms, then sleeps. Waits are counted in lumps when the thread gets its core back: 30 ms
// (a wait before 40 ms) by the reading at 40, then 6 ms by each reading from 50 to 100 ms.
const readings: SchedSample[] = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120].map((at) => ({
  at,
  ran: (at <= 40 ? at / 2 : Math.min(at, 100) * 0.4 + 4) * MS,
  queued: (at < 40 ? 0 : 30 + 6 * ((Math.min(at, 100) - 40) / 10)) * MS,
}));

describe("splitSpan", () => {
  it("splits a span into time on a core, waiting for one, and asleep", () => {
    expect(splitSpan(readings, 40, 100)).toEqual({ran: 24, queued: 36, asleep: 0});
    expect(splitSpan(readings, 100, 120)).toEqual({ran: 0, queued: 0, asleep: 20});
  });

  it("leaves out a wait counted in the reading interval where the span begins", () => {
    // The 30 ms lump counted by the reading at 40 ms belongs to a wait before the task.
    const {ran, queued, asleep} = splitSpan(readings, 35, 100);
    expect(ran).toBeCloseTo(44 - 17.5, 9);
    expect(queued).toBeCloseTo(36, 9);
    expect(asleep).toBeCloseTo(65 - 26.5 - 36, 9);
  });

  it("interpolates the time on a core between readings", () => {
    const {ran, queued, asleep} = splitSpan(readings, 35, 45);
    expect(ran).toBeCloseTo(2.5 + 2, 9); // half of 5 ms in 10, then half of 4 ms in 10
    expect(queued).toBe(0); // one reading inside: no interval to count a wait in
    expect(asleep).toBeCloseTo(10 - 4.5, 9);
  });

  it("refuses a span the readings do not cover, or one with a gap in them", () => {
    expect(() => splitSpan(readings, -5, 50)).toThrow(/do not cover -5–50/);
    expect(() => splitSpan(readings, 50, 130)).toThrow(/do not cover 50–130/);
    expect(() => splitSpan(readings.slice(0, 1), 0, 0)).toThrow(/readings \(1/);
    const gappy = readings.filter((r) => r.at !== 60 && r.at !== 70);
    expect(() => splitSpan(gappy, 40, 100)).toThrow(/a gap of 30 ms/);
    expect(() => splitSpan(gappy, 80, 120)).not.toThrow(); // the gap is before the span
    expect(() => splitSpan(gappy, 40, 100, {maxGap: 30})).not.toThrow();
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
