// The teacher's home page: their classes, and creating one (its join code and link shown).
import { api, errorText, fill, h, joinUrl, prefix, say, t } from './teach-dom.ts';
import { formatInstant } from '../lib/teach-time.ts';
import type { ClassInfo } from './teach-types.ts';

function classRow(c: ClassInfo): HTMLElement {
  const link = joinUrl(c.joinCode);
  return h(
    'tr',
    { data: { class: String(c.id) } },
    h('th', { attrs: { scope: 'row' } }, h('a', { attrs: { href: `${prefix}/teach/class/${c.id}/` } }, c.name)),
    h('td', null, h('code', null, c.joinCode)),
    h('td', null, h('a', { attrs: { href: link } }, link)),
    h('td', null, formatInstant(c.createdAt, t.locale)),
  );
}

async function init(root: HTMLElement): Promise<void> {
  const listStatus = root.querySelector<HTMLElement>('[data-list-status]')!;
  const table = root.querySelector<HTMLTableElement>('[data-classes]')!;
  const form = root.querySelector<HTMLFormElement>('[data-create-class]')!;
  const formStatus = root.querySelector<HTMLElement>('[data-form-status]')!;
  const created = root.querySelector<HTMLElement>('[data-created]')!;
  const classes: ClassInfo[] = [];

  const render = () => {
    table.hidden = classes.length === 0;
    listStatus.hidden = classes.length > 0;
    if (classes.length === 0) say(listStatus, t.noClasses);
    fill(table.tBodies[0]!, ...classes.map(classRow));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button')!;
    const input = form.elements.namedItem('name') as HTMLInputElement;
    button.disabled = true;
    say(formStatus, t.working);
    try {
      const { class: made } = await api<{ class: ClassInfo }>('POST', '/api/classes', {
        name: input.value,
      });
      classes.push(made);
      render();
      say(formStatus, '');
      root.querySelector('[data-created-message]')!.textContent = t.created(made.name);
      root.querySelector('[data-created-code]')!.textContent = made.joinCode;
      const link = root.querySelector<HTMLAnchorElement>('[data-created-link]')!;
      link.href = joinUrl(made.joinCode);
      link.textContent = link.href;
      created.hidden = false;
      form.reset();
    } catch (error) {
      say(formStatus, errorText(error), 'error');
    } finally {
      button.disabled = false;
    }
  });

  try {
    const { teaching } = await api<{ teaching: ClassInfo[] }>('GET', '/api/classes');
    classes.push(...teaching);
    render();
  } catch (error) {
    say(listStatus, errorText(error), 'error');
  }
}

const root = document.querySelector<HTMLElement>('[data-teach-home]');
if (root) void init(root);
