import { outputDistance } from './compare.ts';
import type { CaseRecord } from './checks.ts';
import type { Diagnosis, Exercise, SubmissionRunner, ValueCase } from './types.ts';

/** Loads a catalogued mistake's wrong submission as a runner (trusted code). */
export type MistakeLoader = (mistakeId: string) => Promise<SubmissionRunner>;

interface Match {
  mistake: Exercise['mistakes'][number];
  agreed: number;
  /** Cases where both gave an output and the outputs agree (not just both failing). */
  agreedOutputs: number;
  distance: number;
}

/**
 * Names the catalogued mistake whose wrong submission behaves like the learner's: the one
 * that agrees with it on the most value cases (an output within tolerance, or an error on
 * the same case), provided it agrees on at least 80% of them and on at least one output
 * (code that crashes everywhere is not named after a mistake that crashes too).
 *
 * Returns: the mistake with its hint, or null when none behaves like the submission.
 */
export async function diagnose(
  exercise: Exercise,
  cases: ValueCase[],
  records: CaseRecord[],
  loadMistake: MistakeLoader,
): Promise<Diagnosis | null> {
  let best: Match | null = null;
  for (const mistake of exercise.mistakes) {
    const runner = await loadMistake(mistake.id);
    const match = await compareWithMistake(runner, cases, records, exercise.tolerance);
    const better =
      !best ||
      match.agreed > best.agreed ||
      (match.agreed === best.agreed && match.distance < best.distance);
    if (better) best = { mistake, ...match };
  }
  if (!best || best.agreedOutputs === 0 || best.agreed < Math.ceil(0.8 * cases.length)) {
    return null;
  }
  const { id, title, hint } = best.mistake;
  return { mistake: id, title, hint };
}

async function compareWithMistake(
  runner: SubmissionRunner,
  cases: ValueCase[],
  records: CaseRecord[],
  tolerance: number,
): Promise<{ agreed: number; agreedOutputs: number; distance: number }> {
  let agreed = 0;
  let agreedOutputs = 0;
  let distance = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const record = records[i]!;
    let output;
    try {
      output = await runner.call(c.fn, c.args);
    } catch {
      // the mistake fails on this case: it agrees with a learner whose code failed here too
      if ('error' in record) agreed++;
      continue;
    }
    if (!('output' in record)) continue;
    const d = outputDistance(record.output, output);
    if (d <= 10 * tolerance * (c.tolerance ?? 1)) {
      agreed++;
      agreedOutputs++;
    }
    distance += Number.isFinite(d) ? d : 1e6;
  }
  return { agreed, agreedOutputs, distance };
}
