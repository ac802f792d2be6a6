// Makes every exercise widget on the page interactive. Kept small: the editor (Monaco), the
// grader worker and the pictures load only when needed.
import { TimeLimitError, grader } from './grader-client.ts';
import { BACKEND_NAMES, RESULT_TEXT } from './results-text.ts';
import { forgetCode, loadCode, recordRun, saveCode } from './storage.ts';
import type { FromWorker } from './protocol.ts';

type Lang = keyof typeof RESULT_TEXT;

interface Editor {
  getValue(): string;
  setValue(code: string): void;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setup(root: HTMLElement): void {
  const id = root.dataset['exerciseId']!;
  const lang = (root.dataset['lang'] === 'en' ? 'en' : 'zh') as Lang;
  const t = RESULT_TEXT[lang];
  const textarea = root.querySelector<HTMLTextAreaElement>('[data-code]')!;
  const runButton = root.querySelector<HTMLButtonElement>('[data-run]')!;
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const results = root.querySelector<HTMLElement>('[data-results]')!;
  const starterCode = textarea.defaultValue; // the server-rendered starter code

  let editor: Editor = { getValue: () => textarea.value, setValue: (c) => (textarea.value = c) };
  const saved = loadCode(id);
  if (saved !== null) textarea.value = saved;
  textarea.addEventListener('input', () => saveCode(id, textarea.value));

  const run = async () => {
    if (runButton.disabled) return;
    runButton.disabled = true;
    root.setAttribute('aria-busy', 'true');
    status.textContent = runButton.dataset['running'] ?? '…';
    const code = editor.getValue();
    saveCode(id, code);
    try {
      const answer = await grader.grade(id, code, (stage) => {
        status.textContent = t.stages[stage as keyof typeof t.stages] ?? stage;
      });
      status.textContent = t.backend(BACKEND_NAMES[answer.backend] ?? answer.backend);
      recordRun(id, answer.verdict.passed, answer.verdict.score);
      await showVerdict(results, answer, lang);
    } catch (error) {
      if (!(error instanceof TimeLimitError)) throw error;
      status.textContent = '';
      results.replaceChildren(el('p', 'exercise-error', t.timeLimit(error.seconds)));
    } finally {
      runButton.disabled = false;
      root.removeAttribute('aria-busy');
    }
  };

  runButton.addEventListener('click', () => void run());
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  });
  root.querySelector('[data-reset]')!.addEventListener('click', (event) => {
    const button = event.currentTarget as HTMLElement;
    if (!window.confirm(button.dataset['confirm']!)) return;
    editor.setValue(starterCode);
    forgetCode(id);
  });
  root.querySelector('[data-hint]')!.addEventListener('click', (event) => {
    const next = root.querySelector<HTMLElement>('.exercise-hint[hidden]');
    if (next) {
      next.hidden = false;
      next.setAttribute('tabindex', '-1');
      next.focus();
    }
    if (!root.querySelector('.exercise-hint[hidden]')) {
      const button = event.currentTarget as HTMLButtonElement;
      button.disabled = true;
      button.textContent = button.dataset['none']!;
    }
  });

  // the editor arrives when the widget comes into view
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    observer.disconnect();
    void import('./monaco.ts').then(async ({ createEditor }) => {
      editor = await createEditor(root.querySelector('[data-editor]')!, textarea, {
        onChange: (code) => saveCode(id, code),
        onRun: () => void run(),
      });
    });
  });
  observer.observe(root);
}

async function showVerdict(
  results: HTMLElement,
  answer: Extract<FromWorker, { type: 'verdict' }>,
  lang: Lang,
): Promise<void> {
  const t = RESULT_TEXT[lang];
  const { verdict } = answer;
  const nodes: HTMLElement[] = [];
  const passedCount = verdict.checks.filter((c) => c.passed).length;
  if (verdict.error) {
    const p = el('p', 'exercise-error');
    p.append(el('strong', '', `${t.errors[verdict.error.kind]}: `), verdict.error.message);
    nodes.push(p);
  } else {
    const summary = verdict.passed ? t.passed : t.failed(passedCount, verdict.checks.length);
    nodes.push(el('p', verdict.passed ? 'exercise-passed' : 'exercise-failed', summary));
  }
  if (verdict.checks.length > 0) {
    const list = el('ul', 'exercise-checks');
    for (const check of verdict.checks) {
      const item = el('li', check.passed ? 'check-passed' : 'check-failed');
      item.append(el('span', 'check-mark', check.passed ? '✓ ' : '✗ '));
      item.append(el('strong', '', check.name[lang]), ` — ${check.message[lang]}`);
      list.append(item);
    }
    nodes.push(list);
  }
  if (verdict.diagnosis) {
    const box = el('div', 'exercise-diagnosis');
    box.append(el('strong', '', `${t.diagnosis}: ${verdict.diagnosis.title[lang]}`));
    box.append(el('p', '', verdict.diagnosis.hint[lang]));
    nodes.push(box);
  }
  if (answer.visual) {
    const { drawVisual } = await import('./visuals.ts');
    nodes.push(drawVisual(answer.visual, lang));
  }
  nodes.push(el('p', 'exercise-note', t.feedback));
  results.replaceChildren(...nodes);
}

for (const root of document.querySelectorAll<HTMLElement>('[data-exercise-widget]')) {
  if (!root.dataset['ready']) {
    root.dataset['ready'] = 'true';
    setup(root);
  }
}
