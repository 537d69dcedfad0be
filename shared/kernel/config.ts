import * as z from 'zod/mini';
import { defaultOfficialEmailDomains } from './asn/official-email.js';
import { defaultWorkUnits } from './asn/work-units.js';
import { languages } from './i18n.js';
import type { LinkKeyring } from './steps/tokens.js';

const person = z.object({ name: z.string().check(z.minLength(1)), email: z.email(), language: z.optional(z.enum(languages)) });

/** One level of the proposal approval chain: who decides and who takes over when they don't. */
export const ApprovalLevel = z.object({
  role: z.string().check(z.regex(/^[a-z][a-z-]*$/)),
  approver: person,
  backup: person,
});
export type ApprovalLevel = z.output<typeof ApprovalLevel>;
export type Person = z.output<typeof person>;

/** An environment variable holding JSON, checked by a schema. */
const jsonOf = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((raw: string, ctx) => {
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'must be JSON', input: raw });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

/** The environment every function runs with; checked once, at start-up. */
const Environment = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  PROPOSAL_WORKFLOW_ARN: z.string().check(z.startsWith('arn:')),
  /** The placement offer review and the application workflow. */
  OFFER_WORKFLOW_ARN: z.string().check(z.startsWith('arn:')),
  APPLICATION_WORKFLOW_ARN: z.string().check(z.startsWith('arn:')),
  /** A research project's consent and plan review. */
  RESEARCH_WORKFLOW_ARN: z.string().check(z.startsWith('arn:')),
  /** One milestone's cycle: opening, reminders, submission and co-review. */
  MILESTONE_WORKFLOW_ARN: z.string().check(z.startsWith('arn:')),
  PUBLIC_BASE_URL: z.url(),
  SENDER_EMAIL: z.email(),
  /** Only functions that mint links get it, and read the secret itself at start-up. */
  LINK_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  /** Only the function that lists for coordinators gets it: the key of its cursors. */
  CURSOR_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  APPROVAL_CHAIN: jsonOf(z.array(ApprovalLevel).check(z.minLength(1))),
  MAX_REVIEW_ROUNDS: z._default(z.coerce.number().check(z.int(), z.gte(1)), 3),
  /** The city's work units (OPD) an applicant chooses from; the built-in list when not set. */
  WORK_UNITS: z._default(jsonOf(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))), () => [...defaultWorkUnits]),
  /** The most JP a research project may credit one member. */
  RESEARCH_MAX_JP_HOURS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 60),
  /** How many days before its due date a milestone opens for submission. */
  MILESTONE_OPEN_DAYS_BEFORE: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(180)), 30),
  /** How many anonymous submissions (proposals, applications) one client address may make an hour. */
  ANONYMOUS_SUBMISSIONS_PER_HOUR: z._default(z.coerce.number().check(z.int(), z.gte(1)), 20),
  /** How many confirmation mails one address may be sent an hour, whoever asks for them. */
  CONFIRMATION_MAILS_PER_HOUR: z._default(z.coerce.number().check(z.int(), z.gte(1)), 3),
  /** The city's mail domains: an ASN's and a supervisor's addresses must belong to one; `surakarta.go.id` when not set. */
  OFFICIAL_EMAIL_DOMAINS: z._default(jsonOf(z.array(z.string().check(z.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/))).check(z.minLength(1))), () => [
    ...defaultOfficialEmailDomains,
  ]),
});
/** The checked environment: what every function knows. */
export type EnvConfig = Omit<z.output<typeof Environment>, 'PUBLIC_BASE_URL'> & { PUBLIC_BASE_URL: string };
/** The environment plus the link secret: what a function that mints links knows. */
export type Config = EnvConfig & { LINK_SECRET: LinkKeyring };

/** Thrown at cold start when the environment is incomplete; names each missing or bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and checks the environment once; a missing variable fails here with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const result = Environment.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      const name = String(i.path[0] ?? '(environment)');
      return env[name] === undefined ? `${name} is missing` : `${i.path.join('.')}: ${i.message}`;
    });
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
  }
  return { ...result.data, PUBLIC_BASE_URL: result.data.PUBLIC_BASE_URL.replace(/\/+$/, '') };
}

/**
 * Adds the link secret, read from Secrets Manager once per container. It never sits in a
 * function's environment, where anyone allowed to read the function's configuration would see
 * it; only the functions that mint links may read it, and the others never load it.
 */
export async function withLinkSecret(config: EnvConfig, readSecret: (arn: string) => Promise<string>): Promise<Config> {
  if (!config.LINK_SECRET_ARN) throw new ConfigError('Invalid environment: LINK_SECRET_ARN is missing');
  return { ...config, LINK_SECRET: parseLinkSecret(await readSecret(config.LINK_SECRET_ARN)) };
}

const keyVersion = z.string().check(z.regex(/^[1-9][0-9]{0,3}$/));
const Keyring = z.object({ current: keyVersion, keys: z.record(keyVersion, z.string()) });

/**
 * The link secret's value: the plain secret of before key versions (version 1), or a keyring,
 * `{"current":"2","keys":{"1":"…","2":"…"}}`, whose current key new subjects are created under.
 * Every key is at least 32 characters; no message names a key.
 */
export function parseLinkSecret(value: string): LinkKeyring {
  if (!value.trimStart().startsWith('{')) {
    if (value.length < 32) throw new ConfigError('The link secret is shorter than 32 characters');
    return { current: '1', keys: { '1': value } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError('The link secret looks like a keyring but is not JSON');
  }
  const result = Keyring.safeParse(parsed);
  if (!result.success) throw new ConfigError('The link secret keyring needs "current" and "keys", by versions from 1 to 9999');
  const keyring = result.data;
  if (keyring.keys[keyring.current] === undefined) throw new ConfigError(`The link secret keyring has no key of its current version ${keyring.current}`);
  for (const [version, key] of Object.entries(keyring.keys))
    if (key.length < 32) throw new ConfigError(`The link secret key of version ${version} is shorter than 32 characters`);
  return keyring;
}

/** Reads the key that signs list cursors, once per container. */
export async function cursorKey(config: EnvConfig, readSecret: (arn: string) => Promise<string>): Promise<string> {
  if (!config.CURSOR_SECRET_ARN) throw new ConfigError('Invalid environment: CURSOR_SECRET_ARN is missing');
  const key = await readSecret(config.CURSOR_SECRET_ARN);
  if (key.length < 32) throw new ConfigError('The cursor key is shorter than 32 characters');
  return key;
}
