// Widget parameters in the URL: typed fields with defaults; malformed values fall back to the default.

export interface Field<T> {
  /** Parses a raw query value; returns undefined when it is malformed or out of range. */
  parse(raw: string): T | undefined;
  format(value: T): string;
  default: T;
}

/** A number field clamped to [min, max]; NaN, Infinity and out-of-range values give the default. */
export function numberField(min: number, max: number, fallback: number, decimals = 3): Field<number> {
  return {
    parse(raw) {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw.trim())) return undefined;
      const v = Number(raw);
      return Number.isFinite(v) && v >= min && v <= max ? v : undefined;
    },
    format: (v) => String(Number(v.toFixed(decimals))),
    default: fallback,
  };
}

/** An integer field in [min, max]. */
export function intField(min: number, max: number, fallback: number): Field<number> {
  const n = numberField(min, max, fallback, 0);
  return { ...n, parse: (raw) => (/^[-+]?\d+$/.test(raw.trim()) ? n.parse(raw) : undefined) };
}

/** A field that must be one of a fixed list of strings. */
export function choiceField<const T extends string>(choices: readonly T[], fallback: T): Field<T> {
  return {
    parse: (raw) => ((choices as readonly string[]).includes(raw) ? (raw as T) : undefined),
    format: (v) => v,
    default: fallback,
  };
}

/** A boolean field written as 1/0. */
export function boolField(fallback: boolean): Field<boolean> {
  return {
    parse: (raw) => (raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : undefined),
    format: (v) => (v ? '1' : '0'),
    default: fallback,
  };
}

export type Schema = Record<string, Field<unknown>>;
export type StateOf<S extends Schema> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** Reads a widget's state from query parameters named `<prefix>.<key>`; unknown keys are ignored. */
export function readState<S extends Schema>(schema: S, params: URLSearchParams, prefix: string): StateOf<S> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) {
    const raw = params.get(`${prefix}.${key}`);
    const parsed = raw === null ? undefined : field.parse(raw);
    out[key] = parsed === undefined ? field.default : parsed;
  }
  return out as StateOf<S>;
}

/** Writes a widget's state into query parameters, omitting values equal to their defaults. */
export function writeState<S extends Schema>(schema: S, state: StateOf<S>, params: URLSearchParams, prefix: string): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, field] of Object.entries(schema)) {
    const value = (state as Record<string, unknown>)[key];
    const name = `${prefix}.${key}`;
    if (value === undefined || field.format(value) === field.format(field.default)) next.delete(name);
    else next.set(name, field.format(value));
  }
  return next;
}

/** Replaces the page URL's query with the widget's state (no new history entry), keeping the #fragment. */
export function syncStateToUrl<S extends Schema>(schema: S, state: StateOf<S>, prefix: string): string {
  const u = new URL(window.location.href);
  const next = writeState(schema, state, u.searchParams, prefix);
  u.search = next.toString();
  window.history.replaceState(window.history.state, '', u);
  return u.href;
}
