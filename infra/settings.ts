import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import * as z from 'zod/mini';
import { ApprovalLevel } from '../shared/kernel/config.js';
import { MAX_DAYS_AHEAD } from '../shared/placements/placement.schema.js';

/** The retention periods CloudWatch Logs accepts, in days. */
const logRetentionPeriods = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * What a deployment is told through CDK context (`cdk.json` or `-c key=value`), checked once.
 * The defaults describe a development stage; a real deployment sets at least the sender and the chain.
 */
const Settings = z.object({
  stage: z._default(z.string().check(z.regex(/^[a-z][a-z0-9-]{0,15}$/)), 'dev'),
  senderEmail: z._default(z.email(), 'sinergi@bkpsdm.surakarta.go.id'),
  /** Where people reach the pages; defaults to the HTTP API's own address. */
  publicBaseUrl: z.optional(z.url()),
  approvalChain: z._default(z.array(ApprovalLevel).check(z.minLength(1), z.maxLength(5)), [
    {
      role: 'coordinator',
      approver: { name: 'Koordinator Kemitraan BKPSDM', email: 'koordinator@bkpsdm.surakarta.go.id' },
      backup: { name: 'Sekretaris BKPSDM', email: 'sekretaris@bkpsdm.surakarta.go.id' },
    },
    {
      role: 'head',
      approver: { name: 'Kepala BKPSDM', email: 'kepala@bkpsdm.surakarta.go.id' },
      backup: { name: 'Sekretaris BKPSDM', email: 'sekretaris@bkpsdm.surakarta.go.id' },
    },
  ]),
  reminderAfterDays: z._default(z.number().check(z.gt(0)), 3),
  escalateAfterDays: z._default(z.number().check(z.gt(0)), 5),
  backupWindowDays: z._default(z.number().check(z.gt(0)), 3),
  revisionWindowDays: z._default(z.number().check(z.gt(0)), 14),
  /** How long an ASN has to send the completion report after the internship ends. */
  reportWindowDays: z._default(z.number().check(z.gt(0)), 14),
  /** The city's work units (OPD) applicants choose from; the built-in list when not set. */
  workUnits: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  /** The city's mail domains an applicant's and a supervisor's addresses must belong to (a subdomain counts); `surakarta.go.id` when not set. */
  officialEmailDomains: z.optional(z.array(z.string().check(z.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/))).check(z.minLength(1))),
  /** How many anonymous submissions (proposals and applications together) one client address may make an hour. */
  anonymousSubmissionsPerHour: z._default(z.int().check(z.gte(1), z.lte(100_000)), 20),
  /** How many confirmation mails one address may be sent an hour, from all client addresses together. */
  confirmationMailsPerHour: z._default(z.int().check(z.gte(1), z.lte(100_000)), 3),
  maxReviewRounds: z._default(z.int().check(z.gte(1), z.lte(10)), 3),
  /** The most JP one research project may credit a member. */
  researchMaxJpHours: z._default(z.int().check(z.gte(1), z.lte(200)), 60),
  /** How many days before its due date a research milestone opens for submission. */
  milestoneOpenDaysBefore: z._default(z.int().check(z.gte(1), z.lte(180)), 30),
  /** One of the periods CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, … days). */
  logRetentionDays: z._default(z.int().check(z.refine((days) => logRetentionPeriods.includes(days), `must be one of ${logRetentionPeriods.join(', ')}`)), 90),
  /** Plus feature plan with threat protection for the coordinators' user pool (billed per active user). */
  coordinatorThreatProtection: z._default(z.boolean(), false),
});
export type Settings = z.output<typeof Settings>;

/** Timing of one human step, derived from the settings. */
export interface ReviewTimings {
  reminderAfter: Duration;
  escalateAfter: Duration;
  backupWindow: Duration;
  revisionWindow: Duration;
  reportWindow: Duration;
}

const keys = Object.keys(Settings.def.shape) as (keyof Settings)[];

/** Reads the settings from the app's context; JSON strings are accepted for `-c` on the command line. */
export function readSettings(scope: Construct): Settings {
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    let value = scope.node.tryGetContext(key) as unknown;
    if (typeof value === 'string' && key !== 'stage' && key !== 'senderEmail' && key !== 'publicBaseUrl') {
      try {
        value = JSON.parse(value);
      } catch {
        // left as is: the schema says what is wrong with it
      }
    }
    if (value !== undefined) raw[key] = value;
  }
  const result = Settings.safeParse(raw);
  if (!result.success) throw new Error(`Invalid context: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (result.data.escalateAfterDays <= result.data.reminderAfterDays)
    throw new Error('Invalid context: escalateAfterDays must be later than reminderAfterDays');
  // An application's execution runs from the application to a placement ending up to
  // MAX_DAYS_AHEAD days later, then the report window and the hours' confirmation (escalated
  // to the backup): all of it within the year a Standard execution may last.
  const { reportWindowDays, escalateAfterDays, backupWindowDays } = result.data;
  if (MAX_DAYS_AHEAD + 1 + reportWindowDays + escalateAfterDays + backupWindowDays > 365)
    throw new Error(
      `Invalid context: reportWindowDays + escalateAfterDays + backupWindowDays must be at most ${365 - MAX_DAYS_AHEAD - 1}, so that an application's workflow fits in a year`,
    );
  return result.data;
}

export function timings(settings: Settings): ReviewTimings {
  const days = (n: number) => Duration.seconds(Math.round(n * 86_400));
  return {
    reminderAfter: days(settings.reminderAfterDays),
    escalateAfter: days(settings.escalateAfterDays),
    backupWindow: days(settings.backupWindowDays),
    revisionWindow: days(settings.revisionWindowDays),
    reportWindow: days(settings.reportWindowDays),
  };
}
