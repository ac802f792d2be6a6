// @ts-check
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import node from '@astrojs/node';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';

// Chapters and exercise pages are prerendered at build time; the standalone Node server in
// dist/server/entry.mjs serves them and the endpoints (HOST and PORT from the environment;
// `server` below only sets the fallbacks). `npm start` (scripts/start.ts) builds when needed.
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // src/middleware.ts checks the Origin of every state-changing request against the Host the
  // browser addressed. Astro's own check compares with its configured host (localhost:4321
  // unless allowedDomains lists every name the site is served under) and would refuse our
  // own pages' DELETEs.
  security: { checkOrigin: false },
  server: { host: 'localhost', port: 4321 },
  vite: {
    resolve: {
      // chapters (content/docs/**.mdx) import components as '@components/...'
      alias: { '@components': fileURLToPath(new URL('./src/components', import.meta.url)) },
    },
  },
  // Astro 7's default processor runs no remark or rehype plugin: formulas need unified()
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }),
  },
  integrations: [
    starlight({
      title: { 'zh-CN': '注意力实验室', en: 'Attention Lab' },
      defaultLocale: 'root',
      locales: {
        root: { label: '简体中文', lang: 'zh-CN' },
        en: { label: 'English', lang: 'en' },
      },
      customCss: ['katex/dist/katex.min.css', './src/styles/course.css'],
      sidebar: [
        {
          label: '章节',
          translations: { en: 'Chapters' },
          items: [{ autogenerate: { directory: 'chapters' } }],
        },
        { label: '学习进度', translations: { en: 'Your progress' }, link: '/progress/' },
        { label: '班级与作业', translations: { en: 'Classes and homework' }, link: '/classes/' },
        { label: '账户', translations: { en: 'Account' }, link: '/account/' },
      ],
      lastUpdated: false,
    }),
    mdx(),
  ],
});
