// Every chapter in both locales: no console errors, a screenshot for review, formulas
// rendered; keyboard-only use of an exercise; offline search.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { CHAPTERS } from '../../graders/grading/types.ts';
import { collectErrors, editorReady, launchBrowser } from '../helpers/browser.ts';
import { ROOT } from '../helpers/fixtures.ts';
import { SITE_TIMEOUT_MS, startSite } from '../helpers/server.ts';
import type { RunningSite } from '../helpers/server.ts';

const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
const PREFIX = { zh: '', en: '/en' } as const;

let site: RunningSite;
let browser: BrowserContext;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  site = await startSite();
  browser = await launchBrowser();
}, SITE_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

describe.each(['zh', 'en'] as const)('the chapters in %s', (lang) => {
  it.each([...CHAPTERS])(
    'shows %s with its formulas and exercises, and no console error',
    async (chapter) => {
      const page = await browser.newPage();
      const errors = collectErrors(page);

      await page.goto(`${site.baseUrl}${PREFIX[lang]}/chapters/${chapter}/`, {
        waitUntil: 'networkidle',
      });
      // the page lays out only the blocks near the screen (content-visibility, course.css); a
      // picture of the whole chapter needs every block drawn
      await page.addStyleTag({
        content: '.sl-markdown-content > * { content-visibility: visible !important; }',
      });
      await page.screenshot({ path: join(SCREENSHOTS, `${lang}-${chapter}.png`), fullPage: true });

      expect(await page.locator('html').getAttribute('lang')).toBe(lang === 'zh' ? 'zh-CN' : 'en');
      expect(await page.locator('.katex').count()).toBeGreaterThan(0);
      expect(await page.locator('.katex-error').count()).toBe(0);
      expect(await page.locator('[data-exercise-widget]').count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});

describe('keyboard-only use', () => {
  it('reaches Run tests and the hints with Tab, and runs with Enter', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.baseUrl}/en/exercises/transformer/causal-mask/`);
    const widget = page.locator('[data-exercise-widget]');
    await editorReady(widget);

    // Tab into the editor, run with Ctrl+Enter, then Ctrl+M lets Tab leave the editor
    let inEditor = false;
    for (let i = 0; i < 60 && !inEditor; i++) {
      await page.keyboard.press('Tab');
      inEditor = await page.evaluate(
        () => document.activeElement?.closest('.monaco-editor') !== null,
      );
    }
    expect(inEditor).toBe(true);
    await page.keyboard.press('ControlOrMeta+Enter');
    await widget.locator('[data-results] p').first().waitFor({ timeout: 90_000 });
    await page.keyboard.press('Control+M');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(focused).toBe('Run tests');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    expect(await widget.locator('.exercise-hint:not([hidden])').count()).toBe(1);
    expect(await widget.locator('[data-results]').innerText()).toMatch(/checks passed/);
    expect(errors, errors.join('\n')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});

describe('search', () => {
  it('finds a chapter offline, from the index built with the site', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.baseUrl}/en/`);

    // the index is a static file built with the site: no server search, no network
    // a string, so that the test runner does not rewrite the browser's import()
    const found = await page.evaluate(`(async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      const search = await pagefind.search('LayerNorm');
      return search.results.length;
    })()`);

    expect(found).toBeGreaterThan(0);
    await page.close();
  });
});

describe('the editor', () => {
  it('completes tf. from the tfjs type definitions', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.baseUrl}/en/exercises/transformer/causal-mask/`);
    const widget = page.locator('[data-exercise-widget]');
    await editorReady(widget);

    await widget.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('tf.matM');
    await page.keyboard.press('Control+Space');

    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'matMul' });
    await suggestion.first().waitFor({ timeout: 60_000 });
    expect(await suggestion.count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');

    // and type errors come from the same definitions (F8 opens the next problem)
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('const wrong: string = tf.zeros([1]);');
    await expect
      .poll(
        async () => {
          await page.keyboard.press('F8');
          return (await page.locator('.marker-widget').allInnerTexts()).join(' ');
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toContain("is not assignable to type 'string'");
    await page.close();
  }, 120_000);
});
