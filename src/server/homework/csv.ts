// Gradebook CSV: ready for a spreadsheet or an LMS import (UTF-8 with a byte-order mark,
// RFC 4180 quoting, CRLF), and safe to open: a cell a spreadsheet would run as a formula
// (=, +, -, @ first) is prefixed with an apostrophe.
import { toCsv } from '../../../graders/node/csv.ts';
import type { StudentRow } from './service.ts';

function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const percent = (share: number) => Math.round(share * 10000) / 100;

export const GRADE_HEADER = ['student', 'email', 'score', 'late', 'submitted_at', 'attempts'];

export function assignmentCsv(rows: StudentRow[]): string {
  return toCsv(
    GRADE_HEADER,
    rows.map((r) => [
      text(r.student.name),
      text(r.student.email),
      percent(r.score),
      r.late ? 'yes' : 'no',
      r.submittedAt?.toISOString() ?? '',
      r.attempts,
    ]),
  );
}

export function classCsv(perAssignment: Array<{ title: string; rows: StudentRow[] }>): string {
  return toCsv(
    ['assignment', ...GRADE_HEADER],
    perAssignment.flatMap(({ title, rows }) =>
      rows.map((r) => [
        text(title),
        text(r.student.name),
        text(r.student.email),
        percent(r.score),
        r.late ? 'yes' : 'no',
        r.submittedAt?.toISOString() ?? '',
        r.attempts,
      ]),
    ),
  );
}
