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

/** The run-time counter at time `at`, interpolated linearly between the readings around it. */
function ranAt(samples: SchedSample[], at: number): number {
  const i = samples.findIndex((s) => s.at >= at);
  if (i === 0) return samples[0].ran;
  const a = samples[i - 1], b = samples[i];
  return a.ran + ((at - a.at) / (b.at - a.at)) * (b.ran - a.ran);
}

/**
 * Splits the span [from, to] (ms, epoch) of a thread's time, given its readings in time order,
 * into ms on a core, ms waiting for one, and the rest (asleep). The time on a core is counted as
 * the thread runs, so it is interpolated between readings. A wait is counted in one lump when
 * the thread gets its core back, and a task starts just after that, so a wait from before the
 * span would land in the reading interval around `from`: only the readings inside the span
 * count, which makes `queued` a lower bound that misses at most the waits counted in its two
 * edge intervals (they go to `asleep`). Throws where the readings leave a gap over `maxGap` ms.
 */
export function splitSpan(samples: SchedSample[], from: number, to: number, {maxGap = 20} = {}): {ran: number; queued: number; asleep: number} {
  if (samples.length < 2 || from < samples[0].at || to > samples[samples.length - 1].at)
    throw new Error(`the readings (${samples.length}, ${samples[0]?.at.toFixed(0)}–${samples[samples.length - 1]?.at.toFixed(0)}) do not cover ${from.toFixed(0)}–${to.toFixed(0)}`);
  const around = samples.filter((s, i) => (samples[i + 1]?.at ?? Infinity) > from && (samples[i - 1]?.at ?? -Infinity) < to);
  const gap = Math.max(...around.slice(1).map((s, i) => s.at - around[i].at));
  if (gap > maxGap) throw new Error(`a gap of ${gap.toFixed(0)} ms in the readings`);
  const inside = samples.filter((s) => s.at >= from && s.at <= to);
  const ran = (ranAt(samples, to) - ranAt(samples, from)) / 1e6;
  const queued = inside.length >= 2 ? (inside[inside.length - 1].queued - inside[0].queued) / 1e6 : 0;
  return {ran, queued, asleep: to - from - ran - queued};
}
