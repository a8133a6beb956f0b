// How to cite a snapshot: plain text and BibTeX, built from its manifest entry. The
// Data page shows both; CITATION.cff (data-loaders/snapshots/citation-file.ts) uses
// the same URLs. Pure functions, so they run in the browser and in tests.

export interface CitationSite {
  /** The site's public URL, ending in "/" (package.json "homepage"). */
  site: string;
  author: string;
  package: {name: string; version: string};
}

export interface CitableSnapshot {
  name: string;
  title: string;
  version: string;
  released: string | null;
  rows: number;
  files: {format: string; path: string; sha256: string; bytes: number}[];
}

/** The file a citation points to: the CSV. */
export const citedFile = (entry: CitableSnapshot) => entry.files.find((f) => f.format === "csv") ?? entry.files[0];

export const absoluteUrl = (site: string, path: string) => (site.endsWith("/") ? site : `${site}/`) + path;

const year = (entry: CitableSnapshot) => (entry.released ? entry.released.slice(0, 4) : null);

/** "Author (2026). Title (variance-v1), version v1 [Data set]. URL. SHA-256: …" */
export function citationText(site: CitationSite, entry: CitableSnapshot): string {
  const file = citedFile(entry);
  return (
    `${site.author} (${year(entry) ?? "unreleased"}). ${entry.title} (${entry.name}), version ${entry.version} [Data set]. ` +
    `${site.package.name} ${site.package.version}. ${absoluteUrl(site.site, file.path)}. SHA-256: ${file.sha256}.`
  );
}

// Characters that mean something to (La)TeX in a text field.
const TEX_SPECIAL = /[\\{}&%$#_^~]/g;
const TEX_ESCAPES: Record<string, string> = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%", $: "\\$", "#": "\\#", _: "\\_", "^": "\\^{}", "~": "\\~{}"};
export const texEscape = (text: string) => text.replace(TEX_SPECIAL, (c) => TEX_ESCAPES[c]);

/** A BibTeX @misc entry (biblatex reads version and url too); the key is <package>-<name>. */
export function citationBibtex(site: CitationSite, entry: CitableSnapshot): string {
  const file = citedFile(entry);
  const url = absoluteUrl(site.site, file.path);
  const fields: [string, string][] = [
    ["author", `{${texEscape(site.author)}}`],
    ["title", `${texEscape(entry.title)} (${entry.name})`],
    ["version", entry.version],
    ...(year(entry) ? [["year", year(entry)!] as [string, string]] : []),
    ["howpublished", `\\url{${url}}`],
    ["url", url],
    ["note", `Data set, ${entry.rows} rows, ${texEscape(site.package.name)} ${site.package.version}; SHA-256 of ${file.path}: ${file.sha256}${entry.released ? "" : "; unreleased"}`],
  ];
  const width = Math.max(...fields.map(([k]) => k.length));
  return `@misc{${site.package.name}-${entry.name},\n${fields.map(([k, v]) => `  ${k.padEnd(width)} = {${v}}`).join(",\n")}\n}\n`;
}
