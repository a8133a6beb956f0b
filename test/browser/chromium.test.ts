// The browser tests never skip for want of a browser: finding none is an error that says
// how to install one. And the Chromium they find must start.
import {describe, expect, it} from "vitest";
import {findChromium, launchChromium, NO_CHROMIUM_MESSAGE} from "../support/browser.js";

describe("finding Chromium", () => {
  it("fails with install instructions when CHROMIUM_PATH points nowhere", () => {
    expect(() => findChromium({CHROMIUM_PATH: "/nonexistent/chromium"})).toThrow(/CHROMIUM_PATH=\/nonexistent\/chromium does not exist/);
    expect(() => findChromium({CHROMIUM_PATH: "/nonexistent/chromium"})).toThrow(NO_CHROMIUM_MESSAGE);
    expect(NO_CHROMIUM_MESSAGE).toMatch(/apt-get install -y chromium/);
    expect(NO_CHROMIUM_MESSAGE).toMatch(/CHROMIUM_PATH/);
  });

  it("finds one here and starts it headless", async () => {
    const browser = await launchChromium();
    try {
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
    }
  });
});
