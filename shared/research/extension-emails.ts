import type { Language } from '../kernel/i18n.js';
import { type Block, dear, mail, quoteIf, type RenderedMail, subjectLine } from '../kernel/mail/mail.js';
import type { StepMailKind } from '../kernel/steps/human-step.js';
import { formatDate, formatDateTime } from '../kernel/time.js';
import type { ExtensionRecord, MilestoneRecord, ProjectRecord, ResearchStepLink } from './research-records.js';

/**
 * The mails of a milestone's extension: the coordinator asked to decide on the lead's request
 * (with the reminder and the backup's escalation every step has), and the lead told the answer.
 */

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

function requestFacts(project: ProjectRecord, milestone: MilestoneRecord, extension: ExtensionRecord, lang: Language) {
  return [
    { label: say(lang, 'Proyek', 'Project'), value: `${project.data.title} (${project.institution})` },
    { label: say(lang, 'Tahap', 'Milestone'), value: `${milestone.number}. ${milestone.title}` },
    { label: say(lang, 'Ketua peneliti', 'Lead researcher'), value: project.data.lead.name },
    { label: say(lang, 'Tenggat saat ini', 'Current due date'), value: formatDate(extension.previousDueDate, lang) },
    { label: say(lang, 'Tenggat yang diminta', 'Due date asked for'), value: formatDate(extension.newDueDate, lang) },
  ];
}

/** To the coordinator (or their backup): decide on the lead's request for a new due date. */
export function extensionRequestEmail(args: {
  project: ProjectRecord;
  milestone: MilestoneRecord;
  extension: ExtensionRecord;
  link: ResearchStepLink;
  url: string;
  kind: StepMailKind;
}): RenderedMail {
  const { project, milestone, extension, link, url, kind } = args;
  const lang = link.holder.language;
  const opening: Record<StepMailKind, string[]> = {
    request: [],
    reminder: [
      say(
        lang,
        'Ini pengingat: permintaan berikut masih menunggu keputusan Anda. Tautannya sama dengan email sebelumnya.',
        'This is a reminder: the request below is still waiting for your decision. The link is the same as in the earlier email.',
      ),
    ],
    escalation: [
      say(
        lang,
        'Koordinator BKPSDM belum memutuskan permintaan ini sebelum batas waktunya. Sebagai cadangan, kini Anda diminta memutuskannya; tautan yang dikirim kepadanya tidak berlaku lagi.',
        'The BKPSDM coordinator did not decide this request before the deadline. As the backup, you are now asked to decide it; the link sent to them no longer works.',
      ),
    ],
  };
  const blocks: Block[] = [
    ...opening[kind].map((text) => ({ kind: 'p' as const, text })),
    {
      kind: 'p',
      text: say(
        lang,
        `${project.data.lead.name} meminta tenggat baru untuk tahap “${milestone.title}”. Tahap ini belum dikirim; bila disetujui, tenggatnya pindah dan pengingatnya dijadwalkan ulang.`,
        `${project.data.lead.name} asks for a new due date for the milestone “${milestone.title}”. It has not been sent yet; if approved, its due date moves and its reminders are planned again.`,
      ),
    },
    { kind: 'facts', facts: requestFacts(project, milestone, extension, lang) },
    { kind: 'quote', label: say(lang, 'Alasan ketua', "The lead's reason"), text: extension.reason },
    { kind: 'link', label: say(lang, 'Buka halaman keputusan', 'Open the decision page'), url, primary: true },
    {
      kind: 'p',
      text: say(
        lang,
        `Mohon putuskan sebelum ${formatDateTime(link.expiresAt, lang)}. Bila tidak diputuskan, permintaan ini dianggap tidak disetujui dan tenggat tetap.`,
        `Please decide before ${formatDateTime(link.expiresAt, lang)}. Undecided by then, the request counts as refused and the due date stays.`,
      ),
    },
    {
      kind: 'note',
      text: say(lang, 'Tautan ini khusus untuk Anda; mohon jangan meneruskan email ini.', 'This link is for you alone; please do not forward this email.'),
    },
  ];
  const prefix =
    kind === 'reminder'
      ? say(lang, 'Pengingat — perpanjangan tenggat', 'Reminder — extension request')
      : say(lang, 'Mohon keputusan perpanjangan tenggat', 'Extension request to decide');
  return mail(lang, subjectLine(prefix, milestone.title, project.data.title), dear(link.holder.name, lang), blocks);
}

/** To the lead: what the coordinator decided on their request, and the due date that now holds. */
export function extensionDecidedEmail(args: {
  project: ProjectRecord;
  milestone: MilestoneRecord;
  extension: ExtensionRecord;
  milestoneUrl: string;
}): RenderedMail {
  const { project, milestone, extension, milestoneUrl } = args;
  const lang = project.data.language;
  const approved = extension.status === 'APPROVED';
  const due = formatDate(approved ? extension.newDueDate : extension.previousDueDate, lang);
  const blocks: Block[] = [
    {
      kind: 'p',
      strong: true,
      text: approved
        ? say(
            lang,
            `Perpanjangan disetujui: tenggat tahap “${milestone.title}” kini ${due}.`,
            `Extension approved: the milestone “${milestone.title}” is now due on ${due}.`,
          )
        : say(
            lang,
            `Perpanjangan tidak disetujui: tenggat tahap “${milestone.title}” tetap ${due}.`,
            `Extension refused: the milestone “${milestone.title}” is still due on ${due}.`,
          ),
    },
    ...quoteIf(say(lang, 'Catatan koordinator', "The coordinator's note"), extension.comment),
    {
      kind: 'p',
      text: approved
        ? say(
            lang,
            'Pengingat dijadwalkan ulang menurut tenggat baru, dan kalender proyek Anda memperbarui acaranya.',
            'The reminders are planned again for the new date, and your project calendar updates its event.',
          )
        : say(lang, 'Tahap ini tetap dapat dikirim melalui tautan yang sama.', 'The milestone can still be sent through the same link.'),
    },
    { kind: 'link', label: say(lang, 'Buka halaman tahap', 'Open the milestone page'), url: milestoneUrl, primary: true },
  ];
  const prefix = approved
    ? say(lang, 'Perpanjangan tenggat disetujui', 'Extension approved')
    : say(lang, 'Perpanjangan tenggat tidak disetujui', 'Extension refused');
  return mail(lang, subjectLine(prefix, milestone.title, project.data.title), dear(project.data.lead.name, lang), blocks);
}
