import type { Bilingual, Language } from '../kernel/i18n.js';
import { JP_MINIMUM_PER_YEAR } from '../kernel/jp/jp-ledger.js';
import { type Block, dear, mail, quoteIf, type RenderedMail, subjectLine } from '../kernel/mail/mail.js';
import { agencyContactEmail, type Fact, fieldLabels, roleLabel } from '../kernel/pages/labels.js';
import { formatDate, formatDateTime } from '../kernel/time.js';
import type { StepName } from './placement.schema.js';
import {
  applicantFacts,
  applicationFieldLabels,
  jpText,
  periodText,
  placementOfferFacts,
  placementSummaryFacts,
  stepButtonLabel,
  stepLabels,
} from './placement-labels.js';
import type { ApplicationRecord, PlacementRecord, PlacementStepLink } from './placement-records.js';
import type { StepView } from './views.js';

export type { RenderedMail } from '../kernel/mail/mail.js';

/** Words only the emails use; the placement's and applicant's fields are named in placement-labels. */
const labels = {
  partnership: { id: 'Kemitraan', en: 'Partnership' },
  offeredBy: { id: 'Ditawarkan oleh', en: 'Offered by' },
  activities: { id: 'Kegiatan yang dilaporkan', en: 'Activities reported' },
  hoursReported: { id: 'JP yang dilaporkan', en: 'Hours reported' },
  hoursMaximum: { id: 'JP maksimum penempatan ini', en: 'Maximum for this placement' },
  hoursCredited: { id: 'JP yang dicatat', en: 'Hours credited' },
  number: { id: 'Nomor', en: 'Number' },
  application: { id: 'Pengajuan magang', en: 'Application' },
  offer: { id: 'Tawaran penempatan', en: 'Placement offer' },
  track: { id: 'Pantau pengajuan Anda di sini', en: 'Follow your application here' },
  partnerPage: { id: 'Halaman mitra Anda', en: 'Your partner page' },
} satisfies Record<string, Bilingual>;

/** Who is first asked at each step: named to a backup who takes it over. */
const stepHolders: Record<StepName, Bilingual> = {
  offer: { id: 'Koordinator BKPSDM', en: 'the BKPSDM coordinator' },
  supervisor: { id: 'atasan langsung pendaftar', en: "the applicant's supervisor" },
  coordinator: { id: 'Koordinator BKPSDM', en: 'the BKPSDM coordinator' },
  host: { id: 'narahubung instansi mitra', en: "the partner's contact" },
  completion: { id: 'narahubung instansi mitra', en: "the partner's contact" },
  report: { id: 'pendaftar', en: 'the applicant' },
};

const stepSubjects: Record<StepName, Bilingual> = {
  offer: { id: 'Mohon keputusan tawaran magang', en: 'Decision needed on a placement offer' },
  supervisor: { id: 'Mohon keputusan pengajuan magang', en: 'Decision needed on an internship application' },
  coordinator: { id: 'Mohon keputusan pengajuan magang', en: 'Decision needed on an internship application' },
  host: { id: 'Mohon keputusan penerimaan magang', en: 'Decision needed on an intern' },
  completion: { id: 'Mohon konfirmasi JP magang', en: "Please confirm an intern's hours" },
  report: { id: 'Mohon kirim laporan magang', en: 'Please send your internship report' },
};

const kindPrefixes: Record<'reminder' | 'escalation', Bilingual> = {
  reminder: { id: 'Pengingat', en: 'Reminder' },
  escalation: { id: 'Dialihkan kepada Anda', en: 'Passed to you' },
};

/** The offer as the coordinator judges it, and who offered it. */
function offerFacts(placement: PlacementRecord, lang: Language): Fact[] {
  return [
    ...placementOfferFacts(placement.data, placement.institution, lang),
    { label: labels.offeredBy[lang], value: `${placement.host.name} <${placement.host.email}>` },
  ];
}

/** What the ASN reported, beside the most the placement can give. */
function reportFacts(application: ApplicationRecord, lang: Language): Fact[] {
  const report = application.report;
  return [
    ...(report
      ? [
          { label: labels.activities[lang], value: report.activities, multiline: true },
          { label: labels.hoursReported[lang], value: jpText(report.hours) },
        ]
      : []),
    { label: labels.hoursMaximum[lang], value: jpText(application.placement.jpHours) },
  ];
}

function trackLink(url: string, lang: Language): Block {
  return { kind: 'link', label: labels.track[lang], url };
}

const doNotForward: Bilingual = {
  id: 'Tautan ini khusus untuk Anda; mohon jangan meneruskan email ini.',
  en: 'This link is for you alone; please do not forward this email.',
};

// ---------------------------------------------------------------------------------------------

/** What the holder of a step is asked to do, with the names that make it concrete. */
function stepAsk(step: StepName, subject: StepView['subject'], lang: Language): string {
  const id = lang === 'id';
  if (subject.type === 'placement')
    return id
      ? `${subject.placement.institution} menawarkan penempatan magang berikut. Mohon tinjau dan putuskan apakah penempatan ini diterbitkan di katalog magang.`
      : `${subject.placement.institution} offered the internship placement below. Please review it and decide whether it is published in the internship catalogue.`;
  const { data, placement } = subject.application;
  switch (step) {
    case 'supervisor':
      return id
        ? `${data.name} mengajukan diri untuk magang berikut dan menyebut Anda sebagai atasan langsungnya. Mohon putuskan apakah Anda menyetujui keikutsertaannya.`
        : `${data.name} applied for the internship below and named you as their supervisor. Please decide whether you approve their taking part.`;
    case 'host':
      return id
        ? `${data.name}, ASN Pemerintah Kota Surakarta, mengajukan magang di ${placement.hostUnit}, dan pengajuannya sudah disetujui atasannya serta BKPSDM. Mohon putuskan apakah Anda menerimanya sebagai peserta magang.`
        : `${data.name}, a civil servant of the City of Surakarta, applied for an internship with ${placement.hostUnit}, and their supervisor and BKPSDM have approved the application. Please decide whether you accept them as an intern.`;
    case 'completion':
      return id
        ? `${data.name} telah menjalani magang berikut dan melaporkan kegiatan serta jumlah JP di bawah ini. Mohon konfirmasi jumlah JP yang benar-benar diikuti, paling banyak ${jpText(placement.jpHours)}.`
        : `${data.name} has done the internship below and reported the activities and hours shown. Please confirm the hours they actually attended, at most ${jpText(placement.jpHours)}.`;
    case 'report':
      return id
        ? `Magang Anda berikut telah berakhir. Mohon tulis laporan singkat penyelesaian: kegiatan yang Anda lakukan dan jumlah JP yang Anda ikuti, paling banyak ${jpText(placement.jpHours)}. Instansi mitra kemudian mengonfirmasinya, dan JP dicatat untuk Anda.`
        : `Your internship below has ended. Please write a short completion report: what you did and the hours you attended, at most ${jpText(placement.jpHours)}. The host then confirms it, and the hours are credited to you.`;
    case 'coordinator':
    case 'offer':
      return id
        ? `Pengajuan magang berikut dari ${data.name} sudah disetujui atasan langsungnya dan kini menunggu keputusan Anda.`
        : `The internship application below from ${data.name} was approved by their supervisor and is now waiting for your decision.`;
  }
}

/**
 * To the holder of a step link, in their language: what is asked at the step, its context, the
 * deadline and the link. `request` is the first ask, `reminder` sends the same link again, and
 * `escalation` goes to the backup after the first holder let the deadline pass.
 */
export function stepRequestEmail(args: {
  link: PlacementStepLink;
  subject: StepView['subject'];
  url: string;
  kind: 'request' | 'reminder' | 'escalation';
}): RenderedMail {
  const { link, subject, url, kind } = args;
  const lang = link.holder.language;
  const id = lang === 'id';
  const step = link.step;
  const deadline = formatDateTime(link.expiresAt, lang);
  const reporting = step === 'report';

  const opening: Record<typeof kind, string[]> = {
    request: [],
    reminder: [
      id
        ? 'Ini pengingat: permintaan berikut masih menunggu tanggapan Anda. Tautannya sama dengan email sebelumnya.'
        : 'This is a reminder: the request below is still waiting for you. The link is the same as in the earlier email.',
    ],
    escalation: [
      id
        ? `Orang yang pertama diminta pada tahap ini (${stepHolders[step][lang]}) belum menanggapi sebelum batas waktunya. Sebagai cadangan, kini Anda diminta menanganinya; tautan yang dikirim kepadanya tidak berlaku lagi.`
        : `The person first asked at this step (${stepHolders[step][lang]}) did not respond before the deadline. As the backup, you are now asked to take it over; the link sent to them no longer works.`,
    ],
  };

  const context: Block[] =
    subject.type === 'placement'
      ? [{ kind: 'facts', facts: offerFacts(subject.placement, lang) }]
      : [
          { kind: 'facts', facts: placementSummaryFacts(subject.application.placement, lang) },
          // As on the step pages: only the ASN's own approvers see their identity number.
          ...(reporting
            ? []
            : [
                {
                  kind: 'facts',
                  facts: applicantFacts(subject.application.data, lang, { withNip: step === 'supervisor' || step === 'coordinator' }),
                } satisfies Block,
              ]),
          ...(step === 'completion' ? [{ kind: 'facts', facts: reportFacts(subject.application, lang) } satisfies Block] : []),
        ];

  const buttonLabel = reporting
    ? id
      ? 'Buka formulir laporan'
      : 'Open the report form'
    : step === 'completion'
      ? id
        ? 'Buka halaman konfirmasi'
        : 'Open the confirmation page'
      : id
        ? 'Buka halaman keputusan'
        : 'Open the decision page';

  const buttons = link.actions.map((action) => stepButtonLabel(step, action)[lang]).join(', ');
  const nothingYet = reporting
    ? id
      ? `Membuka tautan ini belum mengubah apa pun: laporan baru tercatat saat Anda mengirim formulir di halaman itu (${buttons}).`
      : `Opening this link changes nothing: the report is recorded only when you send the form on that page (${buttons}).`
    : id
      ? `Membuka tautan ini belum mengubah apa pun: tautan ini membuka halaman berisi rincian di atas, dan keputusan Anda baru tercatat saat Anda memilihnya di halaman itu (${buttons}) lalu menekan “Kirim keputusan”.`
      : `Opening this link changes nothing: it opens a page with the details above, and your decision is recorded only when you choose it on that page (${buttons}) and press “Send decision”.`;

  const byWhen = reporting
    ? id
      ? `Kirim laporan sebelum ${deadline}. Bila tidak, pengajuan berakhir dan JP magang ini tidak dicatat.`
      : `Send the report before ${deadline}. Otherwise the application ends and the hours of this internship are not credited.`
    : step === 'completion'
      ? id
        ? `Mohon konfirmasi sebelum ${deadline}.`
        : `Please confirm before ${deadline}.`
      : id
        ? `Mohon putuskan sebelum ${deadline}.`
        : `Please decide before ${deadline}.`;

  const blocks: Block[] = [
    ...opening[kind].map((text): Block => ({ kind: 'p', text })),
    { kind: 'p', text: stepAsk(step, subject, lang) },
    {
      kind: 'facts',
      facts: [
        { label: fieldLabels.step[lang], value: stepLabels[step][lang] },
        { label: fieldLabels.deadline[lang], value: deadline },
      ],
    },
    ...context,
    { kind: 'link', label: buttonLabel, url, primary: true },
    { kind: 'note', text: nothingYet },
    { kind: 'p', strong: reporting, text: byWhen },
    { kind: 'p', text: doNotForward[lang] },
  ];

  const title = subject.type === 'placement' ? subject.placement.data.title : subject.application.placement.title;
  const aside =
    subject.type === 'placement' ? subject.placement.institution : reporting ? subject.application.placement.institution : subject.application.data.name;
  const what = stepSubjects[step][lang];
  const prefix = kind === 'request' ? what : `${kindPrefixes[kind][lang]} — ${what.charAt(0).toLowerCase()}${what.slice(1)}`;
  return mail(lang, subjectLine(prefix, title, aside), dear(link.holder.name, lang), blocks);
}

/** To the partner's contact (language placement.host.language) about their offer: published, rejected (with comment), expired (nobody decided), or failure (could not be processed). */
export function offerOutcomeEmail(args: {
  placement: PlacementRecord;
  outcome: 'published' | 'rejected' | 'expired' | 'failure';
  comment?: string;
  partnerUrl: string;
}): RenderedMail {
  const { placement, outcome, comment, partnerUrl } = args;
  const lang = placement.host.language;
  const id = lang === 'id';
  const offerAgain = id
    ? `Anda dapat menawarkannya kembali melalui halaman mitra Anda, atau menghubungi koordinator BKPSDM di ${agencyContactEmail}.`
    : `You may offer it again through your partner page, or write to the BKPSDM coordinator at ${agencyContactEmail}.`;
  const outcomes: Record<typeof outcome, { subject: Bilingual; blocks: Block[] }> = {
    published: {
      subject: { id: 'Tawaran magang diterbitkan', en: 'Placement offer published' },
      blocks: [
        {
          kind: 'p',
          text: id
            ? `Tawaran penempatan magang Anda telah disetujui BKPSDM Kota Surakarta dan kini terbit di katalog magang. ASN dapat mendaftar sampai ${formatDate(placement.data.applicationDeadline, lang)}.`
            : `BKPSDM Kota Surakarta approved your placement offer, and it is now published in the internship catalogue. Civil servants can apply until ${formatDate(placement.data.applicationDeadline, lang)}.`,
        },
        {
          kind: 'p',
          text: id
            ? 'Setiap pendaftar disetujui dahulu oleh atasannya dan oleh BKPSDM; setelah itu Anda akan menerima email untuk menerima atau menolaknya.'
            : 'Each applicant is first approved by their supervisor and by BKPSDM; then you will get an email asking you to accept or decline them.',
        },
      ],
    },
    rejected: {
      subject: { id: 'Tawaran magang tidak disetujui', en: 'Placement offer not approved' },
      blocks: [
        {
          kind: 'p',
          text: id
            ? 'Dengan menyesal kami sampaikan bahwa tawaran penempatan magang Anda tidak disetujui BKPSDM Kota Surakarta, sehingga tidak diterbitkan.'
            : 'We are sorry to tell you that BKPSDM Kota Surakarta did not approve your placement offer, so it is not published.',
        },
        ...quoteIf(id ? 'Alasan' : 'Reason', comment),
        {
          kind: 'p',
          text: id
            ? `Anda tetap dapat menawarkan penempatan lain melalui halaman mitra Anda. Untuk pertanyaan, hubungi ${agencyContactEmail}.`
            : `You are welcome to offer another placement through your partner page. For questions, write to ${agencyContactEmail}.`,
        },
      ],
    },
    expired: {
      subject: { id: 'Tawaran magang berakhir', en: 'Placement offer ended' },
      blocks: [
        {
          kind: 'p',
          text: id
            ? 'Mohon maaf, tawaran penempatan magang Anda tidak mendapat keputusan sebelum batas waktunya, sehingga tawaran ini berakhir tanpa diterbitkan. Ini bukan penolakan.'
            : 'We are sorry: your placement offer did not receive a decision before its deadline, so it has ended without being published. This is not a rejection.',
        },
        { kind: 'p', text: offerAgain },
      ],
    },
    failure: {
      subject: { id: 'Tawaran magang tidak dapat diproses', en: 'Placement offer could not be processed' },
      blocks: [
        {
          kind: 'p',
          text: id
            ? 'Mohon maaf, tawaran penempatan magang Anda tidak dapat diproses karena gangguan teknis, sehingga tawaran ini ditutup tanpa diterbitkan. Ini bukan penolakan; koordinator BKPSDM sudah diberi tahu.'
            : 'We are sorry: your placement offer could not be processed because of a technical problem, so it was closed without being published. This is not a rejection; the BKPSDM coordinator has been told.',
        },
        { kind: 'p', text: offerAgain },
      ],
    },
  };
  const { subject, blocks } = outcomes[outcome];
  return mail(lang, subjectLine(subject[lang], placement.data.title, placement.institution), dear(placement.host.name, lang), [
    { kind: 'facts', facts: offerFacts(placement, lang) },
    ...blocks,
    { kind: 'link', label: labels.partnerPage[lang], url: partnerUrl },
  ]);
}

/** To the ASN (language application.data.language) right after applying: what happens next, and the tracking link. */
export function applicationReceiptEmail(args: { application: ApplicationRecord; trackingUrl: string }): RenderedMail {
  const { application, trackingUrl } = args;
  const { data, placement } = application;
  const lang = data.language;
  const id = lang === 'id';
  const blocks: Block[] = [
    { kind: 'p', text: id ? 'Terima kasih. Pengajuan magang Anda sudah kami terima.' : 'Thank you. We have received your internship application.' },
    { kind: 'facts', facts: placementSummaryFacts(placement, lang) },
    {
      kind: 'facts',
      facts: [...applicantFacts(data, lang, { withNip: true }), { label: applicationFieldLabels.supervisorEmail[lang], value: data.supervisor.email }],
    },
    {
      kind: 'p',
      text: id
        ? `Langkah berikutnya:\n1. ${data.supervisor.name}, atasan langsung Anda, diminta melalui email untuk menyetujui pengajuan ini.\n2. Koordinator BKPSDM meninjaunya.\n3. ${placement.institution} memutuskan apakah menerima Anda.\n4. Bila semua setuju, satu kursi disediakan untuk Anda; bila kursi sudah penuh, Anda masuk daftar tunggu.`
        : `What happens next:\n1. ${data.supervisor.name}, your supervisor, is asked by email to approve this application.\n2. The BKPSDM coordinator reviews it.\n3. ${placement.institution} decides whether to accept you.\n4. If everyone agrees, a seat is reserved for you; if the seats are all taken, you join the waitlist.`,
    },
    {
      kind: 'p',
      text: id
        ? 'Setiap perkembangan dikirim ke alamat email ini. Anda juga dapat memantau pengajuan, dan membatalkannya sampai magang dimulai, melalui tautan pribadi berikut; mohon jangan membagikannya.'
        : 'Every step will be sent to this email address. You can also follow the application, and withdraw it until the internship starts, through the private link below; please do not share it.',
    },
    trackLink(trackingUrl, lang),
  ];
  return mail(
    lang,
    subjectLine(id ? 'Pengajuan magang diterima' : 'Application received', placement.title, placement.institution),
    dear(data.name, lang),
    blocks,
  );
}

/** One thing that happened to an application, as its applicant is told. */
export type ApplicationNews =
  /** Refused at `step`, by the person named `by`, for the reason in `comment`. */
  | { kind: 'rejected'; step: StepName; comment?: string; by?: string }
  /** A seat is reserved. */
  | { kind: 'confirmed' }
  /** The placement is full; `position` is the place in the queue (1 = next). */
  | { kind: 'waitlisted'; position: number }
  /** A withdrawal freed a seat, and it went to this waitlisted application. */
  | { kind: 'promoted' }
  | { kind: 'started' }
  /** Confirms the ASN's own withdrawal. */
  | { kind: 'withdrawn' }
  /** `hours` credited; `yearTotal` is the JP of `year` including them. */
  | { kind: 'completed'; hours: number; year: number; yearTotal: number }
  /**
   * no-decision: nobody decided in time; no-report: no report in time; no-seat: still waitlisted
   * when the placement started; failure: could not be processed (BKPSDM is told); overlap: a
   * confirmed placement of theirs overlaps these dates.
   */
  | { kind: 'expired'; reason: 'no-decision' | 'no-report' | 'no-seat' | 'failure' | 'overlap' };

/** The subject prefix and the body of one piece of news. */
function newsContent(application: ApplicationRecord, news: ApplicationNews, lang: Language): { subject: string; blocks: Block[] } {
  const id = lang === 'id';
  const { placement } = application;
  const dates = periodText(placement.startDate, placement.endDate, lang);
  const withdrawBeforeStart: Block = {
    kind: 'p',
    text: id
      ? 'Bila Anda berhalangan, mohon batalkan pengajuan melalui tautan di bawah sebelum magang dimulai, agar kursinya dapat diberikan kepada pendaftar lain.'
      : 'If you cannot take part, please withdraw through the link below before the internship starts, so that the seat can go to another applicant.',
  };
  const elsewhere: Block = {
    kind: 'p',
    text: id
      ? `Anda dapat mendaftar ke penempatan lain di katalog magang, atau menghubungi koordinator BKPSDM di ${agencyContactEmail}.`
      : `You may apply for another placement in the internship catalogue, or write to the BKPSDM coordinator at ${agencyContactEmail}.`,
  };
  switch (news.kind) {
    case 'rejected':
      return {
        subject: id ? 'Pengajuan magang tidak disetujui' : 'Application not approved',
        blocks: [
          {
            kind: 'p',
            text: id
              ? 'Dengan menyesal kami sampaikan bahwa pengajuan magang Anda tidak disetujui.'
              : 'We are sorry to tell you that your internship application was not approved.',
          },
          {
            kind: 'facts',
            facts: [
              { label: fieldLabels.step[lang], value: stepLabels[news.step][lang] },
              ...(news.by ? [{ label: fieldLabels.decidedBy[lang], value: news.by }] : []),
            ],
          },
          ...quoteIf(id ? 'Alasan' : 'Reason', news.comment),
          elsewhere,
        ],
      };
    case 'confirmed':
      return {
        subject: id ? 'Kursi magang dikonfirmasi' : 'Seat confirmed',
        blocks: [
          {
            kind: 'p',
            text: id
              ? `Selamat! Pengajuan magang Anda telah disetujui di semua tahap, dan satu kursi kini disediakan untuk Anda. Magang berlangsung ${dates} di ${placement.hostUnit}, ${placement.institution}.`
              : `Congratulations! Your internship application was approved at every step, and a seat is now reserved for you. The internship runs ${dates} at ${placement.hostUnit}, ${placement.institution}.`,
          },
          withdrawBeforeStart,
        ],
      };
    case 'waitlisted':
      return {
        subject: id ? `Daftar tunggu, urutan ke-${news.position}` : `Waitlisted, number ${news.position}`,
        blocks: [
          {
            kind: 'p',
            text: id
              ? 'Pengajuan magang Anda telah disetujui di semua tahap, tetapi semua kursi sudah terisi, sehingga Anda masuk daftar tunggu.'
              : 'Your internship application was approved at every step, but all the seats are taken, so you are on the waitlist.',
          },
          {
            kind: 'p',
            strong: true,
            text: id ? `Anda berada di urutan ke-${news.position} daftar tunggu.` : `You are number ${news.position} on the waitlist.`,
          },
          {
            kind: 'p',
            text: id
              ? 'Bila ada kursi yang kosong sebelum magang dimulai, kursi itu diberikan menurut urutan daftar tunggu, dan Anda akan diberi tahu melalui email. Bila sampai magang dimulai belum ada kursi untuk Anda, pengajuan ini berakhir.'
              : 'If a seat is freed before the internship starts, it goes to the waitlist in order, and you will be told by email. If no seat has come to you by the time the internship starts, this application ends.',
          },
        ],
      };
    case 'promoted':
      return {
        subject: id ? 'Kursi tersedia — magang dikonfirmasi' : 'A seat opened — internship confirmed',
        blocks: [
          {
            kind: 'p',
            text: id
              ? `Kabar baik: sebuah kursi kosong karena ada peserta yang mengundurkan diri, dan kursi itu kini disediakan untuk Anda. Pengajuan magang Anda dikonfirmasi; magang berlangsung ${dates} di ${placement.hostUnit}, ${placement.institution}.`
              : `Good news: a seat was freed by a withdrawal, and it is now reserved for you. Your internship application is confirmed; the internship runs ${dates} at ${placement.hostUnit}, ${placement.institution}.`,
          },
          withdrawBeforeStart,
        ],
      };
    case 'started':
      return {
        subject: id ? 'Magang dimulai' : 'Internship started',
        blocks: [
          {
            kind: 'p',
            text: id
              ? `Magang Anda telah dimulai dan berlangsung sampai ${formatDate(placement.endDate, lang)}. Setelah selesai, Anda akan diminta menulis laporan singkat: kegiatan yang Anda lakukan dan jumlah JP yang Anda ikuti. Instansi mitra kemudian mengonfirmasinya, dan JP dicatat untuk Anda.`
              : `Your internship has started and runs until ${formatDate(placement.endDate, lang)}. When it is over, you will be asked for a short report: what you did and the hours you attended. The host then confirms it, and the hours are credited to you.`,
          },
          {
            kind: 'p',
            text: id
              ? `Sejak magang dimulai, pengajuan tidak dapat lagi dibatalkan melalui tautan pemantauan. Bila ada kendala, hubungi ${agencyContactEmail}.`
              : `Now that the internship has started, it can no longer be withdrawn through the tracking link. If something comes up, write to ${agencyContactEmail}.`,
          },
        ],
      };
    case 'withdrawn':
      return {
        subject: id ? 'Pengajuan dibatalkan' : 'Application withdrawn',
        blocks: [
          {
            kind: 'p',
            text: id
              ? 'Pengajuan magang Anda telah dibatalkan sesuai permintaan Anda. Tidak ada langkah lain yang perlu Anda lakukan.'
              : 'Your internship application has been withdrawn, as you asked. There is nothing else you need to do.',
          },
          {
            kind: 'note',
            text: id
              ? `Bila Anda tidak membatalkannya sendiri, segera hubungi ${agencyContactEmail}.`
              : `If you did not withdraw it yourself, please write to ${agencyContactEmail} at once.`,
          },
        ],
      };
    case 'completed':
      return {
        subject: id ? `Magang selesai — ${jpText(news.hours)} dicatat` : `Internship completed — ${jpText(news.hours)} credited`,
        blocks: completedBlocks(application, news, lang),
      };
    case 'expired': {
      const reasons: Record<typeof news.reason, Bilingual> = {
        'no-decision': {
          id: 'Mohon maaf, pengajuan magang Anda tidak mendapat keputusan sebelum batas waktunya, sehingga pengajuan ini berakhir. Ini bukan penolakan.',
          en: 'We are sorry: your internship application did not receive a decision before its deadline, so it has ended. This is not a rejection.',
        },
        'no-report': {
          id: `Laporan penyelesaian magang tidak dikirim sebelum batas waktunya, sehingga pengajuan ini berakhir dan JP magang ini tidak dicatat. Bila Anda sudah menjalani magang ini, hubungi ${agencyContactEmail}.`,
          en: `The completion report was not sent before its deadline, so the application has ended and the hours of this internship are not credited. If you did take part in this internship, write to ${agencyContactEmail}.`,
        },
        'no-seat': {
          id: 'Mohon maaf, sampai magang dimulai tidak ada kursi yang kosong untuk Anda di daftar tunggu, sehingga pengajuan ini berakhir. Ini bukan penolakan.',
          en: 'We are sorry: no seat came free for you on the waitlist before the internship started, so the application has ended. This is not a rejection.',
        },
        failure: {
          id: 'Mohon maaf, pengajuan magang Anda tidak dapat diproses karena gangguan teknis, sehingga pengajuan ini berakhir. Ini bukan penolakan; BKPSDM sudah diberi tahu.',
          en: 'We are sorry: your internship application could not be processed because of a technical problem, so it has ended. This is not a rejection; BKPSDM has been told.',
        },
        overlap: {
          id: 'Pengajuan ini berakhir karena Anda sudah terkonfirmasi di penempatan magang lain yang waktunya bertumpang tindih dengan tanggal magang ini.',
          en: 'This application has ended because you already hold a confirmed placement whose dates overlap with these.',
        },
      };
      return { subject: id ? 'Pengajuan magang berakhir' : 'Application ended', blocks: [{ kind: 'p', text: reasons[news.reason][lang] }, elsewhere] };
    }
  }
}

/**
 * The JP credited and the year's tally. The yearly minimum is a PNS's right and duty
 * (JP_MINIMUM_PER_YEAR), so only a PNS is told whether it is reached.
 */
function completedBlocks(application: ApplicationRecord, news: Extract<ApplicationNews, { kind: 'completed' }>, lang: Language): Block[] {
  const id = lang === 'id';
  const missing = JP_MINIMUM_PER_YEAR - news.yearTotal;
  const minimum: Block[] =
    application.data.employmentType !== 'PNS'
      ? []
      : [
          {
            kind: 'p',
            strong: true,
            text:
              missing <= 0
                ? id
                  ? `Dengan ini kewajiban pengembangan kompetensi minimal ${jpText(JP_MINIMUM_PER_YEAR)} Anda untuk tahun ${news.year} telah terpenuhi.`
                  : `You have now reached the minimum of ${jpText(JP_MINIMUM_PER_YEAR)} of competency development for ${news.year}.`
                : id
                  ? `Total ini belum mencapai minimal ${jpText(JP_MINIMUM_PER_YEAR)} pengembangan kompetensi per tahun: untuk tahun ${news.year} masih kurang ${jpText(missing)}.`
                  : `This total has not yet reached the yearly minimum of ${jpText(JP_MINIMUM_PER_YEAR)} of competency development: ${jpText(missing)} are still missing for ${news.year}.`,
          },
        ];
  return [
    {
      kind: 'p',
      text: id
        ? 'Selamat, magang Anda telah selesai dan jumlah JP-nya dikonfirmasi oleh instansi mitra.'
        : 'Congratulations: your internship is complete, and the host has confirmed its hours.',
    },
    {
      kind: 'facts',
      facts: [
        { label: labels.hoursCredited[lang], value: jpText(news.hours) },
        { label: id ? `Total JP tahun ${news.year}` : `Total JP in ${news.year}`, value: jpText(news.yearTotal) },
      ],
    },
    ...minimum,
  ];
}

/** To the ASN (language application.data.language): one piece of news, with the tracking link. */
export function applicationNewsEmail(args: { application: ApplicationRecord; trackingUrl: string; news: ApplicationNews }): RenderedMail {
  const { application, trackingUrl, news } = args;
  const lang = application.data.language;
  const { subject, blocks } = newsContent(application, news, lang);
  return mail(lang, subjectLine(subject, application.placement.title, application.placement.institution), dear(application.data.name, lang), [
    { kind: 'facts', facts: placementSummaryFacts(application.placement, lang) },
    ...blocks,
    trackLink(trackingUrl, lang),
  ]);
}

/** To the coordinator: a workflow could not go on and was closed (subject = the application's or placement's title and id). */
export function placementFailureNoticeEmail(args: { what: 'application' | 'placement'; id: string; title: string; language: Language }): RenderedMail {
  const { what, title, language: lang } = args;
  const id = lang === 'id';
  const closed: Record<typeof what, Bilingual> = {
    application: {
      id: 'Alur kerja pengajuan magang ini berhenti karena gangguan teknis, dan pengajuan ditutup sebagai kedaluwarsa. Pendaftar sudah diberi tahu.',
      en: 'The workflow of this internship application stopped on a technical failure, and the application was closed as expired. The applicant has been told.',
    },
    placement: {
      id: 'Alur kerja tawaran penempatan ini berhenti karena gangguan teknis, dan tawaran ditutup tanpa diterbitkan. Instansi mitra sudah diberi tahu.',
      en: 'The workflow of this placement offer stopped on a technical failure, and the offer was closed without being published. The partner has been told.',
    },
  };
  const blocks: Block[] = [
    {
      kind: 'facts',
      facts: [
        { label: (what === 'application' ? labels.application : labels.offer)[lang], value: title },
        { label: labels.number[lang], value: args.id },
      ],
    },
    { kind: 'p', text: closed[what][lang] },
    {
      kind: 'p',
      text: id
        ? 'Riwayat eksekusi alur kerja menunjukkan langkah yang gagal. Mohon periksa apakah ada yang perlu ditindaklanjuti secara manual.'
        : "The workflow execution's history shows the step that failed. Please check whether anything needs to be followed up by hand.",
    },
  ];
  return mail(lang, subjectLine(id ? 'Alur kerja terhenti' : 'Workflow stopped', title, args.id), dear(roleLabel('coordinator', lang), lang), blocks);
}

/** Why a confirmed application could not be taken: told only to the address that confirmed it. */
export type RefusalReason = 'duplicate' | 'overlap' | 'closed';

/**
 * A confirmed application that another application, or the calendar, stands in the way of. The
 * reason goes to the confirmed address only: the public answers to a submission are the same
 * whatever NIP was typed.
 */
export function applicationRefusedEmail(args: { application: ApplicationRecord; reason: RefusalReason }): RenderedMail {
  const { application, reason } = args;
  const { data, placement } = application;
  const lang = data.language;
  const id = lang === 'id';
  const why: Record<RefusalReason, string> = {
    duplicate: id
      ? `NIP ${data.nip} sudah terdaftar untuk penempatan ini melalui pendaftaran lain. Satu NIP hanya dapat mendaftar sekali untuk satu penempatan.`
      : `NIP ${data.nip} has already applied for this placement through another application. One NIP can apply once for a placement.`,
    overlap: id
      ? `NIP ${data.nip} sudah memegang penempatan magang yang diterima pada tanggal yang bertumpang tindih dengan penempatan ini.`
      : `NIP ${data.nip} already holds a confirmed internship placement on dates that overlap this one.`,
    closed: id ? 'Pendaftaran untuk penempatan ini sudah ditutup sebelum konfirmasi Anda.' : 'Applications for this placement closed before your confirmation.',
  };
  const blocks: Block[] = [
    { kind: 'p', text: id ? 'Pendaftaran magang yang Anda konfirmasi tidak dapat diterima.' : 'The internship application you confirmed cannot be accepted.' },
    { kind: 'facts', facts: placementSummaryFacts(placement, lang) },
    { kind: 'p', text: why[reason], strong: true },
    {
      kind: 'note',
      text: id
        ? `Bukan Anda yang mendaftar dengan NIP ini sebelumnya, atau ada yang keliru? Hubungi koordinator BKPSDM di ${agencyContactEmail}.`
        : `Did someone else apply with this NIP, or is something wrong? Write to the BKPSDM coordinator at ${agencyContactEmail}.`,
    },
  ];
  return mail(
    lang,
    subjectLine(id ? 'Pendaftaran tidak dapat diterima' : 'Application not accepted', placement.title, placement.institution),
    dear(data.name, lang),
    blocks,
  );
}
