// The student's classes page: join with a code, the classes joined, and each assignment with
// its due time (in the viewer's zone), late policy and standing per exercise.
import { formatInstant, viewerZone } from '../lib/teach-time.ts';
import { api, errorText, exerciseTitle, fill, h, prefix, readJson, say, scoreText, t } from './teach-dom.ts';
import { statusBadge } from './teach-views.ts';
import type { StudentAssignment } from './teach-types.ts';

const when = (iso: string) => formatInstant(iso, t.locale);

function init(root: HTMLElement): void {
  const titles = readJson<Record<string, string>>(root, 'titles');
  const form = root.querySelector<HTMLFormElement>('[data-join]')!;
  const joinStatus = root.querySelector<HTMLElement>('[data-join-status]')!;
  const joined = root.querySelector<HTMLElement>('[data-joined]')!;
  const classesStatus = root.querySelector<HTMLElement>('[data-classes-status]')!;
  const list = root.querySelector<HTMLElement>('[data-assignments]')!;
  const listStatus = root.querySelector<HTMLElement>('[data-assignments-status]')!;
  root.querySelector('[data-your-zone]')!.textContent = t.yourZone(viewerZone());

  const assignmentView = (a: StudentAssignment) =>
    h(
      'article',
      { class: 'teach-assignment', data: { assignment: String(a.id) } },
      h('h3', null, a.title),
      h(
        'dl',
        { class: 'teach-facts' },
        h('dt', null, t.className),
        h('dd', null, a.className),
        h('dt', null, t.opens),
        h('dd', null, when(a.opensAt)),
        h('dt', null, t.due),
        h(
          'dd',
          { data: { due: '' } },
          when(a.dueAt),
          ' ',
          h('span', { class: 'teach-note' }, t.setIn(a.timeZone)),
          Date.parse(a.dueAt) < Date.now() ? h('strong', { class: 'teach-badge' }, ` ${t.dueOver}`) : null,
        ),
        h('dt', null, t.policy),
        h('dd', null, t.policyText(a.latePolicy, a.penaltyPerDay, a.cutoffAt ? when(a.cutoffAt) : null)),
        h('dt', null, t.attempts),
        h('dd', null, t.attemptsText(a.maxAttempts)),
        h('dt', null, t.counts),
        h('dd', null, t.countsText(a.counts)),
        h('dt', null, t.yourScore),
        h('dd', { data: { score: '' } }, scoreText(a.score)),
      ),
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { attrs: { scope: 'col' } }, t.exercises),
            h('th', { attrs: { scope: 'col' } }, t.state),
            h('th', { attrs: { scope: 'col' } }, t.score),
            h('th', { attrs: { scope: 'col' } }, t.attempts),
            h('th', { attrs: { scope: 'col' } }, t.lastSubmitted),
          ),
        ),
        h(
          'tbody',
          null,
          ...a.exercises.map((e) =>
            h(
              'tr',
              { data: { exercise: e.exerciseId, status: e.status, late: String(e.late) } },
              h(
                'th',
                { attrs: { scope: 'row' } },
                h('a', { attrs: { href: `${prefix}/exercises/${e.exerciseId}/` } }, exerciseTitle(titles, e.exerciseId)),
              ),
              h('td', null, statusBadge(e.status, e.late)),
              h('td', null, e.status === 'not-started' ? '—' : scoreText(e.score)),
              h('td', null, a.maxAttempts === null ? String(e.attempts) : `${e.attempts} / ${a.maxAttempts}`),
              h('td', null, e.submittedAt ? when(e.submittedAt) : '—'),
            ),
          ),
        ),
      ),
    );

  async function load(): Promise<void> {
    try {
      const [{ joined: classes }, { assignments }] = await Promise.all([
        api<{ joined: Array<{ id: number; name: string; teacher: string }> }>('GET', '/api/classes'),
        api<{ assignments: StudentAssignment[] }>('GET', '/api/assignments'),
      ]);
      say(classesStatus, classes.length ? '' : t.noJoined);
      fill(
        joined,
        ...classes.map((c) =>
          h('li', { data: { class: String(c.id) } }, h('strong', null, c.name), ` — ${t.teacher}: `, c.teacher),
        ),
      );
      say(listStatus, assignments.length ? '' : t.noYourAssignments);
      fill(list, ...assignments.map(assignmentView));
    } catch (error) {
      say(classesStatus, errorText(error), 'error');
      say(listStatus, '');
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = form.elements.namedItem('code') as HTMLInputElement;
    const button = form.querySelector('button')!;
    button.disabled = true;
    say(joinStatus, t.working);
    try {
      const { class: klass } = await api<{ class: { id: number; name: string } }>('POST', '/api/classes/join', {
        code: input.value.trim(),
      });
      say(joinStatus, t.joined(klass.name));
      input.value = '';
      await load();
    } catch (error) {
      say(joinStatus, errorText(error), 'error');
    } finally {
      button.disabled = false;
    }
  });

  void load();
}

const root = document.querySelector<HTMLElement>('[data-student-classes]');
if (root) init(root);
