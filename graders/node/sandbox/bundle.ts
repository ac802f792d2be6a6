import { build, transform } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { GradingAbort } from '../../grading/abort.ts';

const RUNTIME_ENTRY = fileURLToPath(new URL('../../sandbox/runtime.ts', import.meta.url));

/** The global the runtime bundle sets (runtime.ts); the host reads it once and deletes it. */
export const RUNTIME_GLOBAL = '__attentionLabRuntime';

let runtime: Promise<string> | undefined;

/**
 * The sandbox runtime (TensorFlow.js core, cpu backend, models, harness) as one script for a
 * bare JavaScript engine. Built once per process with esbuild.
 */
export function runtimeBundle(): Promise<string> {
  runtime ??= build({
    entryPoints: [RUNTIME_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  }).then((result) => `"use strict";\n${result.outputFiles[0]!.text}`);
  return runtime;
}

/**
 * Transpiles a submission (TypeScript or JavaScript, an ES module) to CommonJS for the
 * sandbox's loader. A syntax error stops grading with the line and column.
 */
export async function transpileSubmission(source: string): Promise<string> {
  try {
    const result = await transform(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'es2022',
      sourcefile: 'submission.ts',
      logLevel: 'silent',
    });
    return result.code;
  } catch (error) {
    const errors = (
      error as { errors?: { text: string; location?: { line: number; column: number } }[] }
    ).errors;
    const first = errors?.[0];
    const where = first?.location
      ? ` (line ${first.location.line}, column ${first.location.column + 1})`
      : '';
    throw new GradingAbort('compile', `${first?.text ?? (error as Error).message}${where}`);
  }
}
