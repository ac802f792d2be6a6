import { z } from 'zod';

/** Thrown for a config that is not valid for its architecture; the message names the field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses a config with a zod schema, turning its issues into one readable ConfigError. */
export function parseConfig<T extends z.ZodType>(arch: string, schema: T, raw: unknown): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(config)';
    return `${field}: ${issue.message}`;
  });
  throw new ConfigError(`invalid ${arch} config: ${problems.join('; ')}`);
}

export const positiveInt = z.number().int().positive();
