/** The modules a submission may import, by name. */
export type Importable = Record<string, unknown>;

/** Thrown for a forbidden import; the message starts with "forbidden:". */
export const FORBIDDEN = 'forbidden:';

/**
 * Evaluates a submission transpiled to CommonJS and returns its exports. `require` gives
 * only the importable modules (TensorFlow.js); anything else is a forbidden import.
 */
export function evaluateSubmission(
  code: string,
  importable: Importable,
  deny: (name: string) => Error = (name) =>
    new Error(`${FORBIDDEN} only @tensorflow/tfjs can be imported, not "${name}"`),
): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string) => {
    if (Object.hasOwn(importable, name)) return importable[name];
    throw deny(name);
  };
  const evaluate = new Function('exports', 'require', 'module', code);
  evaluate(module.exports, require, module);
  return module.exports;
}

/** The names of the functions a module exports. */
export function exportedFunctions(exports: Record<string, unknown>): string[] {
  return Object.keys(exports).filter((k) => typeof exports[k] === 'function');
}
