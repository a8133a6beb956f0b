// The Data page's catalogue, built from /data/manifest.json: a table of every snapshot,
// then one section per snapshot (anchor id = its name) with its schema, files and
// SHA-256, how to cite it and how to reproduce its rows.
import {html} from "htl";
import {citationBibtex, citationText, absoluteUrl, citedFile, type CitationSite, type CitableSnapshot} from "./citation.js";

export interface CatalogColumn { name: string; type: string; unit: string; description: string }
export interface CatalogFile { format: string; path: string; url?: string; bytes: number; sha256: string }
export interface CatalogEntry extends CitableSnapshot {
  id: string;
  description: string;
  columns: CatalogColumn[];
  grid: unknown;
  generator: Record<string, string>;
  /** Whether `npm run experiment -- --snapshot` can recompute single rows. */
  rowReproducible?: boolean;
  files: CatalogFile[];
}
export interface CatalogManifest extends CitationSite {
  snapshots: CatalogEntry[];
  withdrawn?: {name: string; version: string; released: string; rows: number; files: {path: string; bytes: number; sha256: string}[]}[];
}

/** "13.9 MB": decimal (SI) units, as file browsers show them. */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) (value /= 1000), ++unit;
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** The link to a published file, relative to the Data page (/data/): rel="external" keeps Framework from rewriting it to a hashed copy. */
const fileLink = (file: CatalogFile, text = file.format.toUpperCase()) =>
  html`<a href=${`./${file.path.replace(/^data\//, "")}`} rel="external" type=${file.format === "csv" ? "text/csv" : "application/json"}>${text}</a>`;

/** True while package.json "homepage" still holds the placeholder URL. */
export const isPlaceholderSite = (site: string) => /\/\/OWNER\./.test(site);

export function catalogTable(manifest: CatalogManifest): HTMLElement {
  return html`<div class="catalog-scroll"><table class="catalog">
    <caption>Every published snapshot. Name links to its schema and citation below; CSV and JSON are the stable download addresses.</caption>
    <thead><tr><th scope="col">Snapshot</th><th scope="col">Title</th><th scope="col">Version</th><th scope="col">Released</th><th scope="col" class="num">Rows</th><th scope="col" class="num">CSV size</th><th scope="col">SHA-256 (CSV)</th><th scope="col">Download</th></tr></thead>
    <tbody>${manifest.snapshots.map((entry) => {
      const csv = citedFile(entry);
      const json = entry.files.find((f) => f.format === "json");
      return html`<tr>
        <th scope="row"><a href=${`#${entry.name}`}>${entry.name}</a></th>
        <td>${entry.title}</td>
        <td>${entry.version}</td>
        <td>${entry.released ?? html`<em>unreleased</em>`}</td>
        <td class="num">${entry.rows.toLocaleString("en-US")}</td>
        <td class="num">${formatBytes(csv.bytes)}</td>
        <td><code title=${csv.sha256}>${csv.sha256.slice(0, 8)}</code></td>
        <td>${fileLink(csv)}${json ? html` · ${fileLink(json)}` : ""}</td>
      </tr>`;
    })}</tbody>
  </table></div>`;
}

/** The CLI flag of each snapshot column that the experiment CLI can select rows by. */
const FLAG_OF_COLUMN: Record<string, string> = {seed: "--seed", n: "--n", noise: "--noise", m: "--batch-sizes", replace: "--replacement", gradient: "--gradient", trials: "--trials"};

function reproduceCommand(entry: CatalogEntry): string {
  const flags = entry.columns.filter((c) => FLAG_OF_COLUMN[c.name] && c.name !== "gradient" && c.name !== "trials").map((c) => `${FLAG_OF_COLUMN[c.name]} <${c.name}>`);
  return `npm run experiment -- --snapshot ${entry.name} ${flags.join(" ")}`.trim();
}

function copyButton(text: string, label: string): HTMLElement {
  const button = html`<button type="button" class="copy" aria-label=${label}>Copy</button>` as HTMLButtonElement;
  button.onclick = async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select and copy";
    }
  };
  return button;
}

export function snapshotSection(manifest: CatalogManifest, entry: CatalogEntry): HTMLElement {
  const text = citationText(manifest, entry);
  const bibtex = citationBibtex(manifest, entry);
  const headingId = `${entry.name}-title`;
  return html`<section class="snapshot" id=${entry.name} aria-labelledby=${headingId}>
    <h3 id=${headingId}>${entry.name}: ${entry.title}</h3>
    <p>${entry.description}</p>
    <dl class="facts">
      <dt>Version</dt><dd>${entry.version} (${entry.released ? `released ${entry.released}` : "unreleased: not yet in snapshots.lock.json"})</dd>
      <dt>Rows</dt><dd>${entry.rows.toLocaleString("en-US")}</dd>
      <dt>Generator</dt><dd>${entry.generator.algorithm}, period ${entry.generator.period}; ${entry.generator.streams}. Computed by ${entry.generator.package} ${entry.generator.packageVersion}.</dd>
    </dl>
    <table class="files">
      <caption>Files of ${entry.name}: stable URL, size and SHA-256 of the exact bytes</caption>
      <thead><tr><th scope="col">File</th><th scope="col" class="num">Bytes</th><th scope="col">SHA-256</th></tr></thead>
      <tbody>${entry.files.map((file) => html`<tr><td>${fileLink(file, absoluteUrl(manifest.site, file.path))}</td><td class="num">${file.bytes.toLocaleString("en-US")}</td><td><code class="hash">${file.sha256}</code></td></tr>`)}</tbody>
    </table>
    <details>
      <summary>Schema: ${entry.columns.length} columns</summary>
      <table class="schema">
        <caption>Columns of ${entry.name}, in file order</caption>
        <thead><tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col">Unit</th><th scope="col">Meaning</th></tr></thead>
        <tbody>${entry.columns.map((c) => html`<tr><td><code>${c.name}</code></td><td>${c.type}</td><td>${c.unit || "—"}</td><td>${c.description}</td></tr>`)}</tbody>
      </table>
    </details>
    <details>
      <summary>Grid: the parameters every row was computed for</summary>
      <pre><code>${JSON.stringify(entry.grid, null, 2)}</code></pre>
    </details>
    <div class="cite" role="group" aria-label=${`Cite ${entry.name}`}>
      <h4>Cite this snapshot</h4>
      <p class="cite-text">${text} ${copyButton(text, `Copy the citation of ${entry.name}`)}</p>
      <pre class="bibtex"><code>${bibtex}</code></pre>${copyButton(bibtex, `Copy the BibTeX entry of ${entry.name}`)}
    </div>
    <p>Reproduce: ${entry.rowReproducible === false
      ? html`<code>npm run snapshots:lock -- --check --fresh</code> recomputes the whole snapshot and compares its SHA-256.`
      : html`<code>${reproduceCommand(entry)}</code> recomputes matching rows and prints them in this CSV format; <code>npm run snapshots:verify</code> recomputes a random sample of published rows.`}</p>
  </section>`;
}

export function withdrawnList(manifest: CatalogManifest): HTMLElement | null {
  const withdrawn = manifest.withdrawn ?? [];
  if (!withdrawn.length) return null;
  return html`<section id="withdrawn" aria-labelledby="withdrawn-title"><h3 id="withdrawn-title">Withdrawn snapshots</h3>
    <p>No longer published. Their hashes are kept, so a copy downloaded earlier can still be identified; rebuild one from a release of the repository made before its withdrawal.</p>
    <ul>${withdrawn.map((w) => html`<li id=${w.name}><code>${w.name}</code>, released ${w.released}, ${w.rows} rows: ${w.files.map((f) => html`<br><code>${f.path}</code> SHA-256 <code class="hash">${f.sha256}</code>`)}</li>`)}</ul>
  </section>`;
}

/** Scrolls to #name once the sections exist (they are rendered after the page loads). */
export function scrollToHash(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  if (id) requestAnimationFrame(() => document.getElementById(id)?.scrollIntoView());
}
