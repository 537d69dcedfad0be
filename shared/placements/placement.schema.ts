import * as z from 'zod/mini';
import { nipFields, refineNip } from '../kernel/asn/nip.js';
import { type AddressWords, defaultOfficialEmailDomains, officialAddressIssues } from '../kernel/asn/official-email.js';
import { languages } from '../kernel/i18n.js';
import { languageLabels } from '../kernel/pages/labels.js';
import type { Clock } from '../kernel/time.js';
import { bilingual, choiceOf, text } from '../kernel/validation.js';

/** The placement a partner offers (JSON API and form alike). Dates are calendar dates in WIB. */
export const PlacementOffer = z
  .strictObject({
    title: text(200),
    hostUnit: text(200),
    description: text(5000, 'multiline'),
    competencyArea: text(200),
    seats: z.int().check(z.gte(1), z.lte(50)),
    startDate: z.iso.date(),
    endDate: z.iso.date(),
    applicationDeadline: z.iso.date(),
    jpHours: z.int().check(z.gte(1), z.lte(500)),
    language: choiceOf(languages, languageLabels),
  })
  .check(
    z.superRefine((offer, ctx) => {
      if (offer.endDate < offer.startDate)
        ctx.addIssue({
          code: 'custom',
          path: ['endDate'],
          input: offer.endDate,
          message: bilingual('Tanggal selesai tidak boleh sebelum tanggal mulai.', 'The end date cannot be before the start date.'),
        });
      if (offer.applicationDeadline >= offer.startDate)
        ctx.addIssue({
          code: 'custom',
          path: ['applicationDeadline'],
          input: offer.applicationDeadline,
          message: bilingual('Batas pendaftaran harus sebelum tanggal mulai.', 'The application deadline must be before the start date.'),
        });
    }),
  );
export type PlacementOffer = z.output<typeof PlacementOffer>;

/** How far ahead a placement may end, so that its applications' workflows fit in a year with their report and confirmation. */
export const MAX_DAYS_AHEAD = 300;

/** Where an offered placement stands: published only after the coordinator approves it. */
export const placementStatuses = ['PENDING_APPROVAL', 'PUBLISHED', 'REJECTED', 'EXPIRED'] as const;
export type PlacementStatus = (typeof placementStatuses)[number];

/** How an application's own form names the ASN's and the supervisor's addresses: the ASN is the reader. */
const applicantAddressWords: AddressWords = {
  own: { id: (domains) => `Gunakan alamat email dinas Anda (${domains}).`, en: (domains) => `Use your official address (${domains}).` },
  supervisor: {
    id: (domains) => `Gunakan alamat email dinas atasan Anda (${domains}).`,
    en: (domains) => `Use your supervisor's official address (${domains}).`,
  },
  same: { id: 'Email atasan harus berbeda dari email Anda sendiri.', en: "Your supervisor's email must differ from your own." },
};

/**
 * The application an ASN submits; the NIP is checked by the rule of its employment type. Their
 * address and their supervisor's belong to the city's mail domains and are two mailboxes
 * (compared without case or a `+tag`): nobody is their own supervisor.
 */
export function applicationInput(workUnits: readonly string[], clock: Clock, officialEmailDomains: readonly string[] = defaultOfficialEmailDomains) {
  return z
    .strictObject({
      ...nipFields,
      name: text(120),
      email: z.email().check(z.maxLength(254)),
      unit: z.string().check(
        z.trim(),
        z.refine((unit) => workUnits.includes(unit), bilingual('Pilih unit kerja dari daftar.', 'Choose a work unit from the list.')),
      ),
      position: text(200),
      supervisor: z.strictObject({ name: text(120), email: z.email().check(z.maxLength(254)) }),
      motivation: text(3000, 'multiline'),
      language: choiceOf(languages, languageLabels),
    })
    .check(
      refineNip(clock),
      z.superRefine((input, ctx) => {
        for (const issue of officialAddressIssues(input, officialEmailDomains, applicantAddressWords)) ctx.addIssue({ code: 'custom', ...issue });
      }),
    );
}
export type ApplicationInput = z.output<ReturnType<typeof applicationInput>>;

/** Where an application stands; UNCONFIRMED until the applicant confirms it through the mail sent to them. */
export const applicationStatuses = [
  'UNCONFIRMED',
  'SUBMITTED',
  'SUPERVISOR_REVIEW',
  'COORDINATOR_REVIEW',
  'HOST_REVIEW',
  'CONFIRMED',
  'WAITLISTED',
  'IN_PROGRESS',
  'REPORT_DUE',
  'COMPLETION_REVIEW',
  'COMPLETED',
  'REJECTED',
  'WITHDRAWN',
  'EXPIRED',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** Statuses from which the ASN may still withdraw: everything before the internship starts. */
export const withdrawableStatuses: readonly ApplicationStatus[] = [
  'SUBMITTED',
  'SUPERVISOR_REVIEW',
  'COORDINATOR_REVIEW',
  'HOST_REVIEW',
  'CONFIRMED',
  'WAITLISTED',
];

/**
 * The human steps of the two placement workflows. The application workflow's levels are
 * 1 supervisor, 2 coordinator, 3 host, 4 completion; the offer workflow has one, `offer`.
 */
export const applicationSteps = ['supervisor', 'coordinator', 'host', 'completion'] as const;
export type StepName = (typeof applicationSteps)[number] | 'offer' | 'report';

/** The status an application or placement is in while the link of a step can be acted on. */
export const statusWhileOpen: Record<StepName, ApplicationStatus | PlacementStatus> = {
  supervisor: 'SUPERVISOR_REVIEW',
  coordinator: 'COORDINATOR_REVIEW',
  host: 'HOST_REVIEW',
  completion: 'COMPLETION_REVIEW',
  report: 'REPORT_DUE',
  offer: 'PENDING_APPROVAL',
};

/** What a person can do through a step link. */
export const stepActions = ['approve', 'reject', 'report'] as const;
export type StepAction = (typeof stepActions)[number];
