// What every page's <head> gets through the config's `head` setting: the language, embed
// mode (?embed=1), and accessible names for parts of Framework's and Inputs' default markup
// that axe-core flags. It runs as a classic inline script, before the body is parsed, so
// the embed class applies before the first paint (no flash of the sidebar in an iframe).
//
// Why a script for lang rather than rewriting dist/*.html after the build: Framework 1.13
// emits a bare <html> and has no option for it; a script in `head` covers `npm run build`
// and `npm run preview` alike, needs no extra build step that the deploy workflow and the
// tests would each have to remember, and the browser tests check <html lang> on every page.
// Assistive technology reads the live DOM, where the attribute is set before any content.

/** The query parameter that turns on embed mode: ?embed=1. */
export const EMBED_PARAM = "embed";

/**
 * Repairs, after the DOM is parsed and whenever cells render:
 * - the sidebar toggle has only a title (axe label-title-only): give it an aria-label;
 * - the sidebar's first <ol> holds a <label> (axe list): move it out of the list;
 * - the sidebar, contents and pager are all unnamed <nav>s (axe landmark-unique): name them;
 * - the maximum-scale=1 viewport blocks zooming (axe meta-viewport): allow it;
 * - Plot labels its mark groups <g aria-label>, and with a per-datum ariaLabel each shape,
 *   without a role (axe aria-prohibited-attr): make them named groups and images;
 * - Inputs.range's slider has no label of its own (axe label): name it after the number box;
 * - Inputs.table and code blocks scroll but cannot take focus (axe scrollable-region-focusable):
 *   make them tab stops.
 * After the first pass, only the parents of added nodes are rescanned: rescanning the whole
 * body after every render costs a page with thousands of SVG marks tens of ms a frame.
 * (No // comments inside SCRIPT: it is joined into one line.)
 */
const SCRIPT = `{
const root = document.documentElement;
root.lang = "en";
if (new URLSearchParams(location.search).get(${JSON.stringify(EMBED_PARAM)}) === "1") root.classList.add("embed");
const viewport = document.querySelector('meta[name="viewport"]');
if (viewport) viewport.content = "width=device-width, initial-scale=1";
const repair = (node) => {
  for (const g of node.querySelectorAll("svg g[aria-label]:not([role])")) g.setAttribute("role", "group");
  for (const mark of node.querySelectorAll("svg :not(g, svg)[aria-label]:not([role])")) mark.setAttribute("role", "img");
  for (const slider of node.querySelectorAll("input[type=range]:not([aria-label]):not([aria-labelledby])")) {
    const label = slider.form && slider.form.querySelector("label");
    if (label && label.textContent.trim()) slider.setAttribute("aria-label", label.textContent.trim());
  }
  for (const table of node.querySelectorAll("form[class$='-table']:not([tabindex]), .observablehq-pre-container > pre:not([tabindex])")) table.tabIndex = 0;
};
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("observablehq-sidebar-toggle");
  if (toggle) toggle.setAttribute("aria-label", "Show or hide the list of pages");
  for (const [selector, name] of [["#observablehq-sidebar", "Pages"], ["#observablehq-toc nav", "Contents"], ["#observablehq-footer nav", "Previous and next page"]]) {
    const nav = document.querySelector(selector);
    if (nav) nav.setAttribute("aria-label", name);
  }
  const close = document.getElementById("observablehq-sidebar-close");
  if (close && close.parentElement && close.parentElement.tagName === "OL") close.parentElement.after(close);
  repair(document);
  new MutationObserver((records) => {
    const targets = new Set();
    for (const record of records) if (record.addedNodes.length && record.target.isConnected) targets.add(record.target);
    for (const target of targets) repair(target);
  }).observe(document.body, {childList: true, subtree: true});
});
}`;

/** The <head> additions, for observablehq.config.ts: the script and the site stylesheet. */
export const EMBED_HEAD = `<script>${SCRIPT.replace(/\n\s*/g, " ")}</script><link rel="stylesheet" href="/components/embed.css">`;
