// The site's figures: bytes a chapter page loads before and with the editor (gzip), time from
// page load to the first verdict, warm verdict time per exercise on each backend, and a
// Lighthouse run on a chapter page. Figures only; targets are read off, never asserted.
//
// Chapters are long (some 7,800 elements, 4,500 of them KaTeX's spans): what kept Lighthouse's
// performance score under 90 was total blocking time from style and layout, until the chapter's
// blocks were given content-visibility (course.css). Scores vary from run to run, hence a median.
import { gzipSync } from 'node:zlib';
import { launch } from 'chrome-launcher';
import runLighthouse from 'lighthouse';
import type { Locator, Page } from 'playwright-core';
import { EXERCISES } from '../graders/exercises/index.ts';
import { CHAPTERS } from '../graders/grading/types.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { startSite } from '../tests/helpers/server.ts';

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];
// how the status line names each backend (src/client/results-text.ts)
const BACKEND_WORDS: Record<string, string> = {
  webgpu: 'webgpu',
  webgl: 'webgl',
  wasm: 'webassembly',
  cpu: 'cpu',
};
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const LIGHTHOUSE_RUNS = 5;

/** JS and CSS gzip bytes of every response a step makes the page load. */
async function weigh(page: Page, step: () => Promise<void>) {
  const sizes = { js: 0, css: 0 };
  const pending: Promise<void>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    const type = response.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    pending.push(
      response.body().then(
        (body) => void (sizes[type === 'script' ? 'js' : 'css'] += gzipSync(body).length),
        () => undefined,
      ),
    );
  };
  page.on('response', onResponse);
  await step();
  await Promise.all(pending);
  page.off('response', onResponse);
  return sizes;
}

async function pageWeight(page: Page, baseUrl: string): Promise<void> {
  const before = await weigh(page, async () => {
    await page.goto(`${baseUrl}/chapters/transformer/`, { waitUntil: 'networkidle' });
  });
  const editor = await weigh(page, async () => {
    await page.locator('[data-exercise-widget]').first().scrollIntoViewIfNeeded();
    await page.locator('[data-monaco="ready"]').first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
  });
  console.log(
    `chapter page before the editor: JS ${kib(before.js)}, CSS ${kib(before.css)} (gzip)`,
  );
  console.log(
    `the editor (Monaco, TypeScript, tfjs types): JS ${kib(editor.js)}, CSS ${kib(editor.css)}`,
  );
}

/** Runs a widget's code; returns the wall time and the status line (the backend used). */
async function run(widget: Locator): Promise<{ wall: number; status: string }> {
  const start = performance.now();
  await widget.locator('[data-run]').click();
  await widget.locator('[data-run]:not([disabled])').waitFor({ timeout: 120_000 });
  return {
    wall: performance.now() - start,
    status: await widget.locator('[data-status]').innerText(),
  };
}

async function firstVerdict(page: Page, baseUrl: string): Promise<void> {
  const start = performance.now();
  await page.goto(`${baseUrl}/en/exercises/transformer/layer-norm/`);
  await page.locator('[data-run]').click();
  await page.locator('[data-results] p').first().waitFor({ timeout: 120_000 });
  console.log(
    `page load to first verdict (layer-norm, default backend): ` +
      `${((performance.now() - start) / 1000).toFixed(1)} s`,
  );
}

/** Each chapter page with its backend pinned: every widget run once, then three timed runs. */
async function warmVerdicts(page: Page, baseUrl: string): Promise<void> {
  console.log('\nwarm verdict (starter code, median of runs 2 to 4 on the page), seconds');
  console.log(['exercise'.padEnd(32), ...BACKENDS.map((b) => b.padStart(8))].join(''));
  const rows = new Map<string, string[]>(EXERCISES.map((e) => [e.id, []]));
  for (const backend of BACKENDS) {
    for (const chapter of CHAPTERS) {
      await page.goto(`${baseUrl}/en/chapters/${chapter}/?backend=${backend}`);
      for (const widget of await page.locator('[data-exercise-widget]').all()) {
        const id = (await widget.getAttribute('data-exercise-id'))!;
        await run(widget);
        // one run is at the mercy of whatever else the page is starting: the median of three
        const runs = [await run(widget), await run(widget), await run(widget)];
        const walls = runs.map((r) => r.wall).sort((x, y) => x - y);
        const ok = runs.every((r) => r.status.toLowerCase().includes(BACKEND_WORDS[backend]!));
        rows.get(id)?.push(ok ? (walls[1]! / 1000).toFixed(2) : 'n/a');
      }
    }
  }
  for (const [id, cells] of rows) {
    console.log([id.padEnd(32), ...cells.map((c) => c.padStart(8))].join(''));
  }
}

async function lighthouse(baseUrl: string): Promise<void> {
  const chrome = await launch({
    chromePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
    ],
  });
  try {
    // Lighthouse's own advice: scores vary from run to run, so take the median of several
    const runs: Record<string, number>[] = [];
    for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
      const result = await runLighthouse(`${baseUrl}/chapters/transformer/`, {
        port: chrome.port,
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        output: 'json',
        logLevel: 'error',
      });
      const categories = result?.lhr.categories ?? {};
      const score = (k: string) => Math.round((categories[k]?.score ?? 0) * 100);
      runs.push({
        performance: score('performance'),
        accessibility: score('accessibility'),
        'best practices': score('best-practices'),
        tbt: Math.round(Number(result?.lhr.audits['total-blocking-time']?.numericValue ?? 0)),
      });
    }
    const median = (key: string) => {
      const values = runs.map((r) => r[key]!).sort((x, y) => x - y);
      return values[Math.floor(values.length / 2)]!;
    };
    console.log(
      `\nlighthouse (chapter page, median of ${LIGHTHOUSE_RUNS}): performance ${median('performance')}, ` +
        `accessibility ${median('accessibility')}, best practices ${median('best practices')}; ` +
        `performance by run ${runs.map((r) => r['performance']).join(', ')}, ` +
        `total blocking time ${runs.map((r) => `${r['tbt']} ms`).join(', ')}`,
    );
  } finally {
    await chrome.kill();
  }
}

const site = await startSite();
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await pageWeight(page, site.baseUrl);
  await firstVerdict(page, site.baseUrl);
  await warmVerdicts(page, site.baseUrl);
  await lighthouse(site.baseUrl);
} finally {
  await browser.close();
  await site.stop();
}
