// The shapes the class pages read from the API (times arrive as ISO strings).
import type { LatePolicy, Status } from '../lib/teach-i18n.ts';

export interface Text {
  zh: string;
  en: string;
}

export interface ClassInfo {
  id: number;
  name: string;
  joinCode: string;
  teacherId: string;
  createdAt: string;
}

export interface Assignment {
  id: number;
  classId: number;
  title: string;
  exerciseIds: string[];
  opensAt: string;
  dueAt: string;
  timeZone: string;
  latePolicy: LatePolicy;
  penaltyPerDay: number;
  cutoffAt: string | null;
  maxAttempts: number | null;
  counts: 'best' | 'last';
}

export interface RosterEntry {
  id: string;
  name: string;
  email: string;
  joinedAt: string;
  started: boolean;
}

export interface Cell {
  status: Status;
  score: number | null;
  rawScore: number | null;
  late: boolean;
  submittedAt: string | null;
  attempts: number;
  countedId: number | null;
}

export interface MatrixRow {
  student: { id: string; name: string; email: string };
  cells: Record<string, Cell>;
  score: number;
  late: boolean;
  submittedAt: string | null;
  attempts: number;
}

export interface ExerciseStats {
  exerciseId: string;
  students: number;
  started: number;
  passed: number;
  passRate: number;
  attemptsUntilPass: { median: number; mean: number } | null;
  mistakes: Array<{ mistake: string; title: Text; count: number }>;
  stuck: Array<{ id: string; name: string; failed: number }>;
}

export interface Submission {
  id: number;
  createdAt: string;
  state: string;
  passed: boolean | null;
  score: number | null;
  checks: Array<{ name: Text; passed: boolean; message: Text }> | null;
  diagnosis: { mistake: string; title: Text; hint?: Text } | null;
  error: { kind: string; message: string } | null;
  seed: number | null;
  graderVersion: string | null;
  code: string;
  gradings: Array<{
    id: number;
    regradeId: number | null;
    score: number | null;
    passed: boolean | null;
    graderVersion: string | null;
    seed: number | null;
    gradedAt: string;
  }>;
}

export interface TimelineEvent {
  id: number;
  exerciseId: string;
  createdAt: string;
  state: string;
  passed: boolean | null;
  score: number | null;
  diagnosis: { mistake: string; title: Text } | null;
  lateFor: number[];
}

export interface RegradeResult {
  regrade: { id: number; submissions: number; graderVersion: string };
  pending: number;
  changes: Array<{
    submissionId: number;
    exerciseId: string;
    student: string;
    email: string;
    before: { score: number | null; passed: boolean | null; graderVersion: string | null } | null;
    after: { score: number | null; passed: boolean | null; graderVersion: string | null };
    changed: boolean;
  }>;
}

/** An assignment as its student sees it: no exercise list of its own, their standing in it. */
export interface StudentAssignment extends Omit<Assignment, 'classId' | 'exerciseIds'> {
  className: string;
  score: number;
  exercises: Array<{ exerciseId: string } & Omit<Cell, 'rawScore' | 'countedId'>>;
}
