// What the browser keeps per exercise: the learner's code and whether it passed. Signed out,
// this is all the progress there is; signing in merges it into the account once (see
// src/client/api.ts), and the server's standing takes over the progress page.

const CODE = 'attention-lab:code:';
const PROGRESS = 'attention-lab:progress';

export interface ExerciseProgress {
  passed: boolean;
  bestScore: number;
  runs: number;
  lastRun: string;
  /** The last run's own result (older entries lack these three: see unmergedRuns). */
  lastPassed?: boolean;
  lastScore?: number;
  backend?: string;
  /** The account already has the last run (merged at sign-in, or posted as an attempt). */
  merged?: boolean;
}

/** An exercise's last local run, in the shape POST /api/progress/merge takes. */
export interface LocalRun {
  exerciseId: string;
  passed: boolean;
  score: number;
  backend: string;
  /** Which run this is, so that a run recorded meanwhile is not marked merged with it. */
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

function saveProgress(progress: Record<string, ExerciseProgress>): void {
  try {
    localStorage.setItem(PROGRESS, JSON.stringify(progress));
  } catch {
    // storage disabled: progress is not kept
  }
}

/**
 * Records a run: a pass stays a pass, and the best score is kept. Returns the run as the
 * account would take it.
 */
export function recordRun(id: string, passed: boolean, score: number, backend: string): LocalRun {
  const progress = allProgress();
  const before = progress[id];
  const lastRun = new Date().toISOString();
  progress[id] = {
    passed: passed || (before?.passed ?? false),
    bestScore: Math.max(score, before?.bestScore ?? 0),
    runs: (before?.runs ?? 0) + 1,
    lastRun,
    lastPassed: passed,
    lastScore: score,
    backend,
    merged: false,
  };
  saveProgress(progress);
  return { exerciseId: id, passed, score, backend, lastRun };
}

/** Each exercise's last run that the account does not have yet. */
export function unmergedRuns(): LocalRun[] {
  return Object.entries(allProgress())
    .filter(([, p]) => typeof p === 'object' && p !== null && p.merged !== true)
    .map(([id, p]) => {
      // entries from before accounts kept only the best result and no backend
      const score = Number(p.lastScore ?? p.bestScore);
      return {
        exerciseId: id,
        passed: (p.lastPassed ?? p.passed) === true,
        score: Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0,
        backend: String(p.backend ?? 'unknown').slice(0, 20),
        lastRun: p.lastRun,
      };
    });
}

/** Marks runs the account now has, unless the exercise was run again since. */
export function markMerged(runs: LocalRun[]): void {
  const progress = allProgress();
  for (const run of runs) {
    const entry = progress[run.exerciseId];
    if (entry && entry.lastRun === run.lastRun) entry.merged = true;
  }
  saveProgress(progress);
}
