import * as z from 'zod/mini';
import { type Bilingual, languages } from '../kernel/i18n.js';
import { languageLabels, scopeLabels } from '../kernel/pages/labels.js';
import { scopes } from '../kernel/partnerships/partnership.js';
import { bilingual, choiceOf, text } from '../kernel/validation.js';

export const institutionTypes = ['university', 'institute', 'other'] as const;

/** The institution types as the form names them. */
export const institutionTypeLabels: Record<InstitutionType, Bilingual> = {
  university: { id: 'Universitas', en: 'University' },
  institute: { id: 'Institut / sekolah tinggi', en: 'Institute / college' },
  other: { id: 'Lainnya', en: 'Other' },
};
export type InstitutionType = (typeof institutionTypes)[number];

/** The proposal a university partner submits (JSON API and form alike). */
export const ProposalInput = z.strictObject({
  institution: z.strictObject({
    name: text(200),
    type: choiceOf(institutionTypes, institutionTypeLabels),
    pddiktiCode: z.optional(z.string().check(z.regex(/^\d{6}$/, bilingual('Kode PDDikti terdiri dari 6 angka.', 'The PDDikti code is 6 digits.')))),
  }),
  contact: z.strictObject({
    name: text(120),
    email: z.email().check(z.maxLength(254)),
    phone: z.optional(z.string().check(z.trim(), z.regex(/^\+?[0-9][0-9 ()-]{5,24}$/, bilingual('Nomor telepon tidak valid.', 'Not a valid phone number.')))),
  }),
  title: text(200),
  summary: text(5000, 'multiline'),
  scopes: z.array(choiceOf(scopes, scopeLabels)).check(
    z.minLength(1),
    z.maxLength(scopes.length),
    z.refine((list) => new Set(list).size === list.length, bilingual('Setiap ruang lingkup cukup dipilih sekali.', 'Choose each scope once.')),
  ),
  startDate: z.iso.date(),
  durationMonths: z.int().check(z.gte(1), z.lte(120)),
  language: choiceOf(languages, languageLabels),
});
export type ProposalInput = z.output<typeof ProposalInput>;

/** Where a proposal stands; UNCONFIRMED until its proposer confirms it through the mail sent to them. */
export const proposalStatuses = ['UNCONFIRMED', 'SUBMITTED', 'IN_REVIEW', 'REVISION_REQUESTED', 'APPROVED', 'REJECTED', 'EXPIRED'] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];
/** The statuses the coordinators' list offers: an unconfirmed proposal is in no list (it has no place in the status index). */
export const listedProposalStatuses = proposalStatuses.filter((s): s is Exclude<ProposalStatus, 'UNCONFIRMED'> => s !== 'UNCONFIRMED');

/** The three things an approver can do with a proposal at a step. */
export const decisionActions = ['approve', 'reject', 'revise'] as const;
export type DecisionAction = (typeof decisionActions)[number];
