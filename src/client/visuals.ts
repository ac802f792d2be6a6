// Pictures of a run: the learner's output beside the expected one. Attention weights as
// heatmaps (differences outlined, weight leaking past a mask marked), masks as grids, window
// partitions with every pixel coloured by the window it went to.
import type { Output } from '../../graders/grading/types.ts';
import type { VisualResult } from './protocol.ts';
import { RESULT_TEXT } from './results-text.ts';

type Lang = keyof typeof RESULT_TEXT;

const WINDOW_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The first [rows, cols] matrix of an output whose last two axes are a matrix. */
function matrices(out: Output): {
  rows: number;
  cols: number;
  count: number;
  at(m: number, i: number, j: number): number;
} {
  const rows = out.shape[out.shape.length - 2] ?? 1;
  const cols = out.shape[out.shape.length - 1] ?? out.values.length;
  const count = Math.max(1, Math.floor(out.values.length / (rows * cols)));
  return { rows, cols, count, at: (m, i, j) => out.values[(m * rows + i) * cols + j]! };
}

function grid(
  label: string,
  rows: number,
  cols: number,
  cell: (i: number, j: number, td: HTMLTableCellElement) => void,
): HTMLElement {
  const figure = el('figure', 'visual-grid');
  const table = el('table');
  table.setAttribute('role', 'img');
  table.setAttribute('aria-label', label);
  for (let i = 0; i < rows; i++) {
    const tr = el('tr');
    for (let j = 0; j < cols; j++) {
      const td = el('td');
      cell(i, j, td);
      tr.append(td);
    }
    table.append(tr);
  }
  figure.append(table, el('figcaption', '', label));
  return figure;
}

function sameShape(a: Output, b: Output): boolean {
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

function weights(got: Output, expected: Output, lang: Lang): HTMLElement[] {
  const t = RESULT_TEXT[lang];
  const want = matrices(expected);
  const mine = matrices(got);
  const paint =
    (m: typeof want, other: typeof want | null) =>
    (i: number, j: number, td: HTMLTableCellElement) => {
      const v = m.at(0, i, j);
      td.style.setProperty('--w', String(Math.max(0, Math.min(1, v))));
      td.title = v.toFixed(3);
      if (!other) return;
      const e = other.at(0, i, j);
      if (Math.abs(v - e) > 1e-2) td.classList.add('differs');
      if (e === 0 && v > 1e-3) {
        td.classList.add('leak');
        td.textContent = '!';
        td.title += ` (${t.leak})`;
      }
    };
  return [
    grid(t.yours, mine.rows, mine.cols, paint(mine, want)),
    grid(t.expected, want.rows, want.cols, paint(want, null)),
  ];
}

function masks(got: Output, expected: Output, lang: Lang): HTMLElement[] {
  const t = RESULT_TEXT[lang];
  const want = matrices(expected);
  const mine = matrices(got);
  const figures: HTMLElement[] = [];
  const windows = Math.min(want.count, 4);
  for (let m = 0; m < windows; m++) {
    const suffix = want.count > 1 ? ` #${m}` : '';
    figures.push(
      grid(`${t.yours}${suffix}`, mine.rows, mine.cols, (i, j, td) => {
        const v = mine.at(m, i, j);
        td.classList.add(v > 0 ? 'on' : 'off');
        if (v > 0 !== want.at(m, i, j) > 0) td.classList.add('differs');
      }),
      grid(`${t.expected}${suffix}`, want.rows, want.cols, (i, j, td) => {
        td.classList.add(want.at(m, i, j) > 0 ? 'on' : 'off');
      }),
    );
  }
  return figures;
}

/** Which window each pixel went to: windows hold pixel indices (h · W + w). */
function windowOf(out: Output, pixels: number): Int32Array {
  const owner = new Int32Array(pixels).fill(-1);
  const perWindow = out.values.length / (out.shape[0] ?? 1);
  out.values.forEach((pixel, k) => {
    const p = Math.round(pixel);
    if (p >= 0 && p < pixels) owner[p] = Math.floor(k / perWindow);
  });
  return owner;
}

function windows(got: Output, expected: Output, lang: Lang): HTMLElement[] {
  const t = RESULT_TEXT[lang];
  const pixels = expected.values.length;
  const side = Math.round(Math.sqrt(pixels));
  const draw = (label: string, owner: Int32Array, other: Int32Array | null) =>
    grid(label, side, side, (i, j, td) => {
      const w = owner[i * side + j]!;
      td.style.background = w >= 0 ? WINDOW_COLOURS[w % WINDOW_COLOURS.length]! : 'transparent';
      td.textContent = w >= 0 ? String(w) : '?';
      if (other && other[i * side + j] !== w) td.classList.add('differs');
    });
  const want = windowOf(expected, pixels);
  return [draw(t.yours, windowOf(got, pixels), want), draw(t.expected, want, null)];
}

/** The picture of a run, or the reason there is none. */
export function drawVisual(visual: VisualResult, lang: Lang): HTMLElement {
  const box = el('div', `exercise-visual visual-${visual.kind}`);
  if ('error' in visual.got) {
    box.append(el('p', '', visual.got.error));
    return box;
  }
  if (!sameShape(visual.got, visual.expected)) {
    box.append(el('p', '', `[${visual.got.shape}] ≠ [${visual.expected.shape}]`));
    return box;
  }
  const draw = { weights, mask: masks, windows }[visual.kind];
  box.append(...draw(visual.got, visual.expected, lang));
  return box;
}
