import { readFile, writeFile, rename } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { parseSafetensors, serializeSafetensors } from '../checkpoint/safetensors.ts';
import type { SafetensorsFile, TensorToWrite } from '../checkpoint/safetensors.ts';

/** A file the user named that cannot be read or understood; the CLI exits 2 for it. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputFileError';
  }
}

async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new InputFileError(`cannot read ${what} "${path}": ${reason}`);
  }
}

/** Reads and parses a safetensors file, naming the file and its role in any error. */
export async function readSafetensors(path: string, what: string): Promise<SafetensorsFile> {
  const bytes = await readBytes(path, what);
  try {
    return parseSafetensors(bytes);
  } catch (error) {
    throw new InputFileError(
      `${what} "${path}" is not a valid safetensors file: ` + (error as Error).message,
    );
  }
}

/** Reads a JSON object, naming the file and its role in any error. */
export async function readJsonObject(path: string, what: string): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await readBytes(path, what));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(`${what} "${path}" is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputFileError(`${what} "${path}" must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Writes tensors as safetensors; written to a temporary name first, so no half file stays. */
export async function writeSafetensors(
  path: string,
  tensors: Record<string, TensorToWrite>,
): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, serializeSafetensors(tensors));
    await rename(temporary, path);
  } catch (error) {
    throw new InputFileError(`cannot write output "${path}": ${(error as Error).message}`);
  }
}
