// What the browser keeps per exercise: the learner's code and whether it passed. Accounts
// (a later issue) will take progress over; until then it lives in localStorage.

const CODE = 'attention-lab:code:';
const PROGRESS = 'attention-lab:progress';

export interface ExerciseProgress {
  passed: boolean;
  bestScore: number;
  runs: number;
  lastRun: string;
}

function read<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    // storage disabled or a corrupt entry: behave as if nothing was saved
    return fallback;
  }
}

export function loadCode(id: string): string | null {
  try {
    return localStorage.getItem(CODE + id);
  } catch {
    return null;
  }
}

export function saveCode(id: string, code: string): void {
  try {
    localStorage.setItem(CODE + id, code);
  } catch {
    // storage full or disabled: the code stays in the editor, just not across reloads
  }
}

export function forgetCode(id: string): void {
  try {
    localStorage.removeItem(CODE + id);
  } catch {
    // nothing was stored
  }
}

export function allProgress(): Record<string, ExerciseProgress> {
  return read<Record<string, ExerciseProgress>>(PROGRESS, {});
}

/** Records a run: a pass stays a pass, and the best score is kept. */
export function recordRun(id: string, passed: boolean, score: number): void {
  const progress = allProgress();
  const before = progress[id];
  progress[id] = {
    passed: passed || (before?.passed ?? false),
    bestScore: Math.max(score, before?.bestScore ?? 0),
    runs: (before?.runs ?? 0) + 1,
    lastRun: new Date().toISOString(),
  };
  try {
    localStorage.setItem(PROGRESS, JSON.stringify(progress));
  } catch {
    // storage disabled: progress is not kept
  }
}
