import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeSafetensors } from '../../graders/checkpoint/safetensors.ts';
import { runCli } from '../helpers/cli.ts';
import {
  PYTORCH_FIXTURES,
  exerciseCases,
  expectOutputsMatch,
  modelCases,
  readSafetensorsFile,
} from '../helpers/fixtures.ts';

const work = mkdtempSync(join(tmpdir(), 'attention-lab-cli-'));
const gpt = join(PYTORCH_FIXTURES, 'model.gpt');

function forwardArgs(dir: string, arch: string, out: string, weights?: string): string[] {
  return [
    'forward',
    '--arch',
    arch,
    '--config',
    join(dir, 'config.json'),
    '--weights',
    weights ?? join(dir, 'weights.safetensors'),
    '--inputs',
    join(dir, 'inputs.safetensors'),
    '--out',
    out,
  ];
}

describe('cli forward', () => {
  it.each(modelCases())('reproduces $name', async ({ name, dir, arch }) => {
    const out = join(work, `${name.replace(/\W+/g, '-')}.safetensors`);

    const result = await runCli(forwardArgs(dir, arch, out));

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expectOutputsMatch(
      readSafetensorsFile(out),
      readSafetensorsFile(join(dir, 'outputs.safetensors')),
    );
  });

  it('reproduces PyTorch on the wasm backend too', async () => {
    const out = join(work, 'gpt-wasm.safetensors');

    const result = await runCli([...forwardArgs(gpt, 'gpt', out), '--backend', 'wasm']);

    expect(result.code).toBe(0);
    expectOutputsMatch(
      readSafetensorsFile(out),
      readSafetensorsFile(join(gpt, 'outputs.safetensors')),
    );
  });

  it('names the tensor, the expected and the found shape for a checkpoint of another config', async () => {
    const config = join(work, 'gpt-wider.json');
    const fixtureConfig = JSON.parse(readFileSync(join(gpt, 'config.json'), 'utf8'));
    writeFileSync(config, JSON.stringify({ ...fixtureConfig, n_embd: 48 }));
    const args = forwardArgs(gpt, 'gpt', join(work, 'never.safetensors'));
    args[args.indexOf('--config') + 1] = config;

    const result = await runCli(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /"transformer\.wte\.weight": expected shape \[64,48\], found \[64,32\]/,
    );
    expect(existsSync(join(work, 'never.safetensors'))).toBe(false);
  });

  it('says which file is missing', async () => {
    const result = await runCli(
      forwardArgs(gpt, 'gpt', join(work, 'x.safetensors'), '/nope/w.safetensors'),
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read weights "\/nope\/w\.safetensors": no such file/);
  });

  it('rejects a weights file that is not safetensors', async () => {
    const args = forwardArgs(gpt, 'gpt', join(work, 'x.safetensors'), join(gpt, 'config.json'));

    const result = await runCli(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/weights ".*config\.json" is not a valid safetensors file/);
  });

  it('rejects a config that is not JSON, naming it', async () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, '{ n_layer: 2');
    const args = forwardArgs(gpt, 'gpt', join(work, 'x.safetensors'));
    args[args.indexOf('--config') + 1] = bad;

    const result = await runCli(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/config ".*bad\.json" is not valid JSON/);
  });

  it('rejects a config with an invalid field, naming the field', async () => {
    const bad = join(work, 'heads.json');
    writeFileSync(
      bad,
      JSON.stringify({ block_size: 16, vocab_size: 64, n_layer: 2, n_head: 5, n_embd: 32 }),
    );
    const args = forwardArgs(gpt, 'gpt', join(work, 'x.safetensors'));
    args[args.indexOf('--config') + 1] = bad;

    const result = await runCli(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/n_embd: n_embd must be divisible by n_head/);
  });

  it("rejects inputs that lack the model's input tensor", async () => {
    const inputs = join(work, 'wrong-inputs.safetensors');
    writeFileSync(
      inputs,
      serializeSafetensors({ ids: { dtype: 'I64', shape: [1, 2], data: new Int32Array([1, 2]) } }),
    );
    const args = forwardArgs(gpt, 'gpt', join(work, 'x.safetensors'));
    args[args.indexOf('--inputs') + 1] = inputs;

    const result = await runCli(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/inputs file has no tensor "tokens" \(found: ids\)/);
  });

  it('rejects an unknown architecture and a missing option as usage errors', async () => {
    const unknown = await runCli(forwardArgs(gpt, 'llama', join(work, 'x.safetensors')));
    const missing = await runCli(['forward', '--arch', 'gpt']);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--arch must be one of gpt, bert, swin, got "llama"/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing --config|missing --weights|missing --inputs/);
  });

  it('prints its usage for --help and exits 0', async () => {
    const result = await runCli(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/forward --arch gpt\|bert\|swin --config <config\.json>/);
  });

  it('exits 2 with its usage when no command is given, and for an unknown command', async () => {
    const none = await runCli([]);
    const unknown = await runCli(['train']);

    expect(none.code).toBe(2);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "train"/);
  });
});

describe('cli case', () => {
  it.each(exerciseCases())('reproduces PyTorch for %s', async (name) => {
    const dir = join(PYTORCH_FIXTURES, name);
    const out = join(work, `${name}.safetensors`);

    const result = await runCli([
      'case',
      '--case',
      join(dir, 'case.json'),
      '--inputs',
      join(dir, 'inputs.safetensors'),
      '--out',
      out,
    ]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expectOutputsMatch(
      readSafetensorsFile(out),
      readSafetensorsFile(join(dir, 'outputs.safetensors')),
    );
  });

  it('names a call whose function is unknown', async () => {
    const spec = join(work, 'case.json');
    writeFileSync(spec, JSON.stringify({ calls: ['flashAttention(q, k, v) -> out'] }));
    const inputs = join(PYTORCH_FIXTURES, 'attention.scaled-dot-product', 'inputs.safetensors');

    const result = await runCli([
      'case',
      '--case',
      spec,
      '--inputs',
      inputs,
      '--out',
      join(work, 'o'),
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown function "flashAttention"/);
  });
});
