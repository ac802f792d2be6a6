// A learner's path through the exercise widget, in Chromium on WebGPU, in both locales: a
// correct solution passes, a known mistake is named, an infinite loop is stopped and the next
// run works, and code and progress survive a reload.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { findExercise } from '../../graders/exercises/index.ts';
import { exerciseDir } from '../../graders/node/exercise-files.ts';
import {
  collectErrors,
  editorReady,
  launchBrowser,
  pasteCode,
  runAndWait,
} from '../helpers/browser.ts';
import { SITE_TIMEOUT_MS, startSite } from '../helpers/server.ts';
import type { RunningSite } from '../helpers/server.ts';

// one exercise per chapter, with a catalogued mistake to paste
const EXERCISES = [
  { id: 'attention/scaled-dot-product', mistake: 'no-scaling', picture: true },
  { id: 'transformer/layer-norm', mistake: 'eps-outside-sqrt' },
  { id: 'gpt/reward-pairwise-loss', mistake: 'swapped' },
  { id: 'bert/embeddings', mistake: 'no-layer-norm' },
  { id: 'swin/window-partition', mistake: 'column-major-windows', picture: true },
  { id: 'vit/patch-embedding', mistake: 'bias-forgotten' },
];

const TEXT = {
  zh: { prefix: '', passed: '全部通过', timeLimit: '已停止', diagnosis: '诊断' },
  en: {
    prefix: '/en',
    passed: 'All checks passed',
    timeLimit: 'was stopped',
    diagnosis: 'Diagnosis',
  },
};

const source = (id: string, name: string) =>
  readFileSync(join(exerciseDir(id), `${name}.ts`), 'utf8');

/** An export of the exercise's first function that never returns. */
function infiniteLoop(id: string): string {
  const names = Object.keys(findExercise(id)!.signatures);
  return names
    .map((n) => `export function ${n}(...args: unknown[]): never { while (true) {} }`)
    .join('\n');
}

let site: RunningSite;
let browser: BrowserContext;

beforeAll(async () => {
  site = await startSite();
  browser = await launchBrowser();
}, SITE_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

describe.each(['zh', 'en'] as const)('the exercise widget in %s', (lang) => {
  const t = TEXT[lang];

  it.each(EXERCISES)(
    'passes, diagnoses, stops a loop and keeps $id across a reload',
    async ({ id, mistake, picture }) => {
      const exercise = findExercise(id)!;
      const page = await browser.newPage();
      const errors = collectErrors(page);
      await page.goto(`${site.baseUrl}${t.prefix}/exercises/${id}/`);
      const widget = page.locator('[data-exercise-widget]');
      await editorReady(widget);

      await pasteCode(page, widget, source(id, 'solution'));
      const passed = await runAndWait(page, widget);
      expect(passed).toContain(t.passed);
      expect(await widget.locator('[data-status]').innerText()).toContain('WebGPU');

      await pasteCode(page, widget, source(id, `mistakes/${mistake}`));
      const wrong = await runAndWait(page, widget);
      expect(wrong).not.toContain(t.passed);
      expect(wrong).toContain(
        `${t.diagnosis}: ${exercise.mistakes.find((m) => m.id === mistake)!.title[lang]}`,
      );

      if (picture) {
        // the learner's weights or windows beside the expected ones, differences outlined
        expect(
          await widget.locator('.exercise-visual .visual-grid').count(),
        ).toBeGreaterThanOrEqual(2);
        expect(await widget.locator('.visual-grid td.differs').count()).toBeGreaterThan(0);
      }

      await pasteCode(page, widget, infiniteLoop(id));
      const stopped = await runAndWait(page, widget, 120_000);
      expect(stopped).toContain(t.timeLimit);

      await pasteCode(page, widget, source(id, 'solution'));
      expect(await runAndWait(page, widget)).toContain(t.passed);

      await page.reload();
      await editorReady(widget);
      const code = await widget.locator('textarea[data-code]').inputValue();
      expect(code.trim()).toBe(source(id, 'solution').trim());
      await page.goto(`${site.baseUrl}${t.prefix}/progress/`);
      const row = page.locator(`tr[data-exercise="${id}"] [data-status]`);
      expect(await row.innerText()).toContain('✓');

      expect(errors, errors.join('\n')).toEqual([]);
      await page.close();
    },
    300_000,
  );
});
