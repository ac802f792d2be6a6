import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { z } from 'zod';

/** Thrown for a config that is not valid for its architecture; the message names the field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses a config with a zod schema, turning its issues into one readable ConfigError. */
export function parseConfig<T extends z.ZodType>(
  arch: string,
  schema: T,
  raw: unknown,
): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(config)';
    return `${field}: ${issue.message}`;
  });
  throw new ConfigError(`invalid ${arch} config: ${problems.join('; ')}`);
}

export const positiveInt = z.number().int().positive();

/** Every tensor reachable through plain objects and arrays, once each. */
export function collectTensors(value: unknown, into = new Set<Tensor>()): Tensor[] {
  if (value instanceof tf.Tensor) into.add(value);
  else if (Array.isArray(value)) value.forEach((v) => collectTensors(v, into));
  else if (value !== null && typeof value === 'object') {
    Object.values(value).forEach((v) => collectTensors(v, into));
  }
  return [...into];
}

/**
 * Builds a model in its own engine scope: if loading fails half-way (a tensor of the wrong
 * shape), the tensors already made are freed; on success the model's tensors are kept.
 */
export function buildModel<M extends { tensors(): Tensor[] }>(build: () => M): M {
  const engine = tf.engine();
  engine.startScope();
  try {
    const model = build();
    engine.endScope(model.tensors());
    return model;
  } catch (error) {
    engine.endScope();
    throw error;
  }
}
