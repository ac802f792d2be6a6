// npm run bench: every benchmark, printing figures (targets are read off, never asserted).
await import('./models.ts');
await import('./grading.ts');
await import('./site.ts');
