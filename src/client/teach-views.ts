// Views the teacher's class and assignment pages share: a student's submissions of one
// exercise (code, checks, diagnosis, seed, grader version, every grading) and a student's
// timeline across the class's homework. Both open in a dialog.
import { formatInstant } from '../lib/teach-time.ts';
import { LATE_SYMBOL, STATUS_SYMBOL } from '../lib/teach-i18n.ts';
import type { Status } from '../lib/teach-i18n.ts';
import { api, errorText, exerciseTitle, fill, h, lang, openDialog, say, scoreText, t } from './teach-dom.ts';
import type { Submission, TimelineEvent } from './teach-types.ts';

const when = (iso: string) => formatInstant(iso, t.locale);

/** A status as symbol and words, for a cell or a legend (never colour alone). */
export function statusBadge(status: Status, late = false): HTMLElement {
  return h(
    'span',
    { class: `teach-status teach-status-${status}` },
    h('span', { attrs: { 'aria-hidden': 'true' } }, STATUS_SYMBOL[status]),
    ' ',
    t.status[status],
    late ? h('span', { class: 'teach-late' }, ` ${LATE_SYMBOL} ${t.lateMark}`) : null,
  );
}

function verdictText(s: { state: string; passed: boolean | null }): string {
  if (s.state !== 'graded') return t.states[s.state] ?? s.state;
  return s.passed ? `✓ ${t.passedWord}` : `✗ ${t.failedWord}`;
}

function row(label: string, value: Node | string): HTMLElement[] {
  return [h('dt', null, label), h('dd', null, value)];
}

function submissionView(s: Submission): HTMLElement {
  const checks = s.checks ?? [];
  return h(
    'article',
    { class: 'teach-submission', data: { submission: String(s.id) } },
    h('h3', null, `${t.submission(s.id)} · ${verdictText(s)} · ${scoreText(s.score)}`),
    h(
      'dl',
      { class: 'teach-facts' },
      ...row(t.submittedAt, when(s.createdAt)),
      ...row(t.seed, s.seed === null ? '—' : String(s.seed)),
      ...row(t.graderVersion, s.graderVersion ?? '—'),
    ),
    checks.length
      ? h(
          'section',
          null,
          h('h4', null, t.checks),
          h(
            'ul',
            { class: 'teach-checks' },
            ...checks.map((c) =>
              h(
                'li',
                { class: c.passed ? 'teach-check-pass' : 'teach-check-fail' },
                h('span', { attrs: { 'aria-hidden': 'true' } }, c.passed ? '✓ ' : '✗ '),
                h('span', { class: 'teach-sr-only' }, c.passed ? `${t.passedWord}: ` : `${t.failedWord}: `),
                h('strong', null, c.name[lang]),
                c.message[lang] ? ` — ${c.message[lang]}` : null,
              ),
            ),
          ),
        )
      : null,
    s.diagnosis
      ? h(
          'p',
          { class: 'teach-diagnosis', data: { diagnosis: s.diagnosis.mistake } },
          h('strong', null, `${t.diagnosis}: `),
          s.diagnosis.title[lang],
          ` (${s.diagnosis.mistake})`,
        )
      : null,
    s.error
      ? h('p', { class: 'teach-error' }, h('strong', null, `${t.error}: `), `${s.error.kind}: ${s.error.message}`)
      : null,
    h('h4', null, t.gradings),
    h(
      'table',
      { class: 'teach-gradings' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { attrs: { scope: 'col' } }, t.gradedAt),
          h('th', { attrs: { scope: 'col' } }, t.score),
          h('th', { attrs: { scope: 'col' } }, t.state),
          h('th', { attrs: { scope: 'col' } }, t.seed),
          h('th', { attrs: { scope: 'col' } }, t.graderVersion),
          h('th', { attrs: { scope: 'col' } }, t.regradeId),
        ),
      ),
      h(
        'tbody',
        null,
        ...s.gradings.map((g) =>
          h(
            'tr',
            { data: { grading: String(g.id) } },
            h('td', null, when(g.gradedAt)),
            h('td', null, scoreText(g.score)),
            h('td', null, g.passed === null ? '—' : g.passed ? `✓ ${t.passedWord}` : `✗ ${t.failedWord}`),
            h('td', null, g.seed === null ? '—' : String(g.seed)),
            h('td', null, g.graderVersion ?? '—'),
            h('td', null, g.regradeId === null ? t.firstGrading : `#${g.regradeId}`),
          ),
        ),
      ),
    ),
    h('h4', null, t.code),
    h('pre', { class: 'teach-code' }, h('code', null, s.code)),
  );
}

/** Opens a student's submissions of one exercise, newest first. */
export function openHistory(
  classId: number,
  student: { id: string; name: string },
  exerciseId: string,
  titles: Record<string, string>,
): void {
  openDialog(t.historyOf(student.name, exerciseTitle(titles, exerciseId)), (body) => {
    const status = h('p', { attrs: { role: 'status' } }, t.loading);
    body.append(status);
    const path =
      `/api/classes/${classId}/students/${encodeURIComponent(student.id)}/submissions` +
      `?exercise=${encodeURIComponent(exerciseId)}`;
    api<{ submissions: Submission[] }>('GET', path).then(
      ({ submissions }) => {
        if (submissions.length === 0) return say(status, t.noSubmissions);
        fill(body, ...[...submissions].reverse().map(submissionView));
        body.dataset['loaded'] = '';
      },
      (error) => say(status, errorText(error), 'error'),
    );
  });
}

/** Opens a student's timeline across the class's homework. */
export function openTimeline(
  classId: number,
  student: { id: string; name: string },
  titles: Record<string, string>,
  assignmentTitles: Record<string, string>,
): void {
  openDialog(t.timelineOf(student.name), (body) => {
    const status = h('p', { attrs: { role: 'status' } }, t.loading);
    body.append(status);
    api<{ events: TimelineEvent[] }>(
      'GET',
      `/api/classes/${classId}/students/${encodeURIComponent(student.id)}/timeline`,
    ).then(
      ({ events }) => {
        if (events.length === 0) return say(status, t.noSubmissions);
        fill(
          body,
          h(
            'ol',
            { class: 'teach-timeline' },
            ...events.map((e) =>
              h(
                'li',
                { data: { event: String(e.id) } },
                h('time', { attrs: { datetime: e.createdAt } }, when(e.createdAt)),
                ' — ',
                h(
                  'button',
                  {
                    class: 'teach-link-button',
                    attrs: { type: 'button' },
                    on: { click: () => openHistory(classId, student, e.exerciseId, titles) },
                  },
                  exerciseTitle(titles, e.exerciseId),
                ),
                ` · ${verdictText(e)} · ${scoreText(e.score)}`,
                e.diagnosis ? ` · ${t.diagnosis}: ${e.diagnosis.title[lang]}` : null,
                e.lateFor.length
                  ? h(
                      'span',
                      { class: 'teach-late' },
                      ` · ${LATE_SYMBOL} ${t.lateFor(
                        e.lateFor.map((id) => `“${assignmentTitles[id] ?? `#${id}`}”`).join(', '),
                      )}`,
                    )
                  : null,
              ),
            ),
          ),
        );
        body.dataset['loaded'] = '';
      },
      (error) => say(status, errorText(error), 'error'),
    );
  });
}
