// @ts-check
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

// Every page is rendered on demand by the standalone Node server in dist/server/entry.mjs.
// At run time the server reads HOST and PORT from the environment; `server` below only
// sets the fallbacks (localhost:4321). `npm start` (scripts/start.ts) builds when needed.
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [mdx()],
  server: { host: 'localhost', port: 4321 },
});
