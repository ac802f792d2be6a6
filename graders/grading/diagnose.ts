import { outputDistance } from './compare.ts';
import type { CaseRecord } from './checks.ts';
import type { Diagnosis, ExerciseSpec, ValueCase } from './types.ts';

/**
 * What a catalogued mistake gives on value case `index`: run on the host (its wrong
 * submission, trusted code) or read from a pack.
 */
export type MistakeRecords = (mistakeId: string, index: number) => Promise<CaseRecord>;

interface Match {
  mistake: ExerciseSpec['mistakes'][number];
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
  spec: ExerciseSpec,
  cases: ValueCase[],
  records: CaseRecord[],
  mistakeRecords: MistakeRecords,
): Promise<Diagnosis | null> {
  let best: Match | null = null;
  for (const mistake of spec.mistakes) {
    const match = await compareWithMistake(
      mistake.id,
      mistakeRecords,
      cases,
      records,
      spec.tolerance,
    );
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
  mistakeId: string,
  mistakeRecords: MistakeRecords,
  cases: ValueCase[],
  records: CaseRecord[],
  tolerance: number,
): Promise<{ agreed: number; agreedOutputs: number; distance: number }> {
  let agreed = 0;
  let agreedOutputs = 0;
  let distance = 0;
  for (let i = 0; i < cases.length; i++) {
    const learner = records[i]!;
    const mistake = await mistakeRecords(mistakeId, i);
    if ('error' in mistake) {
      // the mistake fails on this case: it agrees with a learner whose code failed here too
      if ('error' in learner) agreed++;
      continue;
    }
    if (!('output' in learner)) continue;
    const d = outputDistance(learner.output, mistake.output);
    if (d <= 10 * tolerance * (cases[i]!.tolerance ?? 1)) {
      agreed++;
      agreedOutputs++;
    }
    distance += Number.isFinite(d) ? d : 1e6;
  }
  return { agreed, agreedOutputs, distance };
}
