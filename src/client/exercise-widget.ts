// Makes every exercise widget on the page interactive. Kept small: the editor (Monaco), the
// grader worker and the pictures load only when needed. Signed in, runs are also sent to the
// account (statistics), and Submit has the server grade the code for the record.
import { api, currentUser, errorText, ApiError } from './api.ts';
import { TimeLimitError, grader } from './grader-client.ts';
import { BACKEND_NAMES, RESULT_TEXT } from './results-text.ts';
import { forgetCode, loadCode, markMerged, recordRun, saveCode } from './storage.ts';
import type { LocalRun } from './storage.ts';
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
      const local = recordRun(id, answer.verdict.passed, answer.verdict.score, answer.backend);
      void postAttempt(local, answer.durationMs);
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

  const submitButton = root.querySelector<HTMLButtonElement>('[data-submit]')!;
  const submitLabel = submitButton.textContent;
  const submit = async () => {
    if (submitButton.disabled) return;
    submitButton.disabled = true;
    submitButton.textContent = submitButton.dataset['submitting'] ?? '…';
    try {
      const user = await currentUser();
      if (!user) {
        status.textContent = '';
        results.replaceChildren(signInMessage(root.dataset['accountHref']!, lang));
        return;
      }
      const code = editor.getValue();
      saveCode(id, code);
      status.textContent = t.server.sending;
      const verdict = await submitAndWait(id, code, (submissionId, seconds) => {
        results.replaceChildren(pendingMessage(submissionId, seconds, lang));
      });
      status.textContent = '';
      results.replaceChildren(serverVerdict(verdict, lang));
    } catch (error) {
      status.textContent = '';
      if (error instanceof ApiError && error.code === 'signed-out') {
        results.replaceChildren(signInMessage(root.dataset['accountHref']!, lang));
      } else if (error instanceof NoVerdictYet) {
        results.replaceChildren(el('p', 'exercise-error', t.server.noVerdictYet));
      } else {
        results.replaceChildren(el('p', 'exercise-error', errorText(error, lang)));
      }
    } finally {
      submitButton.disabled = false;
      submitButton.textContent = submitLabel;
    }
  };

  runButton.addEventListener('click', () => void run());
  submitButton.addEventListener('click', () => void submit());
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

/** A browser run, sent to the account when signed in; a failure changes nothing on the page. */
async function postAttempt(run: LocalRun, durationMs: number): Promise<void> {
  try {
    if (!(await currentUser())) return;
    const { lastRun: _, ...attempt } = run;
    await api('POST', '/api/attempts', { ...attempt, durationMs: Math.round(durationMs) });
    // the account has this run: signing in again must not merge it a second time
    markMerged([run]);
  } catch {
    // statistics only: the run stays unmerged and joins the account at the next sign-in
  }
}

interface ServerCheck {
  name: { zh: string; en: string };
  passed: boolean;
  message: { zh: string; en: string };
}

interface Submission {
  id: number;
  exerciseId: string;
  state: 'queued' | 'graded' | 'failed';
  passed: boolean | null;
  score: number | null;
  checks: ServerCheck[] | null;
  diagnosis: {
    mistake: string;
    title: { zh: string; en: string };
    hint: { zh: string; en: string };
  } | null;
  error: { kind: string; message: string } | null;
  seed: number | null;
  graderVersion: string | null;
  gradingMs: number | null;
}

const POLL_MS = 1_000;
/** Past this, the page stops waiting; the verdict still comes, on the progress page. */
const GIVE_UP_MS = 5 * 60_000;
/** Polls that may fail in a row (a restart, a network blip) before the page says so. */
const POLL_FAILURES = 5;

class NoVerdictYet extends Error {}

/** Sends code for grading, then asks every second until the server has graded it. */
async function submitAndWait(
  exerciseId: string,
  code: string,
  onWaiting: (id: number, seconds: number) => void,
): Promise<Submission> {
  const { id } = await api<{ id: number }>('POST', '/api/submissions', { exerciseId, code });
  const started = Date.now();
  let failures = 0;
  for (;;) {
    onWaiting(id, Math.floor((Date.now() - started) / 1000));
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    try {
      const { submission } = await api<{ submission: Submission }>('GET', `/api/submissions/${id}`);
      failures = 0;
      if (submission.state !== 'queued') return submission;
    } catch (error) {
      const transient = error instanceof ApiError && (error.status === 0 || error.status >= 500);
      if (!transient || ++failures >= POLL_FAILURES) throw error;
    }
    if (Date.now() - started > GIVE_UP_MS) throw new NoVerdictYet();
  }
}

function signInMessage(href: string, lang: Lang): HTMLElement {
  const t = RESULT_TEXT[lang].server;
  const p = el('p', 'exercise-signin', `${t.signInFirst} `);
  const link = el('a', '', t.signInLink);
  link.href = href;
  p.append(link);
  return p;
}

function pendingMessage(id: number, seconds: number, lang: Lang): HTMLElement {
  const t = RESULT_TEXT[lang].server;
  const p = el('p', 'exercise-pending');
  const bar = el('progress', '');
  bar.setAttribute('aria-label', t.waiting(id));
  p.append(bar, ` ${t.waiting(id)}`);
  // the seconds change every poll: kept out of what screen readers announce
  const elapsed = el('span', 'exercise-elapsed', ` ${t.elapsed(seconds)}`);
  elapsed.setAttribute('aria-hidden', 'true');
  p.append(elapsed);
  return p;
}

/** The server's verdict, labelled as such: the record, unlike a run in the browser. */
function serverVerdict(submission: Submission, lang: Lang): HTMLElement {
  const t = RESULT_TEXT[lang];
  const box = el('div', 'exercise-server');
  box.dataset['state'] = submission.state;
  box.append(el('p', 'exercise-server-label', t.server.label));
  const checks = submission.checks ?? [];
  if (submission.state === 'failed') {
    box.append(el('p', 'exercise-error', t.server.gradingFailed));
  } else if (submission.error) {
    const p = el('p', 'exercise-error');
    const kind = t.errors[submission.error.kind as keyof typeof t.errors] ?? submission.error.kind;
    p.append(el('strong', '', `${kind}: `), submission.error.message);
    box.append(p);
  } else if (submission.passed) {
    box.append(el('p', 'exercise-passed', t.server.passed(submission.score ?? 1)));
  } else {
    const passedCount = checks.filter((c) => c.passed).length;
    box.append(
      el(
        'p',
        'exercise-failed',
        t.server.failed(submission.score ?? 0, passedCount, checks.length),
      ),
    );
  }
  const failedChecks = checks.filter((c) => !c.passed);
  if (failedChecks.length > 0) {
    const list = el('ul', 'exercise-checks');
    for (const check of failedChecks) {
      const item = el('li', 'check-failed');
      item.append(el('span', 'check-mark', '✗ '));
      item.append(el('strong', '', check.name[lang]), ` — ${check.message[lang]}`);
      list.append(item);
    }
    box.append(list);
  }
  if (submission.diagnosis) {
    const diagnosis = el('div', 'exercise-diagnosis');
    diagnosis.append(el('strong', '', `${t.diagnosis}: ${submission.diagnosis.title[lang]}`));
    diagnosis.append(el('p', '', submission.diagnosis.hint[lang]));
    box.append(diagnosis);
  }
  box.append(
    el(
      'p',
      'exercise-note',
      t.server.details(submission.id, submission.graderVersion ?? '?', submission.seed ?? '?'),
    ),
  );
  return box;
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
