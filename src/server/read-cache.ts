// Values read from the database, kept in memory by key until a write forgets them: the one
// mechanism behind the session cache (sessions.ts) and the progress cache (progress.ts).
// What it guarantees: a value is never kept if its key was forgotten while it was being read,
// so once a writer has committed and called forget, no later get answers what came before.
// Entries are read again after `ttlMs` in any case; past `max`, the oldest go first.
//
// A cache is switched on and off per process, under a global symbol: the Astro handler's
// endpoints are bundled apart from scripts/serve.ts, and both must find the same one.

interface Entry<V> {
  value: V;
  readAt: number;
}

export class ReadCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  /** Reads under way: forgetting their key (or everything) marks them stale. */
  readonly #reading = new Set<{ key: string; stale: boolean }>();

  readonly #ttlMs: number;
  readonly #max: number;

  constructor(ttlMs: number, max: number) {
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  /** The value kept for `key`, if it was read less than ttlMs ago. */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (now - entry.readAt < this.#ttlMs) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /**
   * Runs `load` and answers what it answers; keeps `keep(result)` for `key` (unless that is
   * undefined) when nothing forgot the key meanwhile.
   */
  async read<T>(key: string, load: () => Promise<T>, keep: (result: T) => V | undefined) {
    const readAt = Date.now();
    const read = { key, stale: false };
    this.#reading.add(read);
    try {
      const result = await load();
      const value = keep(result);
      if (value !== undefined && !read.stale) {
        this.#entries.delete(key);
        // oldest first out: a Map iterates in insertion order
        if (this.#entries.size >= this.#max)
          this.#entries.delete(this.#entries.keys().next().value!);
        this.#entries.set(key, { value, readAt });
      }
      return result;
    } finally {
      this.#reading.delete(read);
    }
  }

  forget(key: string): void {
    this.#entries.delete(key);
    for (const read of this.#reading) if (read.key === key) read.stale = true;
  }

  /**
   * Forgets the entries whose value passes `test`; reads under way do not say what they will
   * answer, so all of them are marked stale.
   */
  forgetWhere(test: (value: V) => boolean): void {
    for (const [key, entry] of this.#entries) if (test(entry.value)) this.#entries.delete(key);
    for (const read of this.#reading) read.stale = true;
  }
}

/** A process-wide slot for a ReadCache: `current()` is undefined while it is off. */
export function cacheSlot<V>(name: string, ttlMs: number, max: number) {
  const key = Symbol.for(`attention-lab.${name}`);
  const holder = globalThis as { [key: symbol]: ReadCache<V> | undefined };
  return {
    current: (): ReadCache<V> | undefined => holder[key],
    /** On: a cache (the one there is, if any); off: none, and every entry gone. */
    switch(on: boolean): void {
      if (on) holder[key] ??= new ReadCache<V>(ttlMs, max);
      else delete holder[key];
    },
  };
}
