import * as z from 'zod/mini';
import { languages } from './i18n.js';

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
  PUBLIC_BASE_URL: z.url(),
  SENDER_EMAIL: z.email(),
  LINK_SECRET: z.string().check(z.minLength(32)),
  APPROVAL_CHAIN: jsonOf(z.array(ApprovalLevel).check(z.minLength(1))),
  MAX_REVIEW_ROUNDS: z._default(z.coerce.number().check(z.int(), z.gte(1)), 3),
});
export type Config = Omit<z.output<typeof Environment>, 'PUBLIC_BASE_URL'> & { PUBLIC_BASE_URL: string };

/** Thrown at cold start when the environment is incomplete; names each missing or bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and checks the environment once; a missing variable fails here with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
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
