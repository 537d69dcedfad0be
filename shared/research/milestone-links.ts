import * as z from 'zod/mini';
import { ConflictError, ValidationError } from '../kernel/errors.js';
import { type FormFields, formFieldsOf } from '../kernel/http/form.js';
import type { Language } from '../kernel/i18n.js';
import { assertSameOrigin } from '../kernel/steps/link-errors.js';
import { StepConflict } from '../kernel/steps/step-link.js';
import {
  assertActionable,
  assertActionableOrResend,
  assertPageProof,
  deliver,
  findStep,
  type StepRoute as KernelStepRoute,
  type KnownLink,
  notFound,
  proofFor,
  useStepOnce,
} from '../kernel/steps/step-links.js';
import { todayInWib } from '../kernel/time.js';
import { noHiddenCharacters, parseOrThrow } from '../kernel/validation.js';
import type { MilestoneLinkDeps, ResearchReadDeps } from './deps.js';
import { MILESTONE_INTENTS } from './milestone-pages.js';
import { checkExtension } from './milestone-rules.js';
import { ADD_OUTPUT } from './output-pages.js';
import { outputsFromForm } from './output-rules.js';
import { draftRows, MAX_OUTPUTS, outputField, outputFieldNames, outputTypes, takesOutputs } from './outputs.js';
import type { ExtensionRecord, MilestoneRecord, ProjectEvent, ProjectWithTeam, ResearchOutcome, ResearchStepLink } from './research-records.js';
import { subjectItem } from './research-repository.js';
import { milestoneView } from './research-step-links.js';
import type { MilestonePageView } from './views.js';

/**
 * The lead's side of a milestone: the page of its submission link (`/milestones/{token}`), which
 * serves until the milestone is sent however often it is opened, keeps a draft, and sends the
 * milestone once, handing it to the waiting cycle.
 */

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

interface Loaded {
  project: ProjectWithTeam;
  milestone: MilestoneRecord;
}

/** A link of the first round is open while the milestone is OPEN; a later round's while it is sent back. */
const statusWhileOpen = (link: ResearchStepLink) => ((link.round ?? 1) > 1 ? 'REVISION_REQUESTED' : 'OPEN');

function milestoneRoute(deps: Pick<ResearchReadDeps, 'research'>): KernelStepRoute<ResearchStepLink, Loaded> {
  return {
    steps: ['milestone'],
    load: async (link) => {
      const whole = await deps.research.getProjectWhole(subjectItem(link.subject).projectId);
      const milestone = whole?.milestones.find((m) => m.number === link.milestone);
      return whole && milestone && { project: whole.project, milestone };
    },
    statusOf: (loaded) => loaded.milestone.status,
    statusWhileOpen,
    answer: () => ({ action: 'submit' }),
  };
}

function pageView(found: { link: ResearchStepLink; subject: Loaded }, now: Date): MilestonePageView {
  const { project, milestone } = found.subject;
  const lastRound = milestone.round - 1;
  const comments = (milestone.reviews ?? []).filter((r) => r.round === lastRound && r.comment).map((r) => ({ reviewer: r.reviewer, comment: r.comment ?? '' }));
  return { link: found.link, project, milestone, view: milestoneView(milestone, now), comments, proof: proofFor(found.link, now) };
}

async function find(token: string, lang: Language, deps: Pick<ResearchReadDeps, 'research'>, known?: KnownLink) {
  const route = milestoneRoute(deps);
  const found = await findStep(token, route.steps, route.load, deps.research, known);
  if (!found) throw notFound(lang);
  return { route, found };
}

/** GET of a milestone's submission link: its page; changes nothing, however often it is opened. */
export async function showMilestone(token: string, lang: Language, deps: ResearchReadDeps, known?: KnownLink): Promise<MilestonePageView> {
  const { found } = await find(token, lang, deps, known);
  const now = deps.clock.now();
  assertActionable(found.link, found.subject.milestone.status, statusWhileOpen(found.link), now, lang);
  return pageView(found, now);
}

/** What a press on a milestone's page asks for: keep a draft, send the milestone, or ask for a later due date. */
const intents = [...MILESTONE_INTENTS, 'extension'] as const;

const MilestoneForm = z.strictObject({
  intent: z.optional(z.enum(intents)),
  newDueDate: z.optional(z.string().check(z.trim(), z.maxLength(20))),
  reason: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  summary: z.optional(z.string().check(z.trim(), z.maxLength(10_000), noHiddenCharacters('multiline'))),
  lateReason: z.optional(z.string().check(z.trim(), z.maxLength(2000), noHiddenCharacters('multiline'))),
  [ADD_OUTPUT]: z.optional(z.enum(outputTypes)),
  proof: z.string().check(z.maxLength(200)),
});
const milestoneFields = formFieldsOf(MilestoneForm, outputFieldNames);

/** What the page's form may post: its own fields, and every field of MAX_OUTPUTS output rows (outputs.ts). */
export const milestoneFormFields: FormFields = { ...milestoneFields, maxEntries: milestoneFields.names.size };

/** The output rows' fields of a post, apart from the form's own, which the schema reads. */
function splitOutputRows(fields: Record<string, string>): { own: Record<string, string>; rows: Record<string, string> } {
  const own: Record<string, string> = {};
  const rows: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) (name.startsWith('outputs[') ? rows : own)[name] = value;
  return { own, rows };
}

/**
 * What a POST on a milestone's page did: kept a draft, asked for an extension, sent the
 * milestone, or added an output row (nothing written; the page comes back with `values`).
 */
export type MilestoneAct =
  | { kind: 'draft' | 'extension' | 'submitted'; view: MilestonePageView }
  | { kind: 'row'; view: MilestonePageView; values: Record<string, string> };

/**
 * POST of a milestone's page: the origin, the page's anti-forgery value and the link checked;
 * then a draft kept (nothing sent), or the milestone sent once in one conditional write (a
 * second press, or two at once, finds it sent) and handed to its waiting cycle. A milestone
 * sent after its due date needs the reason.
 */
export async function actOnMilestone(
  token: string,
  fields: Record<string, string>,
  ctx: { lang: Language; headers: Record<string, string>; requestId?: string },
  deps: MilestoneLinkDeps,
): Promise<MilestoneAct> {
  const { lang } = ctx;
  const { route, found } = await find(token, lang, deps);
  const stepDeps = { ...deps, store: deps.research };
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  const { own, rows } = splitOutputRows(fields);
  const form = parseOrThrow(MilestoneForm, own, lang);
  const now = deps.clock.now();
  assertPageProof(found.link, form.proof, now, lang);
  await assertActionableOrResend(route, token, found.link, found.subject.milestone.status, lang, stepDeps);
  const view = pageView(found, now);
  const { project, milestone } = found.subject;
  if (form.intent === 'extension') return requestExtension(found, token, form, ctx, deps, view);
  const read = outputsFromForm(rows, milestone.kind, lang);
  if (form.intent === undefined && form[ADD_OUTPUT] !== undefined) {
    // A row button: the form back as typed, with one more row of that kind while it fits.
    const added = read.rows.length < MAX_OUTPUTS && takesOutputs(milestone.kind) ? { [outputField(read.rows.length, 'type')]: form[ADD_OUTPUT] } : {};
    const { [ADD_OUTPUT]: _pressed, proof: _proof, ...typed } = fields;
    return { kind: 'row', view, values: { ...typed, ...added } };
  }
  if (form.intent === 'draft') {
    const kept = takesOutputs(milestone.kind) ? draftRows(read.rows) : [];
    await deps.research.saveDraft(project.id, milestone.number, {
      summary: form.summary ?? '',
      ...(form.lateReason ? { lateReason: form.lateReason } : {}),
      ...(kept.length ? { outputs: kept } : {}),
      savedAt: now.toISOString(),
    });
    return { kind: 'draft', view };
  }
  const issues = [
    ...(form.intent === 'submit'
      ? []
      : [{ path: 'intent', message: say(lang, 'Tekan “Kirim tahap” untuk mengirim.', 'Press “Send the milestone” to send it.') }]),
    ...(form.summary
      ? []
      : [{ path: 'summary', message: say(lang, 'Ringkas apa yang dikerjakan pada tahap ini.', 'Summarise what was done in this milestone.') }]),
    ...(view.view.overdue && !form.lateReason
      ? [{ path: 'lateReason', message: say(lang, 'Tahap ini melewati tenggatnya: tuliskan alasannya.', 'This milestone is past its due date: write why.') }]
      : []),
    ...read.issues,
  ];
  if (issues.length) throw new ValidationError(issues, lang);
  const round = found.link.round ?? 1;
  await useStepOnce(
    route,
    token,
    found,
    async (current) => {
      const at = deps.clock.now().toISOString();
      const by = { name: current.holder.name, email: current.holder.email };
      const outcome: ResearchOutcome = { action: 'submit', decidedAt: at, decidedBy: by };
      const event: ProjectEvent = {
        subject: current.subject,
        key: `${current.stepId}:submitted`,
        type: 'milestone-submitted',
        at,
        actor: { role: 'lead', ...by },
        step: 'milestone',
        milestone: milestone.number,
        round,
        fromStatus: milestone.status,
        toStatus: 'SUBMITTED',
        comment: form.lateReason,
        requestId: ctx.requestId,
      };
      await deps.research.submitMilestone({
        link: current,
        outcome,
        event,
        whileStatus: statusWhileOpen(current),
        submission: {
          round,
          summary: form.summary ?? '',
          ...(form.lateReason ? { lateReason: form.lateReason } : {}),
          ...(takesOutputs(milestone.kind) ? { outputs: read.outputs } : {}),
          submittedAt: at,
          by,
        },
      });
      return outcome;
    },
    lang,
    stepDeps,
  );
  return { kind: 'submitted', view: { ...view, milestone: { ...milestone, status: 'SUBMITTED' } } };
}

/**
 * The lead asks for a later due date, before sending: checked against today, the project's end
 * and the next milestone, kept as PENDING on the milestone (one at a time), and the cycle is
 * woken so the coordinator is asked at once.
 */
async function requestExtension(
  found: { link: ResearchStepLink; subject: Loaded },
  token: string,
  form: { newDueDate?: string; reason?: string },
  ctx: { lang: Language; requestId?: string },
  deps: MilestoneLinkDeps,
  view: MilestonePageView,
): Promise<MilestoneAct> {
  const { lang } = ctx;
  const { project, milestone } = found.subject;
  if (milestone.status !== 'OPEN')
    throw new ConflictError(
      say(lang, 'Perpanjangan hanya dapat diminta sebelum tahap dikirim.', 'An extension can only be asked for before the milestone is sent.'),
    );
  if (milestone.pendingExtension !== undefined)
    throw new ConflictError(
      say(
        lang,
        'Permintaan perpanjangan sebelumnya masih menunggu keputusan koordinator.',
        "An earlier extension request still awaits the coordinator's decision.",
      ),
    );
  const whole = await deps.research.getProjectWhole(project.id);
  const next = whole?.milestones.find((m) => m.number === milestone.number + 1);
  const now = deps.clock.now();
  const request = checkExtension(
    { newDueDate: form.newDueDate ?? '', reason: form.reason ?? '' },
    { today: todayInWib(now), projectEndDate: project.data.endDate, currentDueDate: milestone.dueDate, nextDueDate: next?.dueDate },
    lang,
  );
  const at = now.toISOString();
  const extension: ExtensionRecord = {
    number: milestone.extensions.length + 1,
    requestedAt: at,
    previousDueDate: milestone.dueDate,
    newDueDate: request.newDueDate,
    reason: request.reason,
    status: 'PENDING',
  };
  try {
    await deps.research.requestExtension(milestone, extension, {
      subject: found.link.subject,
      key: `milestone-${milestone.number}:extension-${extension.number}:requested`,
      type: 'extension-requested',
      at,
      actor: { role: 'lead', name: found.link.holder.name, email: found.link.holder.email },
      step: 'extension',
      milestone: milestone.number,
      comment: request.reason,
      requestId: ctx.requestId,
    });
  } catch (error) {
    if (!(error instanceof StepConflict)) throw error;
    throw new ConflictError(
      say(
        lang,
        'Tahap ini berubah sementara Anda mengisi; muat ulang halaman lalu coba lagi.',
        'This milestone changed while you were writing; reload the page and try again.',
      ),
    );
  }
  // The cycle waits on this link: woken, it asks the coordinator (a wait that has just ended finds the request on its next plan).
  await deliver(
    { sealedTaskToken: found.link.sealedTaskToken, token },
    { action: 'extension' },
    { subject: found.link.subject.type, subjectId: found.link.subject.id, step: 'extension' },
    deps,
    'first',
  );
  return {
    kind: 'extension',
    view: { ...view, milestone: { ...milestone, pendingExtension: extension.number, extensions: [...milestone.extensions, extension] } },
  };
}
