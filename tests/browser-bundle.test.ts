import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.ts';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Records every import of a Node built-in made by the project's own files, and keeps
 * bundling. Dependencies are left to esbuild: their `browser` fields map built-ins they only
 * use under Node to empty modules, and any built-in they import unmapped fails the build.
 */
function recordNodeImports(seen: { path: string; importer: string }[]): Plugin {
  return {
    name: 'record-node-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const importer = relative(ROOT, args.importer);
        const bare = args.path.split('/')[0]!;
        const builtin = NODE_BUILTINS.has(args.path) || NODE_BUILTINS.has(bare);
        if (!builtin || importer.startsWith('node_modules/')) return undefined;
        seen.push({ path: args.path, importer });
        return { path: args.path, external: true };
      });
    },
  };
}

async function bundleForBrowser(entry: string) {
  const seen: { path: string; importer: string }[] = [];
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [recordNodeImports(seen)],
  });
  return { seen, inputs: Object.keys(result.metafile.inputs) };
}

describe("the graders' browser entry", () => {
  it('bundles for the browser without any Node built-in', async () => {
    const { seen } = await bundleForBrowser('graders/browser.ts');

    expect(seen).toEqual([]);
  });

  it('leaves the Node entry points out of the bundle', async () => {
    const { inputs } = await bundleForBrowser('graders/browser.ts');

    expect(inputs.some((f) => f.startsWith('graders/reference/'))).toBe(true);
    expect(inputs.some((f) => f.startsWith('graders/models/'))).toBe(true);
    expect(inputs.filter((f) => f.startsWith('graders/node/'))).toEqual([]);
  });

  it('catches a Node built-in when one leaks in (the check itself works)', async () => {
    const { seen } = await bundleForBrowser('graders/node/files.ts');

    expect(seen.map((s) => s.path)).toContain('node:fs/promises');
  });
});

/** Every .ts file under graders/, outside the Node entry points in graders/node/. */
function browserSideFiles(): string[] {
  return readdirSync(join(ROOT, 'graders'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('node/'))
    .map((f) => join('graders', f));
}

describe('the graders outside graders/node/', () => {
  it.each(browserSideFiles())('%s imports no Node built-in', (file) => {
    const source = readFileSync(join(ROOT, file), 'utf8');
    const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
      (m) => m[1]!,
    );

    expect(
      specifiers.filter((s) => NODE_BUILTINS.has(s) || NODE_BUILTINS.has(s.split('/')[0]!)),
    ).toEqual([]);
  });
});
