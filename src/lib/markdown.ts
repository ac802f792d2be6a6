import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeKatex)
  .use(rehypeStringify);

/**
 * Puts every `$$ ... $$` formula on lines of its own: remark-math reads display math only
 * between fence lines, and statements write `$$formula$$` inline as LaTeX does.
 */
function fenceDisplayMath(text: string): string {
  return text.replace(/\$\$([\s\S]+?)\$\$/g, (_, body: string) => `\n$$\n${body.trim()}\n$$\n`);
}

/** Markdown with KaTeX formulas (an exercise's statement or hint) as HTML, at build time. */
export async function renderMarkdown(text: string): Promise<string> {
  return String(await processor.process(fenceDisplayMath(text)));
}
