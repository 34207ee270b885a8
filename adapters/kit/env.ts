// Env presets (after t3-env): each adapter declares the variables it reads, how to validate them and what
// it builds from them. The app merges every preset with its own and validates the environment once; a
// problem names the variable and never echoes a secret's value.
import { z } from 'zod';

export type EnvSource = Readonly<Record<string, string | undefined>>;

/** The app's settings every platform may need (where an HTTP receiver listens). */
export interface BaseSettings {
  http: { port: number; host: string };
}

export type PresetResult<C> = { ok: true; config: C | undefined } | { ok: false; problems: string[] };

export interface EnvPreset<C> {
  /** The variables this preset reads, in the order they are documented. */
  readonly variables: readonly string[];
  /** Patterns of this platform's secrets, redacted from every log line and start-up message. */
  readonly secrets: readonly RegExp[];
  /** Validate `env`; `config` is undefined when the platform is not configured at all. */
  parse(env: EnvSource, base: BaseSettings): PresetResult<C>;
}

export interface PresetSpec<S extends z.ZodRawShape, C> {
  shape: S;
  /** Cross-variable rules, e.g. "B is required when A is set"; report with `problem(variable, message)`. */
  check?: (
    env: z.output<z.ZodObject<S>>,
    problem: (variable: keyof S & string, message: string) => void,
  ) => void;
  /** Build the platform's config, or undefined when none of its variables are set. */
  read: (env: z.output<z.ZodObject<S>>, base: BaseSettings) => C | undefined;
  secrets?: readonly RegExp[];
}

export function defineEnv<S extends z.ZodRawShape, C>(spec: PresetSpec<S, C>): EnvPreset<C> {
  const schema = z.object(spec.shape);
  return {
    variables: Object.keys(spec.shape),
    secrets: spec.secrets ?? [],
    parse(env, base) {
      const parsed = schema.safeParse(env);
      if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(describeIssue) };
      const problems: string[] = [];
      spec.check?.(parsed.data, (variable, message) => problems.push(`${variable} ${message}`));
      if (problems.length > 0) return { ok: false, problems };
      return { ok: true, config: spec.read(parsed.data, base) };
    },
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return `${issue.path.join('.') || 'environment'} ${issue.message}`;
}

// Field builders. An empty or blank variable counts as unset: `.env` templates leave them empty.

export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** A secret is one word of printable characters: a pasted line break would end up in an HTTP header. */
const oneWord = (v: string) => /^[\x21-\x7e]+$/.test(v);
const ONE_WORD = 'must be a single line without spaces or control characters';

export const secret = optionalText.pipe(z.string().refine(oneWord, ONE_WORD).optional());

export const prefixed = (prefix: string) =>
  optionalText.pipe(
    z
      .string()
      .refine((v) => v.startsWith(prefix), `must start with "${prefix}"`)
      .refine(oneWord, ONE_WORD)
      .optional(),
  );

export const httpUrl = (name: string) =>
  optionalText.pipe(
    z
      .string()
      .refine((v) => /^https?:\/\/[^\s/]+/.test(v), `${name} must be an http(s) URL`)
      .optional(),
  );

/** A list of words separated by commas or spaces (e.g. ids of admins). */
export const wordList = optionalText.transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean));
