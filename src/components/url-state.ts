// Shareable URL state: a page's inputs live in the query string, so a link reproduces the
// view. A page declares a schema of its parameters; `parseQuery` (pure, no DOM, unit tested
// in Node) turns any query string into valid values plus notices saying what was changed
// and why; the page builds its Inputs with those values; `syncUrl` writes the current
// values back with history.replaceState. Nothing from the URL is ever inserted as HTML:
// values are numbers, booleans, or strings from a fixed list, and notices are set as text.
//
// Wiring a page (two lines, plus `value:` on each input):
//
//   ```js
//   import {readUrlState, syncUrl, urlControls} from "./components/url-state.js";
//   import {MY_PAGE} from "./components/url-schemas/my-page.js";   // the page's schema (see url-schemas.ts)
//   const url = readUrlState(MY_PAGE); display(urlControls(url));   // notices + "Copy link"
//   ```
//   ```js
//   const n = view(Inputs.range([1, 100], {label: "N", step: 1, value: url.values.n}));
//   ```
//   ```js
//   syncUrl(MY_PAGE, {n, noise, mode});                        // one cell naming every input
//   ```
//
// The URL carries every parameter as soon as one differs from its default (so a shared
// link keeps its meaning if a default changes later), and none when all are defaults.
// Parameters that are not in the schema (such as ?embed=1) are left alone.
import {element} from "./dom.js";

export interface IntegerField { type: "integer"; min: number; max: number; default: number; label?: string }
export interface NumberField { type: "number"; min: number; max: number; default: number; /** Values snap to min + k·step, as the input does. */ step?: number; label?: string }
export interface BooleanField { type: "boolean"; default: boolean; label?: string }
export interface EnumField<T extends string = string> { type: "enum"; options: readonly T[]; default: T; label?: string }
/** A comma-separated list of integers, such as batch sizes "1,4,16". */
export interface ListField { type: "list"; min: number; max: number; maxItems: number; default: readonly number[]; label?: string }

export type Field = IntegerField | NumberField | BooleanField | EnumField | ListField;
export type Fields = Record<string, Field>;

export type ValueOf<F extends Field> =
  F extends EnumField<infer T> ? T :
  F extends BooleanField ? boolean :
  F extends ListField ? number[] :
  number;

export type Values<S extends Fields> = {[K in keyof S]: ValueOf<S[K]>};

/** What a cross-field rule changed: the parameter, its new value, and why. */
export interface Fix<S extends Fields> { name: keyof S & string; value: unknown; reason: string }

/** A cross-field rule gets valid single-field values and returns the fixes it needs, if any. */
export type Rule<S extends Fields> = (values: Values<S>) => Fix<S> | null;

export interface Schema<S extends Fields = Fields> {
  fields: S;
  rules?: readonly Rule<S>[];
}

export interface Notice {
  /** The query parameter. */
  name: string;
  /** What the URL said, shortened for display (a plain string, never HTML). */
  given: string;
  /** What the page uses instead. */
  used: string;
  reason: string;
}

export interface UrlState<S extends Fields> {
  values: Values<S>;
  notices: Notice[];
}

/** Longest value the parser looks at; anything longer is replaced by the default. */
export const MAX_VALUE_LENGTH = 200;
const SHOWN_LENGTH = 40;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);

export function defaults<S extends Fields>(schema: Schema<S>): Values<S> {
  return Object.fromEntries(Object.entries(schema.fields).map(([name, field]) =>
    [name, Array.isArray(field.default) ? [...field.default] : field.default])) as Values<S>;
}

/** A value as it appears in the URL. */
export function formatValue(field: Field, value: unknown): string {
  if (field.type === "list") return Array.isArray(value) ? value.join(",") : String(value);
  if (field.type === "boolean") return value ? "true" : "false";
  return String(value);
}

const shorten = (text: string) => (text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}… (${text.length} characters)` : text);

/** Rounds to the nearest multiple of step from min, without binary fractions such as 0.15000000000000002. */
export function snapToStep(value: number, min: number, step: number): number {
  const decimals = Math.max(decimalsOf(step), decimalsOf(min));
  return Number((min + Math.round((value - min) / step) * step).toFixed(Math.min(decimals, 20)));
}

function decimalsOf(x: number): number {
  const [mantissa, exponent = "0"] = String(x).split("e");
  const fraction = mantissa.split(".")[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

type Parsed = {value: unknown; reason?: string};

function parseNumber(field: IntegerField | NumberField, raw: string): Parsed {
  const fallback = (why: string): Parsed => ({value: field.default, reason: `${why}, so the default applies`});
  if (!NUMBER.test(raw.trim())) return fallback("not a number");
  let x = Number(raw.trim());
  if (!Number.isFinite(x)) return fallback("too large to be a number");
  const notes: string[] = [];
  if (x < field.min) (x = field.min), notes.push(`below the minimum ${field.min}`);
  else if (x > field.max) (x = field.max), notes.push(`above the maximum ${field.max}`);
  if (field.type === "integer" && !Number.isInteger(x)) (x = Math.round(x)), notes.push("not a whole number");
  if (field.type === "number" && field.step !== undefined) {
    const snapped = Math.min(field.max, Math.max(field.min, snapToStep(x, field.min, field.step)));
    if (snapped !== x) (x = snapped), notes.push(`not a multiple of ${field.step}`);
  }
  if (Object.is(x, -0)) x = 0;
  return {value: x, reason: notes.length ? notes.join("; ") : undefined};
}

function parseList(field: ListField, raw: string): Parsed {
  const fallback = (why: string): Parsed => ({value: [...field.default], reason: `${why}, so the default applies`});
  const parts = raw.split(",").map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p))) return fallback("not a comma-separated list of whole numbers");
  const notes: string[] = [];
  let items = [...new Set(parts.map(Number))];
  if (items.length < parts.length) notes.push("duplicates dropped");
  const inRange = items.filter((m) => m >= field.min && m <= field.max);
  if (inRange.length < items.length) notes.push(`entries outside [${field.min}, ${field.max}] dropped`);
  items = inRange;
  if (items.length > field.maxItems) (items = items.slice(0, field.maxItems)), notes.push(`only the first ${field.maxItems} entries kept`);
  if (items.length === 0) return fallback("no valid entries");
  return {value: items, reason: notes.length ? notes.join("; ") : undefined};
}

/** One parameter's raw query value → a valid value, and the reason when it had to change. */
export function parseField(field: Field, raw: string): Parsed {
  if (raw.length > MAX_VALUE_LENGTH) {
    return {value: Array.isArray(field.default) ? [...field.default] : field.default, reason: `longer than ${MAX_VALUE_LENGTH} characters, so the default applies`};
  }
  switch (field.type) {
    case "integer":
    case "number":
      return parseNumber(field, raw);
    case "boolean": {
      const key = raw.trim().toLowerCase();
      if (TRUE.has(key)) return {value: true};
      if (FALSE.has(key)) return {value: false};
      return {value: field.default, reason: "not true or false, so the default applies"};
    }
    case "enum":
      if (field.options.includes(raw)) return {value: raw};
      return {value: field.default, reason: `not one of ${field.options.map((o) => JSON.stringify(o)).join(", ")}, so the default applies`};
    case "list":
      return parseList(field, raw);
  }
}

/** Any query string (or URLSearchParams) → values that satisfy the schema and its rules, and notices. */
export function parseQuery<S extends Fields>(schema: Schema<S>, query: string | URLSearchParams): UrlState<S> {
  const params = typeof query === "string" ? new URLSearchParams(query) : query;
  const values = defaults(schema) as Record<string, unknown>;
  const notices: Notice[] = [];
  for (const [name, field] of Object.entries(schema.fields)) {
    const all = params.getAll(name);
    if (all.length === 0) continue;
    const raw = all[all.length - 1];
    const {value, reason} = parseField(field, raw);
    values[name] = value;
    if (all.length > 1) notices.push({name, given: shorten(all.join(" & ")), used: formatValue(field, value), reason: `given ${all.length} times; the last one counts${reason ? `, and it is ${reason}` : ""}`});
    else if (reason) notices.push({name, given: shorten(raw), used: formatValue(field, value), reason});
  }
  // Rules may interact (one fix can break another rule), so apply them until none fires.
  for (let pass = 0; pass < 8; ++pass) {
    let fixed = false;
    for (const rule of schema.rules ?? []) {
      const fix = rule(values as Values<S>);
      if (!fix) continue;
      const field = schema.fields[fix.name];
      notices.push({name: fix.name, given: shorten(formatValue(field, values[fix.name])), used: formatValue(field, fix.value), reason: fix.reason});
      values[fix.name] = fix.value;
      fixed = true;
    }
    if (!fixed) break;
  }
  return {values: values as Values<S>, notices};
}

/** Whether a value is valid for its field (used by the tests, and to decide what to write). */
export function isValid(field: Field, value: unknown): boolean {
  switch (field.type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value) && value >= field.min && value <= field.max;
    case "number":
      return typeof value === "number" && Number.isFinite(value) && value >= field.min && value <= field.max &&
        (field.step === undefined || snapToStep(value, field.min, field.step) === value);
    case "boolean":
      return typeof value === "boolean";
    case "enum":
      return typeof value === "string" && field.options.includes(value);
    case "list":
      return Array.isArray(value) && value.length >= 1 && value.length <= field.maxItems && new Set(value).size === value.length &&
        value.every((m) => Number.isInteger(m) && m >= field.min && m <= field.max);
  }
}

const same = (field: Field, a: unknown, b: unknown) => formatValue(field, a) === formatValue(field, b);

/**
 * The query string for these values, keeping the parameters of `current` that are not in
 * the schema. Values are written as given (a half-typed list stays as the reader typed it;
 * opening the link then explains what was changed). All or nothing: every parameter when
 * one differs from its default, none when all are defaults.
 */
export function formatQuery<S extends Fields>(schema: Schema<S>, values: Partial<Record<keyof S, unknown>>, current: string | URLSearchParams = ""): string {
  const params = new URLSearchParams(current);
  const entries = Object.entries(schema.fields);
  const changed = entries.some(([name, field]) => name in values && !same(field, values[name], field.default));
  for (const [name, field] of entries) {
    params.delete(name);
    if (changed) params.set(name, formatValue(field, name in values ? values[name] : field.default));
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

// ---- Browser side: these touch the DOM only when called. ----

/** The page's state from location.search. */
export function readUrlState<S extends Fields>(schema: Schema<S>): UrlState<S> {
  return parseQuery(schema, location.search);
}

/** The address syncUrl will write next, if any (see there). */
let pendingWrite: (() => void) | null = null;

/**
 * Writes the values into the address bar without a navigation or a history entry. The
 * write waits for a task after the current one: history.replaceState costs Chromium
 * 0.5–5 ms, and the cell calling syncUrl runs in the same frame as the page's charts, so
 * it would delay them. Of several calls in a row only the last is written.
 */
export function syncUrl<S extends Fields>(schema: Schema<S>, values: Partial<Record<keyof S, unknown>>): void {
  const scheduled = pendingWrite !== null;
  pendingWrite = () => {
    const query = formatQuery(schema, values, location.search);
    if (query !== location.search) history.replaceState(history.state, "", `${location.pathname}${query}${location.hash}`);
  };
  if (!scheduled) setTimeout(flushUrl, 0);
}

/** Makes a pending syncUrl write now, so that location.href is the current view. */
export function flushUrl(): void {
  const write = pendingWrite;
  pendingWrite = null;
  write?.();
}

/** The notices as a visible, announced list; null when there are none. */
export function urlNotice(notices: readonly Notice[]): HTMLElement | null {
  if (notices.length === 0) return null;
  const items = notices.map((n) => element("li", {}, element("code", {}, n.name), ` = “${n.given}”: ${n.reason}. Using ${n.name} = ${n.used}.`));
  return element("div", {className: "url-state-notice note", role: "status"},
    element("strong", {}, notices.length === 1 ? "One parameter in the link was changed." : `${notices.length} parameters in the link were changed.`),
    element("ul", {}, ...items));
}

/** A button that copies the address of the current view, with a spoken confirmation. */
export function copyLinkButton(): HTMLElement {
  const status = element("span", {className: "url-state-status", role: "status"});
  const button = element("button", {type: "button", className: "url-state-copy"}, "Copy link to this view");
  const wrapper = element("span", {className: "url-state-copy-wrapper"}, button, " ", status);
  button.addEventListener("click", async () => {
    flushUrl();
    const href = location.href;
    try {
      await navigator.clipboard.writeText(href);
      status.textContent = "Link copied.";
    } catch {
      // No clipboard access (permissions, insecure context): show the link, selected, to copy by hand.
      const field = element("input", {type: "text", readOnly: true, value: href, className: "url-state-fallback"});
      field.setAttribute("aria-label", "Link to this view");
      wrapper.querySelector(".url-state-fallback")?.remove();
      wrapper.append(field);
      field.select();
      status.textContent = "Press Ctrl+C (⌘C) to copy the selected link.";
    }
  });
  return wrapper;
}

/** The notices (if any) and the "Copy link to this view" button, for display() near the inputs. */
export function urlControls(state: UrlState<Fields>): HTMLElement {
  const notice = urlNotice(state.notices);
  return element("div", {className: "url-state"}, ...(notice ? [notice] : []), copyLinkButton());
}
