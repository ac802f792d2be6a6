import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runForward } from '../../graders/models/index.ts';
import { tf } from '../../graders/node/tf-node.ts';
import { BACKENDS, useBackend } from '../helpers/backends.ts';
import {
  expectOutputsMatch,
  modelCases,
  readJson,
  readSafetensorsFile,
} from '../helpers/fixtures.ts';

const cases = modelCases();

it('finds the PyTorch model cases and the NumPy ones with other configs', () => {
  expect(cases.filter((c) => c.name.startsWith('pytorch')).length).toBe(3);
  expect(cases.filter((c) => c.name.startsWith('numpy')).length).toBeGreaterThanOrEqual(6);
});

describe.each(BACKENDS)('reference models on the %s backend', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases)('reproduces $name', async ({ dir, arch }) => {
    const before = tf.memory().numTensors;

    const outputs = await runForward(
      arch,
      readJson(join(dir, 'config.json')),
      readSafetensorsFile(join(dir, 'weights.safetensors')),
      readSafetensorsFile(join(dir, 'inputs.safetensors')),
    );

    expectOutputsMatch(outputs, readSafetensorsFile(join(dir, 'outputs.safetensors')));
    expect(tf.memory().numTensors).toBe(before);
  });
});
