import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import type { RenderedMail } from '../../shared/kernel/mail/mail.js';
import { partnerWelcomeEmail } from '../../shared/kernel/partnerships/partner-emails.js';
import type { PartnershipRecord } from '../../shared/kernel/partnerships/partnership.js';
import type { ApplicationInput, PlacementOffer, StepName } from '../../shared/placements/placement.schema.js';
import {
  type ApplicationNews,
  applicationNewsEmail,
  applicationReceiptEmail,
  offerOutcomeEmail,
  placementFailureNoticeEmail,
  stepRequestEmail,
} from '../../shared/placements/placement-emails.js';
import type { ApplicationRecord, PlacementRecord, PlacementStepLink } from '../../shared/placements/placement-records.js';
import type { StepView } from '../../shared/placements/views.js';
import { aPlacementRecord } from '../support/fixtures.js';

const markup = '<script>alert(1)</script>';
const escapedMarkup = '&lt;script&gt;alert(1)&lt;/script&gt;';
const stepUrl = 'https://sinergi.example.go.id/step/STEPtokenSTEPtokenSTEPtokenSTEPtokenSTEPt';
const trackingUrl = 'https://sinergi.example.go.id/track/TRACKtokenTRACKtokenTRACKtokenTRACKtokenTRA';
const partnerUrl = 'https://sinergi.example.go.id/partner/PARTNERtokenPARTNERtokenPARTNERtokenPA';

const host = { name: 'Dr. Sri Wahyuni', email: 'sri@uns.ac.id' };

function aPartnership(overrides: Partial<PartnershipRecord> = {}): PartnershipRecord {
  return {
    id: 'ks-2027-001',
    proposalId: 'p-1',
    institution: { name: 'Universitas Sebelas Maret', type: 'university' },
    contact: host,
    title: 'Kerja sama pengembangan kompetensi ASN',
    scopes: ['internship', 'research'],
    startDate: '2027-03-01',
    endDate: '2029-02-28',
    status: 'ACTIVE',
    createdAt: '2027-02-05T03:00:00.000Z',
    ...overrides,
  };
}

/** A two-seat, 16-JP placement at UNS, 5–16 April 2027, offered by Dr. Sri Wahyuni (who reads `hostLanguage`). */
const aPlacement = (hostLanguage: Language = 'id', data: Partial<PlacementOffer> = {}): PlacementRecord =>
  aPlacementRecord({ status: 'PENDING_APPROVAL', host: { ...host, language: hostLanguage }, updatedAt: '2027-02-10T03:00:00.000Z' }, data);

/** Budi Santoso (PNS, Dinas Kesehatan) applying for `aPlacement()`, who reported 14 JP. */
function anApplication(data: Partial<ApplicationInput> = {}, overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  const placement = aPlacement().data;
  return {
    id: 'ap-1',
    placementId: 'pl-1',
    status: 'SUPERVISOR_REVIEW',
    data: {
      nip: '198501012010011001',
      employmentType: 'PNS',
      name: 'Budi Santoso',
      email: 'budi@surakarta.go.id',
      unit: 'Dinas Kesehatan',
      position: 'Analis Kebijakan',
      supervisor: { name: 'Ratna Dewi', email: 'ratna@surakarta.go.id' },
      motivation: 'Memperdalam analisis kebijakan kesehatan.',
      language: 'id',
      ...data,
    },
    placement: {
      title: placement.title,
      hostUnit: placement.hostUnit,
      startDate: placement.startDate,
      endDate: placement.endDate,
      jpHours: placement.jpHours,
      institution: 'Universitas Sebelas Maret',
    },
    createdAt: '2027-03-01T03:00:00.000Z',
    updatedAt: '2027-03-01T03:00:00.000Z',
    report: { activities: 'Menyusun kajian dampak kebijakan.', hours: 14, submittedAt: '2027-04-17T03:00:00.000Z' },
    ...overrides,
  };
}

/** A pending step link expiring 4 Feb 2027 10:00 WIB, held by someone reading `language`. */
function aStepLink(step: StepName, language: Language, overrides: Partial<PlacementStepLink> = {}): PlacementStepLink {
  return {
    kind: 'step',
    hash: 'hash-of-the-token',
    subject: step === 'offer' ? { type: 'placement', id: 'pl-1' } : { type: 'application', id: 'ap-1' },
    createdAt: '2027-02-01T03:00:00.000Z',
    step,
    stepId: `ap-1:${step}:primary`,
    attempt: 'primary',
    state: 'PENDING',
    sealedTaskToken: 'sealed-task-token-1',
    pageSecret: 'page-secret-of-this-link',
    expiresAt: '2027-02-04T03:00:00.000Z',
    holder: { name: 'Bambang Koordinator', email: 'bambang@surakarta.go.id', language },
    actions: step === 'report' ? ['report'] : ['approve', 'reject'],
    ...overrides,
  };
}

const subjectOf = (step: StepName, application = anApplication()): StepView['subject'] =>
  step === 'offer' ? { type: 'placement', placement: aPlacement() } : { type: 'application', application };

const stepMail = (step: StepName, language: Language = 'id', kind: 'request' | 'reminder' | 'escalation' = 'request', application = anApplication()) =>
  stepRequestEmail({ link: aStepLink(step, language), subject: subjectOf(step, application), url: stepUrl, kind });

const news = (item: ApplicationNews, language: Language = 'id', data: Partial<ApplicationInput> = {}) =>
  applicationNewsEmail({ application: anApplication({ language, ...data }), trackingUrl, news: item });

/** Written for a reader of `lang`: the document's language, the salutation and the sign-off. */
function expectWrittenIn(mail: RenderedMail, lang: Language) {
  expect(mail.html).toContain(`<html lang="${lang}">`);
  if (lang === 'id') {
    expect(mail.text).toMatch(/^Yth\. /);
    expect(mail.text).toContain('Salam,');
    expect(mail.text).not.toContain('Kind regards,');
  } else {
    expect(mail.text).toMatch(/^Dear /);
    expect(mail.text).toContain('Kind regards,');
    expect(mail.text).not.toContain('Salam,');
  }
}

/** The link is clickable in the HTML and alone on a line of the text. */
function expectLink(mail: RenderedMail, url: string) {
  expect(mail.html).toContain(`href="${url}"`);
  expect(mail.text.split('\n')).toContain(url);
}

const steps: StepName[] = ['offer', 'supervisor', 'coordinator', 'host', 'completion', 'report'];

/** Each kind of news, with the start of its subject in Indonesian and in English. */
const everyNews: [ApplicationNews, string, string][] = [
  [
    { kind: 'rejected', step: 'host', comment: 'Kuota unit sudah penuh.', by: 'Dr. Sri Wahyuni' },
    'Pengajuan magang tidak disetujui',
    'Application not approved',
  ],
  [{ kind: 'confirmed' }, 'Kursi magang dikonfirmasi', 'Seat confirmed'],
  [{ kind: 'waitlisted', position: 3 }, 'Daftar tunggu, urutan ke-3', 'Waitlisted, number 3'],
  [{ kind: 'promoted' }, 'Kursi tersedia — magang dikonfirmasi', 'A seat opened — internship confirmed'],
  [{ kind: 'started' }, 'Magang dimulai', 'Internship started'],
  [{ kind: 'withdrawn' }, 'Pengajuan dibatalkan', 'Application withdrawn'],
  [{ kind: 'completed', hours: 14, year: 2027, yearTotal: 22 }, 'Magang selesai — 14 JP dicatat', 'Internship completed — 14 JP credited'],
  [{ kind: 'expired', reason: 'no-decision' }, 'Pengajuan magang berakhir', 'Application ended'],
];

describe('partnerWelcomeEmail', () => {
  it('writes to the partner’s contact in the language given, with their partner link', () => {
    const id = partnerWelcomeEmail({ partnership: aPartnership(), partnerUrl, language: 'id' });
    const en = partnerWelcomeEmail({ partnership: aPartnership(), partnerUrl, language: 'en' });
    expectWrittenIn(id, 'id');
    expectWrittenIn(en, 'en');
    expect(id.subject).toBe('[Sinergi] Halaman mitra magang Anda: Kerja sama pengembangan kompetensi ASN (Universitas Sebelas Maret)');
    expect(en.subject).toBe('[Sinergi] Your internship partner page: Kerja sama pengembangan kompetensi ASN (Universitas Sebelas Maret)');
    expect(id.text).toContain('menawarkan penempatan magang');
    expect(en.text).toContain('offer internship placements');
    for (const mail of [id, en]) expectLink(mail, partnerUrl);
  });

  it('names the partnership, its scopes and its dates', () => {
    const mail = partnerWelcomeEmail({ partnership: aPartnership(), partnerUrl, language: 'en' });
    for (const body of [mail.html, mail.text]) {
      expect(body).toContain('ks-2027-001');
      expect(body).toContain('Internship, Research');
      expect(body).toContain('28 February 2029');
    }
  });

  it('escapes a partnership title that contains markup', () => {
    const mail = partnerWelcomeEmail({ partnership: aPartnership({ title: markup }), partnerUrl, language: 'id' });
    expect(mail.html).not.toContain('<script');
    expect(mail.html).toContain(escapedMarkup);
    expect(mail.text).toContain(markup);
  });
});

describe('stepRequestEmail', () => {
  it.each(steps)('%s: writes in the holder’s language and carries the link', (step) => {
    const id = stepMail(step, 'id');
    const en = stepMail(step, 'en');
    expectWrittenIn(id, 'id');
    expectWrittenIn(en, 'en');
    expect(id.subject).toMatch(/^\[Sinergi\] Mohon /);
    expect(en.subject).toMatch(/^\[Sinergi\] (Decision needed|Please)/);
    expect(id.text).toContain('Batas waktu: 4 Februari 2027 pukul 10.00 WIB');
    expect(en.text).toContain('Deadline: 4 February 2027 at 10:00 WIB');
    for (const mail of [id, en]) {
      expectLink(mail, stepUrl);
      expect(mail.subject).toContain('Analisis kebijakan publik');
      expect(mail.html).toContain('Universitas Sebelas Maret');
      expect(mail.html).toContain('Laboratorium Kebijakan Publik');
      expect(mail.text).toContain('16 JP');
    }
  });

  it.each(steps)('%s: says opening the link changes nothing', (step) => {
    expect(stepMail(step, 'id').text).toContain('Membuka tautan ini belum mengubah apa pun');
    expect(stepMail(step, 'en').text).toContain('Opening this link changes nothing');
  });

  it.each(['supervisor', 'coordinator', 'host'] as const)('%s: shows who applied, escaping what they wrote', (step) => {
    const mail = stepMail(step, 'id', 'request', anApplication({ motivation: `Belajar ${markup}` }));
    for (const body of [mail.html, mail.text]) {
      expect(body).toContain('Budi Santoso');
      expect(body).toContain('Dinas Kesehatan');
      expect(body).toContain('Analis Kebijakan');
    }
    expect(mail.html).toContain(`Belajar ${escapedMarkup}`);
    expect(mail.html).not.toContain('<script');
    expect(mail.text).toContain(`Belajar ${markup}`);
  });

  it('shows the NIP to the ASN’s approvers only, as the step pages do', () => {
    for (const step of ['supervisor', 'coordinator'] as const) expect(stepMail(step).text).toContain('198501012010011001');
    for (const step of ['host', 'completion', 'report'] as const) expect(stepMail(step).text).not.toContain('198501012010011001');
  });

  it('names the choices the holder will find on the page', () => {
    expect(stepMail('supervisor', 'en').text).toContain('(Approve, Reject)');
    expect(stepMail('report', 'id').text).toContain('(Kirim laporan)');
  });

  it('offer: shows the whole offer to the coordinator', () => {
    const mail = stepMail('offer', 'en');
    for (const body of [mail.html, mail.text]) {
      expect(body).toContain('Dua minggu di laboratorium.');
      expect(body).toContain('Kebijakan publik');
      expect(body).toContain('20 March 2027');
      expect(body).toContain('5 April 2027 – 16 April 2027');
      expect(body).toContain('sri@uns.ac.id');
    }
    expect(mail.text).toContain('Seats: 2');
    expect(mail.text).toContain('Step: Approval of the placement offer');
  });

  it('completion: shows the hours reported beside the placement’s maximum', () => {
    const id = stepMail('completion', 'id');
    const en = stepMail('completion', 'en');
    expect(id.text).toContain('JP yang dilaporkan: 14 JP');
    expect(id.text).toContain('JP maksimum penempatan ini: 16 JP');
    expect(id.text).toContain('Menyusun kajian dampak kebijakan.');
    expect(en.text).toContain('Hours reported: 14 JP');
    expect(en.text).toContain('Maximum for this placement: 16 JP');
    expect(en.html).toContain('Menyusun kajian dampak kebijakan.');
  });

  it('report: asks the ASN for their report and says what a missed deadline costs', () => {
    const mail = stepMail('report', 'en');
    expect(mail.subject).toContain('Please send your internship report');
    expect(mail.text).toContain('what you did and the hours you attended, at most 16 JP');
    expect(mail.text).toContain('the hours of this internship are not credited');
    expect(mail.text).not.toContain('Motivation');
  });

  it('marks a reminder and an escalation in the subject, and tells the backup who did not respond', () => {
    expect(stepMail('supervisor', 'id', 'reminder').subject).toMatch(/^\[Sinergi\] Pengingat — mohon keputusan/);
    expect(stepMail('supervisor', 'en', 'reminder').subject).toMatch(/^\[Sinergi\] Reminder — decision needed/);
    const escalation = stepMail('supervisor', 'en', 'escalation');
    expect(escalation.subject).toMatch(/^\[Sinergi\] Passed to you/);
    expect(escalation.text).toContain("(the applicant's supervisor) did not respond before the deadline");
    expect(stepMail('supervisor', 'en').text).not.toContain('did not respond');
  });
});

describe('offerOutcomeEmail', () => {
  const outcomes = [
    ['published', 'Tawaran magang diterbitkan', 'Placement offer published'],
    ['rejected', 'Tawaran magang tidak disetujui', 'Placement offer not approved'],
    ['expired', 'Tawaran magang berakhir', 'Placement offer ended'],
    ['failure', 'Tawaran magang tidak dapat diproses', 'Placement offer could not be processed'],
  ] as const;

  it.each(outcomes)('%s: writes in the host’s language, with the partner link', (outcome, idSubject, enSubject) => {
    const id = offerOutcomeEmail({ placement: aPlacement('id'), outcome, partnerUrl });
    const en = offerOutcomeEmail({ placement: aPlacement('en'), outcome, partnerUrl });
    expectWrittenIn(id, 'id');
    expectWrittenIn(en, 'en');
    expect(id.subject).toBe(`[Sinergi] ${idSubject}: Analisis kebijakan publik (Universitas Sebelas Maret)`);
    expect(en.subject).toBe(`[Sinergi] ${enSubject}: Analisis kebijakan publik (Universitas Sebelas Maret)`);
    for (const mail of [id, en]) expectLink(mail, partnerUrl);
  });

  it('rejected: quotes the reason, escaped in the HTML', () => {
    const mail = offerOutcomeEmail({ placement: aPlacement('en'), outcome: 'rejected', comment: `Dates clash ${markup}`, partnerUrl });
    expect(mail.text).toContain(`Reason:\n> Dates clash ${markup}`);
    expect(mail.html).toContain(`Dates clash ${escapedMarkup}`);
    expect(mail.html).not.toContain('<script');
  });

  it('published: gives the application deadline', () => {
    expect(offerOutcomeEmail({ placement: aPlacement('id'), outcome: 'published', partnerUrl }).text).toContain('dapat mendaftar sampai 20 Maret 2027');
  });

  it('expired and failure: say it is not a rejection', () => {
    expect(offerOutcomeEmail({ placement: aPlacement('en'), outcome: 'expired', partnerUrl }).text).toContain('did not receive a decision before its deadline');
    expect(offerOutcomeEmail({ placement: aPlacement('en'), outcome: 'failure', partnerUrl }).text).toContain('technical problem');
    expect(offerOutcomeEmail({ placement: aPlacement('en'), outcome: 'rejected', partnerUrl }).text).not.toContain('not a rejection');
  });
});

describe('applicationReceiptEmail', () => {
  it('writes in the ASN’s language, with the tracking link', () => {
    const id = applicationReceiptEmail({ application: anApplication({ language: 'id' }), trackingUrl });
    const en = applicationReceiptEmail({ application: anApplication({ language: 'en' }), trackingUrl });
    expectWrittenIn(id, 'id');
    expectWrittenIn(en, 'en');
    expect(id.subject).toBe('[Sinergi] Pengajuan magang diterima: Analisis kebijakan publik (Universitas Sebelas Maret)');
    expect(en.subject).toBe('[Sinergi] Application received: Analisis kebijakan publik (Universitas Sebelas Maret)');
    for (const mail of [id, en]) expectLink(mail, trackingUrl);
  });

  it('says what happens next, naming the supervisor who is asked first', () => {
    const mail = applicationReceiptEmail({ application: anApplication({ language: 'en' }), trackingUrl });
    expect(mail.text).toContain('1. Ratna Dewi, your supervisor, is asked by email to approve this application.');
    expect(mail.text).toContain('you join the waitlist');
  });

  it('escapes a name that contains markup', () => {
    const mail = applicationReceiptEmail({ application: anApplication({ name: markup }), trackingUrl });
    expect(mail.html).not.toContain('<script');
    expect(mail.html).toContain(escapedMarkup);
  });
});

describe('applicationNewsEmail', () => {
  it.each(everyNews.map(([item, idSubject, enSubject]) => [item.kind, item, idSubject, enSubject] as const))(
    '%s: writes in the ASN’s language, with the tracking link',
    (_, item, idSubject, enSubject) => {
      const id = news(item, 'id');
      const en = news(item, 'en');
      expectWrittenIn(id, 'id');
      expectWrittenIn(en, 'en');
      expect(id.subject).toBe(`[Sinergi] ${idSubject}: Analisis kebijakan publik (Universitas Sebelas Maret)`);
      expect(en.subject).toBe(`[Sinergi] ${enSubject}: Analisis kebijakan publik (Universitas Sebelas Maret)`);
      expect(id.text).toContain('Pantau pengajuan Anda di sini');
      expect(en.text).toContain('Follow your application here');
      for (const mail of [id, en]) expectLink(mail, trackingUrl);
    },
  );

  it('rejected: names the step, who decided and why, escaping the reason', () => {
    const mail = news({ kind: 'rejected', step: 'supervisor', comment: `Beban kerja tinggi ${markup}`, by: 'Ratna Dewi' });
    expect(mail.subject).toContain('Pengajuan magang tidak disetujui');
    expect(mail.text).toContain('Tahap: Persetujuan atasan langsung');
    expect(mail.text).toContain('Diputuskan oleh: Ratna Dewi');
    expect(mail.text).toContain(`Alasan:\n> Beban kerja tinggi ${markup}`);
    expect(mail.html).toContain(`Beban kerja tinggi ${escapedMarkup}`);
    expect(mail.html).not.toContain('<script');
    expect(news({ kind: 'rejected', step: 'host' }, 'en').text).toContain("Step: Host's acceptance");
  });

  it('waitlisted: gives the place in the queue', () => {
    const id = news({ kind: 'waitlisted', position: 3 }, 'id');
    const en = news({ kind: 'waitlisted', position: 3 }, 'en');
    expect(id.subject).toContain('urutan ke-3');
    expect(id.text).toContain('Anda berada di urutan ke-3 daftar tunggu.');
    expect(en.text).toContain('You are number 3 on the waitlist.');
    expect(en.html).toContain('You are number 3 on the waitlist.');
  });

  it('confirmed and promoted: give the dates and the host unit', () => {
    expect(news({ kind: 'confirmed' }, 'en').text).toContain('runs 5 April 2027 – 16 April 2027 at Laboratorium Kebijakan Publik');
    expect(news({ kind: 'promoted' }, 'en').text).toContain('a seat was freed by a withdrawal');
  });

  it('completed: gives the hours, the year’s total and says the 20 JP minimum is reached', () => {
    const id = news({ kind: 'completed', hours: 14, year: 2027, yearTotal: 22 }, 'id');
    const en = news({ kind: 'completed', hours: 14, year: 2027, yearTotal: 22 }, 'en');
    expect(id.subject).toContain('14 JP dicatat');
    expect(id.text).toContain('JP yang dicatat: 14 JP');
    expect(id.text).toContain('Total JP tahun 2027: 22 JP');
    expect(id.text).toContain('minimal 20 JP Anda untuk tahun 2027 telah terpenuhi');
    expect(en.text).toContain('Hours credited: 14 JP');
    expect(en.text).toContain('reached the minimum of 20 JP');
  });

  it('completed: counts a total of exactly 20 JP as reaching the minimum', () => {
    const mail = news({ kind: 'completed', hours: 4, year: 2027, yearTotal: 20 }, 'en');
    expect(mail.text).toContain('reached the minimum of 20 JP');
    expect(mail.text).not.toContain('still missing');
  });

  it('completed: says how many JP are still missing below the minimum', () => {
    const mail = news({ kind: 'completed', hours: 14, year: 2027, yearTotal: 18 }, 'en');
    expect(mail.text).toContain('Total JP in 2027: 18 JP');
    expect(mail.text).toContain('not yet reached the yearly minimum of 20 JP');
    expect(mail.text).toContain('2 JP are still missing for 2027');
    expect(mail.text).not.toContain('reached the minimum');
  });

  it('completed: gives a PPPK their total without the PNS minimum', () => {
    const mail = news({ kind: 'completed', hours: 14, year: 2027, yearTotal: 18 }, 'en', { employmentType: 'PPPK' });
    expect(mail.text).toContain('Total JP in 2027: 18 JP');
    expect(mail.text).toContain('Hours credited: 14 JP');
    expect(mail.text).not.toContain('minimum');
  });

  it('expired: tells each reason apart', () => {
    const reasons = ['no-decision', 'no-report', 'no-seat', 'failure', 'overlap'] as const;
    const texts = reasons.map((reason) => news({ kind: 'expired', reason }, 'en').text);
    expect(texts[0]).toContain('did not receive a decision');
    expect(texts[1]).toContain('completion report was not sent');
    expect(texts[2]).toContain('no seat came free for you on the waitlist');
    expect(texts[3]).toContain('technical problem');
    expect(texts[4]).toContain('confirmed placement whose dates overlap');
    expect(new Set(texts).size).toBe(reasons.length);
  });

  it('withdrawn: tells the ASN what to do if it was not them', () => {
    expect(news({ kind: 'withdrawn' }, 'id').text).toContain('Bila Anda tidak membatalkannya sendiri');
  });
});

describe('placementFailureNoticeEmail', () => {
  it('names what stopped, by title and number, in the coordinator’s language', () => {
    const id = placementFailureNoticeEmail({ what: 'application', id: 'ap-1', title: 'Analisis kebijakan publik', language: 'id' });
    const en = placementFailureNoticeEmail({ what: 'placement', id: 'pl-1', title: 'Analisis kebijakan publik', language: 'en' });
    expectWrittenIn(id, 'id');
    expectWrittenIn(en, 'en');
    expect(id.subject).toBe('[Sinergi] Alur kerja terhenti: Analisis kebijakan publik (ap-1)');
    expect(en.subject).toBe('[Sinergi] Workflow stopped: Analisis kebijakan publik (pl-1)');
    expect(id.text).toContain('Pendaftar sudah diberi tahu');
    expect(en.text).toContain('The partner has been told');
    expect(en.text).toContain('Number: pl-1');
  });

  it('escapes a title that contains markup', () => {
    const mail = placementFailureNoticeEmail({ what: 'placement', id: 'pl-1', title: markup, language: 'en' });
    expect(mail.html).not.toContain('<script');
    expect(mail.html).toContain(escapedMarkup);
  });
});
