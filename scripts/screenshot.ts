// Usage: npx tsx scripts/screenshot.ts variance [out.png] — serves dist/ and screenshots a page.
import {chromium} from "playwright-core";
import {serveDist} from "../test/support/static-server.js";
const [page = "variance", out = `test-results/${page || "index"}.png`] = process.argv.slice(2);
const server = await serveDist("dist");
const browser = await chromium.launch({executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]});
const tab = await browser.newPage({viewport: {width: 1200, height: 900}});
tab.on("console", (m) => console.log("console:", m.type(), m.text()));
tab.on("pageerror", (e) => console.log("pageerror:", e.message));
await tab.goto(server.url + page, {waitUntil: "networkidle"});
await tab.waitForTimeout(1000);
await tab.screenshot({path: out, fullPage: true});
console.log(await tab.locator("#snapshot-check").textContent().catch(() => "no #snapshot-check"));
await browser.close();
await server.close();
