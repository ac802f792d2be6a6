// Debian's Chromium driven by playwright-core, with its real WebGPU adapter (SwiftShader).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** A fresh profile; clipboard allowed, so code is pasted into Monaco as a learner would. */
export async function launchBrowser(): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'attention-lab-chromium-')),
    {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    },
  );
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  return context;
}

/** A browser for several people at once: each newContext() is one person's cookies and storage. */
export function launchSharedBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Every console error and uncaught exception of a page. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => {
    // a navigation (reload, next page) aborts what was still loading: not a failure
    const reason = r.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') errors.push(`request failed (${reason}): ${r.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

/** Waits until the widget's Monaco editor has replaced its textarea. */
export async function editorReady(widget: Locator): Promise<void> {
  await widget.locator('[data-editor][data-monaco="ready"]').waitFor({ timeout: 60_000 });
}

/**
 * Replaces the editor's code by pasting it (typing into Monaco would auto-indent and
 * auto-close brackets, corrupting the code).
 */
export async function pasteCode(page: Page, widget: Locator, code: string): Promise<void> {
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await widget.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

/** Runs the tests with Ctrl/Cmd+Enter and waits for the results to change. */
export async function runAndWait(page: Page, widget: Locator, timeout = 90_000): Promise<string> {
  const results = widget.locator('[data-results]');
  const before = await results.innerText();
  await widget.locator('[data-run]').click();
  await widget.locator('[data-run]:not([disabled])').waitFor({ timeout });
  await page
    .waitForFunction(
      ([el, old]) => (el as HTMLElement).innerText !== old,
      [await results.elementHandle(), before] as const,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  return results.innerText();
}
