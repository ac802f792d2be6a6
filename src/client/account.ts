// The account page's forms (src/components/AccountPage.astro): each sends its JSON to the
// API and says how it went in its own aria-live message. Signing in or up merges the progress
// this browser kept, then reloads: the server renders the signed-in page. Whatever the API
// returns about a user or a token is shown with textContent, never parsed as HTML.
import { ACCOUNT_TEXT, type UiLang } from '../lib/i18n.ts';
import { api, errorText, mergeLocalProgress, rememberSignedIn } from './api.ts';

type Text = (typeof ACCOUNT_TEXT)[UiLang];

interface Token {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

function field(data: FormData, name: string): string {
  return String(data.get(name) ?? '');
}

function messageOf(container: HTMLElement): HTMLElement {
  return container.querySelector<HTMLElement>('[data-message]')!;
}

function say(message: HTMLElement, text: string, error = false): void {
  message.classList.toggle('account-error', error);
  message.textContent = text;
}

/**
 * Sends a form with `action`; its answer (if any) is the message. The button is disabled
 * while the request runs and always enabled again.
 */
function handle(
  form: HTMLFormElement,
  lang: UiLang,
  action: (data: FormData) => Promise<string | null>,
): void {
  const message = messageOf(form);
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    say(message, ACCOUNT_TEXT[lang].working);
    action(new FormData(form))
      .then((done) => say(message, done ?? ''))
      .catch((error: unknown) => say(message, errorText(error, lang), true))
      .finally(() => {
        button.disabled = false;
        form.removeAttribute('aria-busy');
      });
  });
}

/** After sign-in or sign-up: the progress kept signed out joins the account, once. */
async function enter(): Promise<string | null> {
  rememberSignedIn(true);
  // a failed merge must not keep anyone out: the runs stay for the next sign-in
  await mergeLocalProgress().catch(() => 0);
  location.reload();
  return null;
}

function setupSignedOut(root: HTMLElement, lang: UiLang): void {
  const signIn = root.querySelector<HTMLFormElement>('[data-form="sign-in"]')!;
  handle(signIn, lang, async (data) => {
    await api('POST', '/api/auth/sign-in', {
      email: field(data, 'email'),
      password: field(data, 'password'),
    });
    return enter();
  });
  const signUp = root.querySelector<HTMLFormElement>('[data-form="sign-up"]')!;
  handle(signUp, lang, async (data) => {
    await api('POST', '/api/auth/sign-up', {
      email: field(data, 'email'),
      name: field(data, 'name'),
      password: field(data, 'password'),
    });
    return enter();
  });
}

function setupSignedIn(root: HTMLElement, lang: UiLang): void {
  const t = ACCOUNT_TEXT[lang];
  const signOut = root.querySelector<HTMLButtonElement>('[data-sign-out]')!;
  const signOutMessage = messageOf(signOut.parentElement!);
  signOut.addEventListener('click', () => {
    signOut.disabled = true;
    api('POST', '/api/auth/sign-out')
      .then(() => {
        rememberSignedIn(false);
        location.reload();
      })
      .catch((error: unknown) => say(signOutMessage, errorText(error, lang), true))
      .finally(() => (signOut.disabled = false));
  });

  const password = root.querySelector<HTMLFormElement>('[data-form="password"]')!;
  handle(password, lang, async (data) => {
    await api('POST', '/api/auth/password', {
      current: field(data, 'current'),
      next: field(data, 'next'),
    });
    password.reset();
    return t.passwordChanged;
  });

  for (const origin of root.querySelectorAll('[data-origin]')) origin.textContent = location.origin;
  setupTokens(root, lang, t);
  const admin = root.querySelector<HTMLElement>('[data-admin]');
  if (admin) setupUsers(admin, lang, t);
}

interface ListedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

type Role = 'learner' | 'teacher' | 'admin';
const ROLES: Role[] = ['learner', 'teacher', 'admin'];

/** An admin's list of accounts, each with a role to change (not their own). */
function setupUsers(section: HTMLElement, lang: UiLang, t: Text): void {
  const list = section.querySelector<HTMLElement>('[data-users]')!;
  const message = messageOf(section);
  const self = section.dataset['self'];
  const locale = lang === 'en' ? 'en' : 'zh-CN';

  const row = (user: ListedUser, body: HTMLTableSectionElement) => {
    const tr = body.insertRow();
    tr.dataset['user'] = user.id;
    tr.insertCell().textContent = user.id === self ? `${user.name}${t.you_}` : user.name;
    tr.insertCell().textContent = user.email;
    const cell = tr.insertCell();
    const select = document.createElement('select');
    select.setAttribute('aria-label', t.roleOf(user.name));
    for (const role of ROLES) {
      const option = new Option(t.roles[role], role, false, role === user.role);
      select.append(option);
    }
    select.disabled = user.id === self;
    select.addEventListener('change', () => {
      const role = select.value as Role;
      select.disabled = true;
      say(message, ACCOUNT_TEXT[lang].working);
      api<{ user: ListedUser }>('POST', '/api/admin/users', { id: user.id, role })
        .then(({ user: changed }) => {
          user.role = changed.role;
          say(message, t.roleChanged(changed.name, t.roles[changed.role]));
        })
        .catch((error: unknown) => {
          select.value = user.role;
          say(message, errorText(error, lang), true);
        })
        .finally(() => (select.disabled = false));
    });
    cell.append(select);
    tr.insertCell().textContent = new Date(user.createdAt).toLocaleDateString(locale);
  };

  api<{ users: ListedUser[] }>('GET', '/api/admin/users')
    .then(({ users }) => {
      const table = document.createElement('table');
      const head = table.createTHead().insertRow();
      const c = t.userColumns;
      for (const label of [c.name, c.email, c.role, c.since]) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = label;
        head.append(th);
      }
      const body = table.createTBody();
      for (const user of users) row(user, body);
      list.replaceChildren(table);
    })
    .catch((error: unknown) => say(message, errorText(error, lang), true))
    .finally(() => list.removeAttribute('aria-busy'));
}

function setupTokens(root: HTMLElement, lang: UiLang, t: Text): void {
  const form = root.querySelector<HTMLFormElement>('[data-form="token"]')!;
  const message = messageOf(form);
  const list = root.querySelector<HTMLElement>('[data-tokens]')!;
  const fresh = root.querySelector<HTMLElement>('[data-new-token]')!;
  const value = fresh.querySelector<HTMLElement>('[data-token-value]')!;
  const copy = fresh.querySelector<HTMLButtonElement>('[data-copy]')!;
  const copyLabel = copy.textContent;
  const locale = lang === 'en' ? 'en' : 'zh-CN';
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale) : t.never);

  const show = (tokens: Token[]) => {
    if (tokens.length === 0) {
      const none = document.createElement('p');
      none.textContent = t.noTokens;
      list.replaceChildren(none);
      return;
    }
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    const columns = t.tokenColumns;
    for (const label of [columns.name, columns.prefix, columns.created, columns.lastUsed]) {
      const th = document.createElement('th');
      th.textContent = label;
      head.append(th);
    }
    const actions = document.createElement('th');
    actions.textContent = columns.actions;
    head.append(actions);
    const body = table.createTBody();
    for (const token of tokens) {
      const row = body.insertRow();
      row.dataset['token'] = token.id;
      for (const text of [token.name, `${token.prefix}…`, when(token.createdAt)]) {
        row.insertCell().textContent = text;
      }
      row.insertCell().textContent = when(token.lastUsedAt);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = t.deleteLabel;
      remove.setAttribute('aria-label', t.deleteToken(token.name));
      remove.addEventListener('click', () => void removeToken(token, remove));
      row.insertCell().append(remove);
    }
    list.replaceChildren(table);
  };

  const load = async () => {
    list.setAttribute('aria-busy', 'true');
    try {
      show((await api<{ tokens: Token[] }>('GET', '/api/tokens')).tokens);
    } catch (error) {
      say(message, errorText(error, lang), true);
    } finally {
      list.removeAttribute('aria-busy');
    }
  };

  const removeToken = async (token: Token, button: HTMLButtonElement) => {
    if (!window.confirm(t.deleteConfirm(token.name))) return;
    button.disabled = true;
    try {
      await api('DELETE', `/api/tokens/${encodeURIComponent(token.id)}`);
      say(message, t.tokenDeleted(token.name));
      // the token shown once is gone with it (if it was this one)
      if (fresh.dataset['id'] === token.id) {
        fresh.hidden = true;
        value.textContent = '';
        for (const slot of root.querySelectorAll('[data-token-slot]')) slot.textContent = 'al_…';
      }
      await load();
    } catch (error) {
      say(message, errorText(error, lang), true);
      button.disabled = false;
    }
  };

  handle(form, lang, async (data) => {
    const created = await api<{ token: string; id: string }>('POST', '/api/tokens', {
      name: field(data, 'name'),
    });
    form.reset();
    value.textContent = created.token;
    fresh.dataset['id'] = created.id;
    fresh.hidden = false;
    copy.textContent = copyLabel;
    for (const slot of root.querySelectorAll('[data-token-slot]')) {
      slot.textContent = created.token;
    }
    await load();
    return null;
  });

  copy.addEventListener('click', () => {
    navigator.clipboard
      .writeText(value.textContent ?? '')
      .then(() => (copy.textContent = copy.dataset['copied'] ?? copyLabel))
      .catch(() => {
        // no clipboard (permissions, plain HTTP): select the token for a manual copy
        getSelection()?.selectAllChildren(value);
      });
  });

  void load();
}

const root = document.querySelector<HTMLElement>('[data-account]');
if (root) {
  const lang: UiLang = root.dataset['lang'] === 'en' ? 'en' : 'zh';
  const signedIn = root.dataset['signedIn'] === 'true';
  // the exercise pages (prerendered) ask the server who is signed in only after this says so
  rememberSignedIn(signedIn);
  if (signedIn) setupSignedIn(root, lang);
  else setupSignedOut(root, lang);
}
