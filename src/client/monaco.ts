// Monaco, bundled by Vite (never from a CDN), loaded when an exercise comes into view: the
// editor, and TypeScript with the tfjs-core type definitions for `import * as tf from
// '@tensorflow/tfjs'`. Its stylesheets come with this chunk, so pages without an editor in
// view load none of it.
import * as monaco from 'monaco-editor/editor/editor.api.js';
// editor.api.js is the bare editor: the features a learner uses are registered one by one
import 'monaco-editor/features/codicon/register.js';
import 'monaco-editor/features/suggest/register.js';
// the features' suggest entry lacks the controller that shows the completion list
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/features/snippet/register.js';
import 'monaco-editor/features/hover/register.js';
import 'monaco-editor/features/parameterHints/register.js';
import 'monaco-editor/features/gotoError/register.js';
import 'monaco-editor/features/bracketMatching/register.js';
import 'monaco-editor/features/comment/register.js';
import 'monaco-editor/features/find/register.js';
import 'monaco-editor/features/linesOperations/register.js';
import 'monaco-editor/features/wordOperations/register.js';
import 'monaco-editor/features/multicursor/register.js';
import 'monaco-editor/features/clipboard/register.js';
import 'monaco-editor/features/contextmenu/register.js';
import 'monaco-editor/features/wordHighlighter/register.js';
import 'monaco-editor/languages/definitions/typescript/register.js';
import * as ts from 'monaco-editor/languages/features/typescript/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker.js?worker';

interface Hooks {
  onChange(code: string): void;
  onRun(): void;
}

let typesLoaded: Promise<void> | undefined;

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) =>
    label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker(),
};

/** Registers the tfjs-core declaration files so `tf.` completes in the editor. */
function loadTypes(): Promise<void> {
  typesLoaded ??= (async () => {
    ts.typescriptDefaults.setCompilerOptions({
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      strict: true,
      noEmit: true,
      lib: ['es2020'],
    });
    // one chunk with the editor (about 130 KB gzip), not one request per file
    const files = import.meta.glob<string>(
      ['/node_modules/@tensorflow/tfjs-core/dist/**/*.d.ts', '!**/*_test.d.ts'],
      { query: '?raw', import: 'default', eager: true },
    );
    for (const [path, text] of Object.entries(files)) {
      ts.typescriptDefaults.addExtraLib(text, `file://${path}`);
    }
    ts.typescriptDefaults.addExtraLib(
      "export * from './dist/index';",
      'file:///node_modules/@tensorflow/tfjs-core/index.d.ts',
    );
    ts.typescriptDefaults.addExtraLib(
      "export * from '@tensorflow/tfjs-core';",
      'file:///node_modules/@tensorflow/tfjs/index.d.ts',
    );
  })();
  return typesLoaded;
}

function theme(): string {
  return document.documentElement.dataset['theme'] === 'light' ? 'vs' : 'vs-dark';
}

/** Replaces the textarea by Monaco, keeping its code; returns the editor's value accessors. */
export async function createEditor(
  container: HTMLElement,
  textarea: HTMLTextAreaElement,
  hooks: Hooks,
) {
  void loadTypes();
  const host = document.createElement('div');
  host.className = 'monaco-host';
  container.append(host);
  const id = textarea.id.replace(/-code$/, '');
  const model = monaco.editor.createModel(
    textarea.value,
    'typescript',
    monaco.Uri.parse(`file:///exercises/${id}.ts`),
  );
  const editor = monaco.editor.create(host, {
    model,
    theme: theme(),
    automaticLayout: true,
    // the completion details and hovers may reach past the editor's box
    fixedOverflowWidgets: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    tabSize: 2,
    ariaLabel: textarea.labels?.[0]?.textContent ?? 'code',
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => hooks.onRun());
  model.onDidChangeContent(() => {
    textarea.value = model.getValue();
    hooks.onChange(model.getValue());
  });
  textarea.hidden = true;
  container.dataset['monaco'] = 'ready';
  return {
    getValue: () => model.getValue(),
    setValue: (code: string) => model.setValue(code),
  };
}
