/** Throws the one-line build error for a malformed grid: snapshot, field, value, rule. */
export const gridError = (snapshot: string) => (field: string, value: unknown, allowed: string): never => {
  throw new Error(`snapshot ${snapshot}: grid field ${field} must be ${allowed}; got ${String(value)}`);
};
