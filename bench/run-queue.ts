// Where a long task's wall time went, from Linux's scheduler statistics for the thread that
// ran it: time on a core, time runnable but waiting for a core (the run queue), and the rest,
// asleep (blocked, on another process's answer for one). The Long Tasks API gives only the
// wall time, and tracing the browser to learn more slows it down.
import {readFileSync} from "node:fs";

/** One reading of a thread's /proc/<pid>/schedstat: ns on a core and ns in the run queue, at `at` ms (epoch). */
export interface SchedSample {
  at: number;
  ran: number;
  queued: number;
}

/** A thread's schedstat now, or null when it is gone or the kernel keeps none. */
export function readSchedstat(pid: number, at: number): SchedSample | null {
  try {
    const [ran, queued] = readFileSync(`/proc/${pid}/schedstat`, "latin1").split(" ").map(Number);
    return Number.isFinite(ran) && Number.isFinite(queued) ? {at, ran, queued} : null;
  } catch {
    return null;
  }
}

/** The counters at time `at`, interpolated linearly between the readings around it. */
function counterAt(samples: SchedSample[], at: number): {ran: number; queued: number} {
  const i = samples.findIndex((s) => s.at >= at);
  if (i === 0) return samples[0];
  if (i < 0) return samples[samples.length - 1];
  const a = samples[i - 1], b = samples[i];
  const f = (at - a.at) / (b.at - a.at);
  return {ran: a.ran + f * (b.ran - a.ran), queued: a.queued + f * (b.queued - a.queued)};
}

/**
 * Splits the span [from, to] (ms, epoch) of a thread's time, given its readings in time order,
 * into ms on a core, ms waiting for one, and ms asleep. Readings every few ms make each part
 * good to about two reading intervals.
 */
export function splitSpan(samples: SchedSample[], from: number, to: number): {ran: number; queued: number; asleep: number} {
  if (samples.length < 2 || from < samples[0].at || to > samples[samples.length - 1].at)
    throw new Error(`the readings (${samples.length}, ${samples[0]?.at.toFixed(0)}–${samples[samples.length - 1]?.at.toFixed(0)}) do not cover ${from.toFixed(0)}–${to.toFixed(0)}`);
  const a = counterAt(samples, from), b = counterAt(samples, to);
  const ran = (b.ran - a.ran) / 1e6, queued = (b.queued - a.queued) / 1e6;
  return {ran, queued, asleep: Math.max(0, to - from - ran - queued)};
}
