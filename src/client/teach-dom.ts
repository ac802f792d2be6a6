// What the class pages' scripts share: the API (src/client/api.ts, the account pages' too),
// its errors in the class pages' words, and a DOM builder that only ever makes text nodes of
// data (names, titles and code are never parsed as HTML).
import type { UiLang } from '../lib/i18n.ts';
import { api, ApiError } from './api.ts';
import { formatInstant } from '../lib/teach-time.ts';
import { TEACH_TEXT } from '../lib/teach-i18n.ts';
import type { TeachText } from '../lib/teach-i18n.ts';

export const lang: UiLang = document.documentElement.lang.startsWith('en') ? 'en' : 'zh';
export const t: TeachText = TEACH_TEXT[lang];
export const prefix = lang === 'en' ? '/en' : '';

export { api };

/** The fields a refused request named as invalid (zod's details), each with its message. */
export function invalidFields(error: unknown): Array<{ path: string; message: string }> {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return error.details.filter(
    (d): d is { path: string; message: string } =>
      typeof d?.path === 'string' && typeof d?.message === 'string',
  );
}

/** What went wrong, for the user. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t.errors.server;
  switch (error.code) {
    case 'network':
    case 'signed-out':
    case 'forbidden':
    case 'not-found':
    case 'bad-join-code':
    case 'own-class':
    case 'attempt-cap':
      return t.errors[error.code];
    case 'invalid-body':
      return t.errors.invalid;
    default:
      return error.status >= 500 ? t.errors.server : t.errors.refused(error.message);
  }
}

type Child = Node | string | number | null | undefined | false;

interface Props {
  class?: string;
  /** Attributes, set with setAttribute (never innerHTML). */
  attrs?: Record<string, string | number | boolean | undefined>;
  data?: Record<string, string>;
  on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
}

/** An element with text and element children: data is always a text node. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props?.class) node.className = props.class;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, value] of Object.entries(props?.data ?? {})) node.dataset[name] = value;
  for (const [name, listener] of Object.entries(props?.on ?? {})) {
    node.addEventListener(name, listener as EventListener);
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what `parent` holds. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A status line: the message as text, marked as an error when it is one. */
export function say(target: Element, message: string, kind: 'info' | 'error' = 'info'): void {
  target.textContent = message;
  target.classList.toggle('teach-error', kind === 'error');
}

/** A root element's JSON data attribute (server-rendered, so escaped by Astro). */
export function readJson<T>(root: HTMLElement, name: string): T {
  return JSON.parse(root.dataset[name] ?? 'null') as T;
}

/** A modal dialog whose body `build` fills; Escape and the Close button close it. */
export function openDialog(heading: string, build: (body: HTMLElement) => void): HTMLDialogElement {
  const body = h('div', { class: 'teach-dialog-body' });
  const title = h('h2', { attrs: { id: 'teach-dialog-title' } }, heading);
  const dialog = h(
    'dialog',
    { class: 'teach-dialog', attrs: { 'aria-labelledby': 'teach-dialog-title' } },
    h(
      'div',
      { class: 'teach-dialog-head' },
      title,
      h('button', { attrs: { type: 'button' }, data: { close: '' }, on: { click: () => dialog.close() } }, t.close),
    ),
    body,
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.querySelectorAll('dialog.teach-dialog').forEach((d) => (d as HTMLDialogElement).close());
  document.body.append(dialog);
  build(body);
  dialog.showModal();
  return dialog;
}

/** An exercise's title in this language, or its id. */
export function exerciseTitle(titles: Record<string, string>, id: string): string {
  return titles[id] ?? id;
}

/** A score 0..1 as a percentage, or a dash. */
export function scoreText(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : t.percent(score);
}

/** The link that lets a signed-in student join the class with `code`. */
export function joinUrl(code: string): string {
  return new URL(`${prefix}/classes/join/?code=${encodeURIComponent(code)}`, location.origin).href;
}

/** Shows every server-rendered <time data-local datetime=ISO> in the viewer's zone. */
export function localizeTimes(root: ParentNode): void {
  for (const time of root.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
    time.textContent = formatInstant(time.dateTime, t.locale);
  }
}
