// An assignment for its teacher: the class × exercise matrix (each cell opens the student's
// submissions), per-exercise statistics, a Chart.js bar chart of the diagnosed mistakes, who
// is stuck, and regrading with what changed. Chart.js is bundled, and only this page loads it.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { formatInstant, viewerZone } from '../lib/teach-time.ts';
import { LATE_SYMBOL, STATUS_SYMBOL } from '../lib/teach-i18n.ts';
import {
  api,
  errorText,
  exerciseTitle,
  fill,
  h,
  lang,
  localizeTimes,
  readJson,
  say,
  scoreText,
  t,
} from './teach-dom.ts';
import { openHistory, openTimeline } from './teach-views.ts';
import type { Assignment, ClassInfo, ExerciseStats, MatrixRow, RegradeResult } from './teach-types.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const POLL_MS = 1000;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function init(root: HTMLElement): void {
  const assignmentId = Number(root.dataset['teachAssignment']);
  const classId = Number(root.dataset['classId']);
  const exerciseIds = readJson<string[]>(root, 'exercises');
  const titles = readJson<Record<string, string>>(root, 'titles');
  const title = (id: string) => exerciseTitle(titles, id);
  const matrix = root.querySelector<HTMLTableElement>('[data-matrix]')!;
  const matrixStatus = root.querySelector<HTMLElement>('[data-matrix-status]')!;
  const statsBox = root.querySelector<HTMLElement>('[data-stats]')!;
  const statsStatus = root.querySelector<HTMLElement>('[data-stats-status]')!;
  const mistakesBox = root.querySelector<HTMLElement>('[data-mistakes]')!;
  const stuckBox = root.querySelector<HTMLElement>('[data-stuck]')!;
  let chart: Chart | null = null;

  localizeTimes(root);
  root.querySelector('[data-your-zone]')!.textContent = t.yourZone(viewerZone());

  let assignmentTitles: Promise<Record<string, string>> | null = null;
  const classAssignments = () =>
    (assignmentTitles ??= api<{ class: ClassInfo; assignments: Assignment[] }>(
      'GET',
      `/api/classes/${classId}`,
    ).then(
      (data) => Object.fromEntries(data.assignments.map((a) => [String(a.id), a.title])),
      () => ({}),
    ));
  const showTimeline = async (student: { id: string; name: string }) =>
    openTimeline(classId, student, titles, await classAssignments());

  const cell = (row: MatrixRow, exerciseId: string) => {
    const c = row.cells[exerciseId];
    if (!c) return h('td', null, '—');
    const statusWords = t.status[c.status];
    const lateWords = c.late ? ` ${LATE_SYMBOL} ${t.lateMark}` : '';
    const score = c.status === 'not-started' ? '' : ` ${scoreText(c.score)}`;
    return h(
      'td',
      { data: { cell: exerciseId, status: c.status, late: String(c.late) } },
      h(
        'button',
        {
          class: `teach-cell teach-status-${c.status}`,
          attrs: {
            type: 'button',
            'aria-label': t.cellLabel(row.student.name, title(exerciseId), `${statusWords}${score}${lateWords}`),
          },
          on: { click: () => openHistory(classId, row.student, exerciseId, titles) },
        },
        h('span', { attrs: { 'aria-hidden': 'true' } }, STATUS_SYMBOL[c.status]),
        ` ${statusWords}`,
        score ? h('span', { class: 'teach-cell-score' }, score) : null,
        c.late ? h('span', { class: 'teach-late', data: { lateMark: '' } }, lateWords) : null,
      ),
    );
  };

  async function loadMatrix(): Promise<void> {
    try {
      const { students } = await api<{ students: MatrixRow[] }>('GET', `/api/assignments/${assignmentId}/matrix`);
      matrix.hidden = students.length === 0;
      say(matrixStatus, students.length === 0 ? t.noStudents : '');
      fill(
        matrix.tBodies[0]!,
        ...students.map((row) =>
          h(
            'tr',
            { data: { student: row.student.id } },
            h(
              'th',
              { attrs: { scope: 'row' } },
              h(
                'button',
                {
                  class: 'teach-link-button',
                  attrs: { type: 'button', title: t.timeline },
                  data: { timeline: row.student.id },
                  on: { click: () => void showTimeline(row.student) },
                },
                row.student.name,
              ),
            ),
            ...exerciseIds.map((id) => cell(row, id)),
            h('td', { data: { total: '' } }, scoreText(row.score), row.late ? h('span', { class: 'teach-late' }, ` ${LATE_SYMBOL} ${t.lateMark}`) : null),
            h('td', null, String(row.attempts)),
            h('td', null, row.submittedAt ? formatInstant(row.submittedAt, t.locale) : '—'),
          ),
        ),
      );
    } catch (error) {
      say(matrixStatus, errorText(error), 'error');
    }
  }

  function renderMistakes(exercises: ExerciseStats[]): void {
    chart?.destroy();
    chart = null;
    const several = exercises.length > 1;
    const bars = exercises.flatMap((e) =>
      e.mistakes.map((m) => ({
        label: several ? `${m.title[lang]} (${title(e.exerciseId)})` : m.title[lang],
        lines: several ? [m.title[lang], title(e.exerciseId)] : [m.title[lang]],
        mistake: m.mistake,
        count: m.count,
      })),
    );
    if (bars.length === 0) return fill(mistakesBox, h('p', null, t.noMistakes));
    bars.sort((x, y) => y.count - x.count);
    const summary = bars.map((b) => `${b.label}: ${b.count}`).join('; ');
    const canvas = h(
      'canvas',
      { attrs: { role: 'img', 'aria-label': t.mistakesChart(summary) }, data: { mistakeChart: '' } },
      // the fallback content: what a screen reader or a browser without canvas gets
      h('ul', null, ...bars.map((b) => h('li', null, `${b.label}: ${b.count}`))),
    );
    const table = h(
      'details',
      null,
      h('summary', null, t.mistakeTable),
      h(
        'table',
        { data: { mistakeTable: '' } },
        h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, t.diagnosis), h('th', { attrs: { scope: 'col' } }, t.mistakeCount))),
        h(
          'tbody',
          null,
          ...bars.map((b) =>
            h('tr', { data: { mistake: b.mistake } }, h('th', { attrs: { scope: 'row' } }, b.label), h('td', null, String(b.count))),
          ),
        ),
      ),
    );
    const frame = h('div', { class: 'teach-chart', attrs: { style: `height: ${Math.max(10, 3 + bars.length * 3)}rem` } }, canvas);
    fill(mistakesBox, frame, table);
    const text = cssVar('--sl-color-gray-2', '#444');
    const grid = cssVar('--sl-color-gray-5', '#ccc');
    chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: bars.map((b) => b.lines),
        datasets: [
          {
            label: t.mistakeCount,
            data: bars.map((b) => b.count),
            backgroundColor: cssVar('--sl-color-accent', '#4f46e5'),
          },
        ],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0, color: text }, grid: { color: grid } },
          y: { ticks: { color: text }, grid: { display: false } },
        },
      },
    });
    canvas.dataset['chart'] = 'ready';
  }

  async function loadStats(): Promise<void> {
    try {
      const { exercises } = await api<{ exercises: ExerciseStats[] }>('GET', `/api/assignments/${assignmentId}/stats`);
      say(statsStatus, '');
      fill(
        statsBox,
        h(
          'table',
          { data: { statsTable: '' } },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { attrs: { scope: 'col' } }, t.exercises),
              h('th', { attrs: { scope: 'col' } }, t.passRate),
              h('th', { attrs: { scope: 'col' } }, t.started),
              h('th', { attrs: { scope: 'col' } }, t.untilPass),
            ),
          ),
          h(
            'tbody',
            null,
            ...exercises.map((e) =>
              h(
                'tr',
                { data: { statsFor: e.exerciseId } },
                h('th', { attrs: { scope: 'row' } }, title(e.exerciseId)),
                h('td', { data: { passRate: '' } }, `${t.percent(e.passRate)} (${t.passedOf(e.passed, e.students)})`),
                h('td', null, t.startedOf(e.started, e.students)),
                h(
                  'td',
                  { data: { untilPass: '' } },
                  e.attemptsUntilPass ? t.medianMean(e.attemptsUntilPass.median, e.attemptsUntilPass.mean) : t.noneYet,
                ),
              ),
            ),
          ),
        ),
      );
      renderMistakes(exercises);
      const stuck = exercises.flatMap((e) => e.stuck.map((s) => ({ ...s, exerciseId: e.exerciseId })));
      fill(
        stuckBox,
        stuck.length
          ? h(
              'ul',
              { data: { stuckList: '' } },
              ...stuck.map((s) =>
                h(
                  'li',
                  null,
                  h(
                    'button',
                    {
                      class: 'teach-link-button',
                      attrs: { type: 'button' },
                      on: { click: () => openHistory(classId, s, s.exerciseId, titles) },
                    },
                    t.stuckEntry(s.name, title(s.exerciseId), s.failed),
                  ),
                ),
              ),
            )
          : h('p', null, t.nobodyStuck),
      );
    } catch (error) {
      say(statsStatus, errorText(error), 'error');
    }
  }

  const regradeButton = root.querySelector<HTMLButtonElement>('[data-regrade]')!;
  const regradeStatus = root.querySelector<HTMLElement>('[data-regrade-status]')!;
  const changesTable = root.querySelector<HTMLTableElement>('[data-regrade-changes]')!;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const verdict = (v: { score: number | null; passed: boolean | null } | null) =>
    v === null ? '—' : `${v.passed ? '✓' : '✗'} ${scoreText(v.score)}`;

  regradeButton.addEventListener('click', async () => {
    regradeButton.disabled = true;
    changesTable.hidden = true;
    say(regradeStatus, t.working);
    try {
      const { regrade } = await api<{ regrade: RegradeResult['regrade'] }>('POST', `/api/assignments/${assignmentId}/regrade`);
      let result: RegradeResult;
      for (;;) {
        result = await api<RegradeResult>('GET', `/api/regrades/${regrade.id}`);
        if (result.pending === 0) break;
        say(regradeStatus, t.regrading(regrade.submissions - result.pending, regrade.submissions));
        await sleep(POLL_MS);
      }
      if (regrade.submissions === 0) {
        say(regradeStatus, t.nothingToRegrade);
        return;
      }
      const changed = result.changes.filter((c) => c.changed).length;
      say(regradeStatus, t.regraded(result.changes.length, changed));
      fill(
        changesTable.tBodies[0]!,
        ...result.changes.map((c) =>
          h(
            'tr',
            { class: c.changed ? 'teach-changed' : '', data: { change: String(c.submissionId) } },
            h('th', { attrs: { scope: 'row' } }, c.student),
            h('td', null, title(c.exerciseId)),
            h('td', { data: { before: '' } }, verdict(c.before)),
            h('td', { data: { after: '' } }, h('span', { attrs: { 'aria-hidden': 'true' } }, '→ '), verdict(c.after)),
            h('td', null, c.changed ? h('strong', null, t.changed) : t.unchanged),
          ),
        ),
      );
      changesTable.hidden = false;
      await Promise.all([loadMatrix(), loadStats()]);
    } catch (error) {
      say(regradeStatus, errorText(error), 'error');
    } finally {
      regradeButton.disabled = false;
    }
  });

  void loadMatrix();
  void loadStats();
}

const root = document.querySelector<HTMLElement>('[data-teach-assignment]');
if (root) init(root);
