import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCase } from '../../graders/reference/calls.ts';
import { tf } from '../../graders/node/tf-node.ts';
import { BACKENDS, useBackend } from '../helpers/backends.ts';
import {
  PYTORCH_FIXTURES,
  exerciseCases,
  expectOutputsMatch,
  readJson,
  readSafetensorsFile,
} from '../helpers/fixtures.ts';

const cases = exerciseCases();

it('finds the PyTorch exercise cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(7);
});

describe.each(BACKENDS)('exercise cases on the %s backend', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases)('reproduces PyTorch for %s', async (name) => {
    const dir = join(PYTORCH_FIXTURES, name);
    const before = tf.memory().numTensors;

    const outputs = await runCase(
      readJson(join(dir, 'case.json')),
      readSafetensorsFile(join(dir, 'inputs.safetensors')),
    );

    expectOutputsMatch(outputs, readSafetensorsFile(join(dir, 'outputs.safetensors')));
    expect(tf.memory().numTensors).toBe(before);
  });
});
