import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { inProcessRunner } from '../grading/in-process.ts';
import type { MistakeLoader } from '../grading/grade.ts';

const EXERCISES_DIR = fileURLToPath(new URL('../exercises/', import.meta.url));

/** The folder of an exercise: graders/exercises/<id>/. */
export function exerciseDir(id: string): string {
  return join(EXERCISES_DIR, id);
}

/** The source of one of the exercise's submissions: 'starter', 'solution' or 'mistakes/<id>'. */
export function readExerciseSource(id: string, name: string): Promise<string> {
  return readFile(join(exerciseDir(id), `${name}.ts`), 'utf8');
}

/** Imports one of the exercise's own submissions in this process (trusted code only). */
export async function importExerciseModule(
  id: string,
  name: string,
): Promise<Record<string, unknown>> {
  const url = pathToFileURL(join(exerciseDir(id), `${name}.ts`)).href;
  return (await import(url)) as Record<string, unknown>;
}

/** Loads the catalogued mistakes of an exercise as in-process runners, for the diagnosis. */
export function mistakeLoader(id: string): MistakeLoader {
  return async (mistake) => inProcessRunner(await importExerciseModule(id, `mistakes/${mistake}`));
}
