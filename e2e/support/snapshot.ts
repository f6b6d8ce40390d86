import type { Page, TestInfo } from "@playwright/test";

/** Saves a full-page screenshot of a journey step and attaches it to the test's report. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}
