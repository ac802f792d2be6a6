export type UiLang = 'zh' | 'en';

/** The page's language from its path: English under /en/, Chinese elsewhere. */
export function langOf(url: URL): UiLang {
  return url.pathname === '/en' || url.pathname.startsWith('/en/') ? 'en' : 'zh';
}

/** The link prefix of a language: '' for Chinese (the root), '/en' for English. */
export function prefixOf(lang: UiLang): string {
  return lang === 'en' ? '/en' : '';
}

/** The exercise widget's words. */
export const WIDGET_TEXT = {
  zh: {
    run: '运行测试',
    running: '评测中…',
    reset: '重置代码',
    resetConfirm: '确定要把代码恢复为初始模板吗？当前代码会丢失。',
    hint: '显示提示',
    noMoreHints: '没有更多提示了',
    editorLabel: '代码编辑器',
    signature: '要导出的函数',
    hints: '提示',
    results: '评测结果',
    shortcut: 'Ctrl/⌘ + Enter 运行；在编辑器中按 Ctrl + M 后，Tab 键可移出编辑器',
    page: '单独打开这道练习',
  },
  en: {
    run: 'Run tests',
    running: 'Grading…',
    reset: 'Reset code',
    resetConfirm: 'Put the starter code back? Your current code will be lost.',
    hint: 'Show a hint',
    noMoreHints: 'No more hints',
    editorLabel: 'Code editor',
    signature: 'Functions to export',
    hints: 'Hints',
    results: 'Results',
    shortcut: 'Ctrl/⌘ + Enter runs; in the editor, Ctrl + M lets Tab move out of it',
    page: 'Open this exercise on its own page',
  },
} as const;
