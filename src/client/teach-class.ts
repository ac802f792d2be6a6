// A class for its teacher: roster (who has not started, remove), assignments, and the form
// for a new assignment, whose wall-clock times are read in the chosen time zone.
import { formatInstant, instantToZoned, viewerZone, zoneChoices, zonedToInstant } from '../lib/teach-time.ts';
import { api, errorText, fill, h, invalidFields, joinUrl, prefix, readJson, say, t } from './teach-dom.ts';
import { openTimeline } from './teach-views.ts';
import type { Assignment, ClassInfo, RosterEntry } from './teach-types.ts';

const HOUR = 3_600_000;
const when = (iso: string) => formatInstant(iso, t.locale);

function describePolicy(a: Assignment): string {
  return t.policyText(a.latePolicy, a.penaltyPerDay, a.cutoffAt ? when(a.cutoffAt) : null);
}

function init(root: HTMLElement): void {
  const classId = Number(root.dataset['teachClass']);
  const titles = readJson<Record<string, string>>(root, 'titles');
  const rosterTable = root.querySelector<HTMLTableElement>('[data-roster]')!;
  const rosterStatus = root.querySelector<HTMLElement>('[data-roster-status]')!;
  const assignmentsTable = root.querySelector<HTMLTableElement>('[data-assignments]')!;
  const assignmentsStatus = root.querySelector<HTMLElement>('[data-assignments-status]')!;
  let assignmentTitles: Record<string, string> = {};

  const link = root.querySelector<HTMLAnchorElement>('[data-join-link]')!;
  link.href = joinUrl(root.querySelector('[data-join-code]')!.textContent!.trim());
  link.textContent = link.href;
  root.querySelector('[data-your-zone]')!.textContent = t.yourZone(viewerZone());

  const rosterRow = (s: RosterEntry) =>
    h(
      'tr',
      { class: s.started ? '' : 'teach-not-started', data: { student: s.id } },
      h(
        'th',
        { attrs: { scope: 'row' } },
        h(
          'button',
          {
            class: 'teach-link-button',
            attrs: { type: 'button', title: t.timeline },
            on: { click: () => openTimeline(classId, s, titles, assignmentTitles) },
          },
          s.name,
        ),
      ),
      h('td', null, s.email),
      h('td', null, when(s.joinedAt)),
      h(
        'td',
        { data: { started: String(s.started) } },
        s.started
          ? h('span', null, h('span', { attrs: { 'aria-hidden': 'true' } }, '✓ '), t.startedYes)
          : h('strong', { class: 'teach-badge' }, h('span', { attrs: { 'aria-hidden': 'true' } }, '○ '), t.notStarted),
      ),
      h(
        'td',
        null,
        h(
          'button',
          {
            attrs: { type: 'button', 'aria-label': t.removeLabel(s.name) },
            data: { remove: s.id },
            on: { click: (event) => void remove(s, event.currentTarget as HTMLButtonElement) },
          },
          t.remove,
        ),
      ),
    );

  const assignmentRow = (a: Assignment) =>
    h(
      'tr',
      { data: { assignment: String(a.id) } },
      h(
        'th',
        { attrs: { scope: 'row' } },
        h('a', { attrs: { href: `${prefix}/teach/assignment/${a.id}/` } }, a.title),
      ),
      h('td', null, when(a.opensAt)),
      h(
        'td',
        null,
        when(a.dueAt),
        ' ',
        h('span', { class: 'teach-note' }, t.setIn(a.timeZone)),
        Date.parse(a.dueAt) < Date.now() ? h('span', { class: 'teach-badge' }, ` ${t.dueOver}`) : null,
      ),
      h('td', null, describePolicy(a)),
      h('td', null, a.exerciseIds.map((id) => titles[id] ?? id).join(', ')),
    );

  async function load(): Promise<void> {
    try {
      const data = await api<{ class: ClassInfo; students: RosterEntry[]; assignments: Assignment[] }>(
        'GET',
        `/api/classes/${classId}`,
      );
      assignmentTitles = Object.fromEntries(data.assignments.map((a) => [String(a.id), a.title]));
      const waiting = data.students.filter((s) => !s.started).length;
      rosterTable.hidden = data.students.length === 0;
      say(
        rosterStatus,
        data.students.length === 0 ? t.noStudents : waiting ? t.notStartedCount(waiting, data.students.length) : '',
      );
      fill(rosterTable.tBodies[0]!, ...data.students.map(rosterRow));
      assignmentsTable.hidden = data.assignments.length === 0;
      say(assignmentsStatus, data.assignments.length === 0 ? t.noAssignments : '');
      fill(assignmentsTable.tBodies[0]!, ...data.assignments.map(assignmentRow));
    } catch (error) {
      say(rosterStatus, errorText(error), 'error');
      say(assignmentsStatus, '');
    }
  }

  async function remove(student: RosterEntry, button: HTMLButtonElement): Promise<void> {
    if (!confirm(t.removeConfirm(student.name))) return;
    button.disabled = true;
    try {
      await api('DELETE', `/api/classes/${classId}/members/${encodeURIComponent(student.id)}`);
      await load();
      say(rosterStatus, t.removed(student.name));
    } catch (error) {
      button.disabled = false;
      say(rosterStatus, errorText(error), 'error');
    }
  }

  setUpForm(root.querySelector<HTMLFormElement>('[data-new-assignment]')!, classId, load);
  void load();
}

function setUpForm(form: HTMLFormElement, classId: number, reload: () => Promise<void>): void {
  const field = <T extends Element>(name: string) => form.elements.namedItem(name) as unknown as T;
  const zone = field<HTMLSelectElement>('timeZone');
  const here = viewerZone();
  for (const name of zoneChoices([here])) {
    zone.append(h('option', { attrs: { value: name, selected: name === here } }, name));
  }
  zone.value = here;

  // sensible defaults: open now, due in a week at the same time, both in the chosen zone
  const now = Date.now();
  field<HTMLInputElement>('opensAt').value = instantToZoned(new Date(now), here);
  field<HTMLInputElement>('dueAt').value = instantToZoned(new Date(now + 7 * 24 * HOUR), here);

  const policyFields = form.querySelectorAll<HTMLElement>('[data-policy-field]');
  const policy = () => (form.querySelector<HTMLInputElement>('input[name=latePolicy]:checked')?.value ?? 'none') as Assignment['latePolicy'];
  const showPolicy = () => {
    for (const el of policyFields) el.hidden = el.dataset['policyField'] !== policy();
  };
  form.addEventListener('change', showPolicy);
  showPolicy();

  const status = form.querySelector<HTMLElement>('[data-assignment-status]')!;
  const errorSlots = form.querySelectorAll<HTMLElement>('[data-error-for]');
  const showErrors = (errors: Record<string, string>) => {
    for (const slot of errorSlots) {
      const name = slot.dataset['errorFor']!;
      slot.textContent = errors[name] ?? '';
      const input = form.elements.namedItem(name);
      const controls =
        input instanceof RadioNodeList ? [...input] : input ? [input] : [];
      for (const control of controls) {
        if (!(control instanceof HTMLElement)) continue;
        if (errors[name]) control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
      }
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const timeZone = zone.value;
    const errors: Record<string, string> = {};
    const title = field<HTMLInputElement>('title').value.trim();
    if (!title) errors['title'] = t.fieldErrors.title;
    const exerciseIds = [...form.querySelectorAll<HTMLInputElement>('input[name=exerciseIds]:checked')].map((c) => c.value);
    if (exerciseIds.length === 0) errors['exerciseIds'] = t.fieldErrors.exerciseIds;
    const instant = (name: 'opensAt' | 'dueAt' | 'cutoffAt') => {
      const value = zonedToInstant(field<HTMLInputElement>(name).value, timeZone);
      if (!value) errors[name] = t.fieldErrors[name];
      return value?.toISOString() ?? '';
    };
    const opensAt = instant('opensAt');
    const dueAt = instant('dueAt');
    const latePolicy = policy();
    const cutoffAt = latePolicy === 'cutoff' ? instant('cutoffAt') : null;
    const penalty = Number(field<HTMLInputElement>('penaltyPerDay').value);
    const attempts = field<HTMLInputElement>('maxAttempts').value.trim();
    showErrors(errors);
    if (Object.keys(errors).length) {
      say(status, t.errors.invalid, 'error');
      form.querySelector<HTMLElement>('[aria-invalid]')?.focus();
      return;
    }
    const body = {
      title,
      exerciseIds,
      opensAt,
      dueAt,
      timeZone,
      latePolicy,
      penaltyPerDay: latePolicy === 'per-day' ? penalty / 100 : 0,
      cutoffAt,
      maxAttempts: attempts === '' ? null : Number(attempts),
      counts: field<HTMLSelectElement>('counts').value,
    };
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    button.disabled = true;
    say(status, t.working);
    try {
      const { assignment } = await api<{ assignment: Assignment }>(
        'POST',
        `/api/classes/${classId}/assignments`,
        body,
      );
      say(status, t.assignmentCreated(assignment.title));
      field<HTMLInputElement>('title').value = '';
      await reload();
    } catch (error) {
      const invalid = invalidFields(error);
      if (invalid.length) {
        const byField: Record<string, string> = {};
        // "exerciseIds.0" belongs to the exercise list
        for (const d of invalid) byField[d.path.split('.')[0]!] ??= d.message;
        showErrors(byField);
      }
      say(status, errorText(error), 'error');
    } finally {
      button.disabled = false;
    }
  });
}

const root = document.querySelector<HTMLElement>('[data-teach-class]');
if (root) init(root);
