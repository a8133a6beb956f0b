// bench/browser.ts's split of a long task into script, rendering and the rest, on
// made-up long animation frames (the arithmetic only; the bench itself never runs in tests).
import {describe, expect, it} from "vitest";
import {taskContents, type Frame} from "../bench/browser.js";

const frame = (f: Partial<Frame>): Frame => ({start: 0, end: 0, styleAndLayoutStart: 0, scripts: [], ...f});

describe("taskContents", () => {
  it("counts a frame's scripts as script, and what they leave unexplained as other", () => {
    const f = frame({end: 120, scripts: [{start: 0, end: 80, source: "cell.js"}, {start: 80, end: 110, source: "chart.js"}]});
    expect(taskContents({start: 0, duration: 120}, [f])).toBe("script 110 ms, largest entered from cell.js 80 ms; rendering 0 ms; other 10 ms");
  });

  it("counts observer callbacks during rendering once, as script", () => {
    // Style and layout from 60 ms; a ResizeObserver callback runs from 80 to 100 ms.
    const f = frame({end: 150, styleAndLayoutStart: 60, scripts: [{start: 0, end: 50, source: "cell.js"}, {start: 80, end: 100, source: "resize.js"}]});
    expect(taskContents({start: 0, duration: 150}, [f])).toBe("script 70 ms, largest entered from cell.js 50 ms; rendering 70 ms; other 10 ms");
  });

  it("clips every part to the task, in a frame that began with an earlier task", () => {
    // The frame holds a task from 0 to 60 ms and the long one from 100 to 220 ms.
    const f = frame({end: 220, styleAndLayoutStart: 150, scripts: [{start: 10, end: 55, source: "early.js"}, {start: 100, end: 140, source: "late.js"}]});
    expect(taskContents({start: 100, duration: 120}, [frame({start: -300, end: -200}), f])).toBe("script 40 ms, largest entered from late.js 40 ms; rendering 70 ms; other 10 ms");
  });

  it("says so when no frame holds the task", () => {
    expect(taskContents({start: 500, duration: 120}, [frame({end: 200})])).toBe("no frame reported");
  });
});
