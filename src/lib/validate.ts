// Parameter checks shared by the core, the loaders and the CLI. Each error names the
// parameter, the offending value and the allowed range, so a reader can fix it at once.

export class ParameterError extends RangeError {
  constructor(readonly parameter: string, readonly value: unknown, readonly allowed: string) {
    super(`${parameter} must be ${allowed}; got ${show(value)}`);
    this.name = "ParameterError";
  }
}

function show(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  return Array.isArray(value) ? `[${value.map(show).join(", ")}]` : String(value);
}

const range = (min: number, max: number) =>
  max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;

export function checkInteger(name: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    throw new ParameterError(name, value, `an integer ${range(min, max)}`);
  return value;
}

export function checkFinite(name: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    const allowed = min === -Infinity && max === Infinity ? "a finite number" : `a finite number ${range(min, max)}`;
    throw new ParameterError(name, value, allowed);
  }
  return value;
}

export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new ParameterError(name, value, "true or false");
  return value;
}
