// Vitest global setup: builds the site once (when it is missing or stale) before the suites
// that serve it start, so that they never build it at the same time.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  // SKIP_SITE_BUILD=1 for quick runs of suites that do not serve the site
  if (process.env['SKIP_SITE_BUILD'] === '1') return;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const result = spawnSync(process.execPath, ['scripts/start.ts', '--build-only'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`building the site failed (exit ${result.status})`);
}
