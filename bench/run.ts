// npm run bench [-- NAME...]: every benchmark (or the named ones: models, grading, site,
// server, teacher), printing figures (targets are read off, never asserted).
const ALL = ['models', 'grading', 'site', 'server', 'teacher'];
const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!ALL.includes(name)) {
    console.error(`bench: unknown benchmark "${name}"; choose from ${ALL.join(', ')}`);
    process.exit(2);
  }
}
for (const name of chosen.length > 0 ? chosen : ALL) await import(`./${name}.ts`);
