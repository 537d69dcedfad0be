import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import {
  memberLeftEmail,
  projectApprovedEmail,
  projectClosedEmail,
  projectReceiptEmail,
  type RenderedMail,
  researchFailureNoticeEmail,
  researchStepEmail,
} from '../../shared/research/research-emails.js';
import type { ProjectWithTeam, ResearchStepLink } from '../../shared/research/research-records.js';
import { aConsentLink, aSecondMember as agus, aMember, aPlanLink, aProjectWithTeam } from '../support/research-fixtures.js';

const markupTitle = 'Kualitas <b>layanan</b> & keluhan warga';
const escapedTitle = 'Kualitas &lt;b&gt;layanan&lt;/b&gt; &amp; keluhan warga';
const stepUrl = 'https://sinergi.example.go.id/decide/DECIDEtokenDECIDEtokenDECIDEtokenDECIDEtoke';
const trackingUrl = 'https://sinergi.example.go.id/track/TRACKtokenTRACKtokenTRACKtokenTRACKtokenTRA';
const projectUrl = 'https://sinergi.example.go.id/projects/PROJECTtokenPROJECTtokenPROJECTtokenPROJ';

// ---------------------------------------------------------------------------------------------
// Fixtures

/** UNS's project on the public service mall, March to mid-December 2027, proposed by Wulan Sari (who reads `partnerLanguage`). */
function aProject(overrides: Partial<ProjectWithTeam> = {}, data: Partial<ProjectWithTeam['data']> = {}, partnerLanguage: Language = 'id'): ProjectWithTeam {
  return aProjectWithTeam(
    {
      members: [aMember({ consentAt: '2027-03-02T03:00:00.000Z' }), agus()],
      partner: { name: 'Wulan Sari', email: 'wulan@uns.example', language: partnerLanguage },
      ...overrides,
    },
    data,
  );
}

/** The coordinator, the backup of a consent step. */
const backupCoordinator = { name: 'Bambang Koordinator', email: 'koordinator@surakarta.go.id' };

type Kind = 'request' | 'reminder' | 'escalation';
const consentMail = (language: Language = 'id', kind: Kind = 'request', project = aProject(), link: Partial<ResearchStepLink> = {}) =>
  researchStepEmail({ link: aConsentLink(link, language), project, url: stepUrl, kind });
const planMail = (language: Language = 'id', kind: Kind = 'request', project = aProject({ status: 'PLAN_REVIEW' }), link: Partial<ResearchStepLink> = {}) =>
  researchStepEmail({ link: aPlanLink(link, language), project, url: stepUrl, kind });

/** Written for a reader of `lang`: the document's language, the salutation and the sign-off. */
function expectWrittenIn(mail: RenderedMail, lang: Language, name: string) {
  expect(mail.html).toContain(`<html lang="${lang}">`);
  if (lang === 'id') {
    expect(mail.text.startsWith(`Yth. ${name},`)).toBe(true);
    expect(mail.text).toContain('Salam,');
    expect(mail.text).not.toContain('Kind regards,');
  } else {
    expect(mail.text.startsWith(`Dear ${name},`)).toBe(true);
    expect(mail.text).toContain('Kind regards,');
    expect(mail.text).not.toContain('Salam,');
  }
}

/** The link is clickable in the HTML and alone on a line of the text. */
function expectLink(mail: RenderedMail, url: string) {
  expect(mail.html).toContain(`href="${url}"`);
  expect(mail.text.split('\n')).toContain(url);
}

/** Every mail of the research workflow for `project`, written for a reader of `lang`, with whom it greets and the link it carries. */
function everyMail(lang: Language, data: Partial<ProjectWithTeam['data']> = {}): [string, { mail: RenderedMail; to: string; url?: string }][] {
  const project = aProject({}, data, lang);
  const leaving = agus({ consent: 'REFUSED', consentComment: 'Beban kerja tinggi.' });
  return [
    ['receipt', { mail: projectReceiptEmail({ project, trackingUrl }), to: 'Wulan Sari', url: trackingUrl }],
    ['consent request', { mail: consentMail(lang, 'request', project), to: 'Rina Kusuma', url: stepUrl }],
    [
      'consent escalation',
      {
        mail: consentMail(lang, 'escalation', project, { attempt: 'backup', holder: { ...backupCoordinator, language: lang } }),
        to: 'Bambang Koordinator',
        url: stepUrl,
      },
    ],
    ['plan-review request', { mail: planMail(lang, 'request', project), to: 'Bambang Koordinator', url: stepUrl }],
    ['plan-review reminder', { mail: planMail(lang, 'reminder', project), to: 'Bambang Koordinator', url: stepUrl }],
    ['member left', { mail: memberLeftEmail({ project, member: leaving, reason: 'refused', language: lang }), to: 'Agus Prasetyo' }],
    [
      'approved (lead)',
      {
        mail: projectApprovedEmail({ project, to: { ...project.data.lead, language: lang }, role: 'lead', projectUrl }),
        to: 'Dr. Sari Lestari',
        url: projectUrl,
      },
    ],
    [
      'approved (member)',
      {
        mail: projectApprovedEmail({ project, to: { name: 'Dewi Anggraini', email: 'dewi@surakarta.go.id', language: lang }, role: 'member', projectUrl }),
        to: 'Dewi Anggraini',
        url: projectUrl,
      },
    ],
    [
      'closed (rejected)',
      { mail: projectClosedEmail({ project, outcome: 'rejected', comment: 'Metode belum jelas.', trackingUrl }), to: 'Wulan Sari', url: trackingUrl },
    ],
    ['closed (expired)', { mail: projectClosedEmail({ project, outcome: 'expired', trackingUrl }), to: 'Wulan Sari', url: trackingUrl }],
    ['closed (no members)', { mail: projectClosedEmail({ project, outcome: 'no-members', trackingUrl }), to: 'Wulan Sari', url: trackingUrl }],
    ['closed (failure)', { mail: projectClosedEmail({ project, outcome: 'failure', trackingUrl }), to: 'Wulan Sari', url: trackingUrl }],
    ['failure notice', { mail: researchFailureNoticeEmail({ project, language: lang }), to: lang === 'id' ? 'Koordinator BKPSDM' : 'BKPSDM coordinator' }],
  ];
}

// ---------------------------------------------------------------------------------------------

describe('research emails', () => {
  describe.each(['id', 'en'] as const)('in %s', (lang) => {
    const all = everyMail(lang);

    it.each(all)('%s: has a one-line [Sinergi] subject naming the project, and an HTML and a text body', (_, { mail }) => {
      expect(mail.subject.startsWith('[Sinergi] ')).toBe(true);
      expect(mail.subject).toContain('Kualitas layanan Mal Pelayanan Publik Surakarta');
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.html).toMatch(/^<!doctype html>/);
      expect(mail.text.length).toBeGreaterThan(100);
    });

    it.each(all)('%s: greets its reader by name in their language', (_, { mail, to }) => {
      expectWrittenIn(mail, lang, to);
    });

    it.each(all)('%s: names the project and its institution in both bodies', (_, { mail }) => {
      for (const body of [mail.html, mail.text]) {
        expect(body).toContain('Kualitas layanan Mal Pelayanan Publik Surakarta');
        expect(body).toContain('Universitas Sebelas Maret');
      }
    });

    it.each(all.filter(([, { url }]) => url))('%s: carries its link in the HTML and on a line of its own in the text', (_, { mail, url }) => {
      expectLink(mail, url as string);
    });

    it.each(everyMail(lang, { title: markupTitle }))('%s: escapes a title with markup in the HTML and keeps it as typed in the text', (_, { mail }) => {
      expect(mail.html).toContain(escapedTitle);
      expect(mail.html).not.toContain('<b>layanan');
      expect(mail.text).toContain(markupTitle);
      expect(mail.subject).toContain(markupTitle);
    });
  });

  it('writes a subject on one line even when the title has line breaks', () => {
    const mail = projectReceiptEmail({ project: aProject({}, { title: 'Baris satu\nBcc: x@y.id' }), trackingUrl });
    expect(mail.subject).toBe('[Sinergi] Proyek penelitian diterima: Baris satu Bcc: x@y.id (Universitas Sebelas Maret)');
  });
});

describe('projectReceiptEmail', () => {
  it('writes to the partner’s contact in the language they chose', () => {
    expect(projectReceiptEmail({ project: aProject({}, {}, 'id'), trackingUrl }).subject).toBe(
      '[Sinergi] Proyek penelitian diterima: Kualitas layanan Mal Pelayanan Publik Surakarta (Universitas Sebelas Maret)',
    );
    expect(projectReceiptEmail({ project: aProject({}, {}, 'en'), trackingUrl }).subject).toBe(
      '[Sinergi] Research project received: Kualitas layanan Mal Pelayanan Publik Surakarta (Universitas Sebelas Maret)',
    );
  });

  it('says the supervisors are asked first, then the coordinator reviews the plan', () => {
    const text = projectReceiptEmail({ project: aProject({}, {}, 'en'), trackingUrl }).text;
    const supervisors = text.indexOf("1. Each ASN member's supervisor is asked by email to consent");
    const coordinator = text.indexOf('2. Once every supervisor has answered, the BKPSDM coordinator reviews the research plan');
    expect(supervisors).toBeGreaterThan(0);
    expect(coordinator).toBeGreaterThan(supervisors);
    expect(text).toContain('Member 1: Dewi Anggraini');
    expect(text).toContain('Member 2: Agus Prasetyo');
    expect(text).toContain('Follow your project here:');
  });
});

describe('researchStepEmail', () => {
  describe('consent', () => {
    it('asks the supervisor about member 2, with the member’s facts and the project’s', () => {
      const mail = consentMail('id');
      expect(mail.subject).toBe('[Sinergi] Mohon persetujuan keikutsertaan anggota: Kualitas layanan Mal Pelayanan Publik Surakarta (Agus Prasetyo)');
      for (const body of [mail.html, mail.text]) {
        for (const fact of [
          'Agus Prasetyo',
          '199106122023211003',
          'Dinas Kesehatan',
          'Analis Kebijakan',
          '20 JP',
          'Dr. Sari Lestari',
          '1 Maret 2027 – 15 Desember 2027',
          'Survei kepuasan dan observasi layanan.',
          'Rencana kerja lapangan',
          '20 Maret 2027',
        ])
          expect(body).toContain(fact);
      }
      expect(mail.text).toContain('Batas waktu: 4 Maret 2027 pukul 10.00 WIB');
      expect(mail.text).toContain('Mohon putuskan apakah Agus Prasetyo boleh ikut serta.');
    });

    it('names the member concerned, never the other member', () => {
      const mail = consentMail('en');
      for (const body of [mail.subject, mail.html, mail.text]) {
        expect(body).not.toContain('Dewi Anggraini');
        expect(body).not.toContain('199002152015032001');
        expect(body).not.toContain('Bambang Wijaya');
      }
      expect(consentMail('en', 'request', aProject(), { member: 1 }).text).toContain('Dewi Anggraini');
    });

    it('names the choices the supervisor will find on the page, and says opening the link changes nothing', () => {
      expect(consentMail('id').text).toContain('(Setujui keikutsertaan, Tidak setuju)');
      expect(consentMail('en').text).toContain('(Agree to their taking part, Refuse)');
      expect(consentMail('en').text).toContain('Opening this link changes nothing');
    });

    it('asks for a reason with a refusal, which goes to the member', () => {
      expect(consentMail('id').text).toContain('Bila memilih “Tidak setuju”, tuliskan alasannya; alasan itu disampaikan kepada Agus Prasetyo.');
      expect(consentMail('en').text).toContain('If you choose “Refuse”, please give your reason; Agus Prasetyo is told it.');
    });

    it('tells the supervisor the request passes to the BKPSDM coordinator, but not the coordinator who holds it', () => {
      expect(consentMail('en').text).toContain('the request passes to the BKPSDM coordinator');
      const backup = consentMail('en', 'escalation', aProject(), { attempt: 'backup', holder: { ...backupCoordinator, language: 'en' } });
      expect(backup.text).not.toContain('the request passes to');
    });

    it('marks a reminder and an escalation, and tells the backup which supervisor did not respond', () => {
      const reminder = consentMail('id', 'reminder');
      expect(reminder.subject).toMatch(/^\[Sinergi\] Pengingat — mohon persetujuan keikutsertaan anggota:/);
      expect(reminder.text).toContain('Ini pengingat: permintaan berikut masih menunggu tanggapan Anda.');

      const escalation = consentMail('en', 'escalation', aProject(), { attempt: 'backup', holder: { ...backupCoordinator, language: 'en' } });
      expect(escalation.subject).toMatch(/^\[Sinergi\] Passed to you — consent needed/);
      expect(escalation.text).toContain("The person first asked at this step (Rina Kusuma, Agus Prasetyo's supervisor) did not respond before the deadline.");
      expect(planMail('en', 'escalation', aProject(), { attempt: 'backup' }).text).toContain('(the BKPSDM coordinator) did not respond before the deadline');
      expect(escalation.text).toContain('As the backup approver');

      const request = consentMail('en');
      expect(request.text).not.toContain('This is a reminder');
      expect(request.text).not.toContain('did not respond');
    });

    it('refuses to write for a member the project does not have', () => {
      expect(() => consentMail('id', 'request', aProject(), { member: 3 })).toThrow(RangeError);
      expect(() => consentMail('id', 'request', aProject(), { member: undefined })).toThrow(RangeError);
    });
  });

  describe('plan-review', () => {
    it('gives the coordinator the whole plan: project, team with consent, milestones with kind, due date and rule', () => {
      const mail = planMail('en');
      expect(mail.subject).toBe('[Sinergi] Review needed of a research plan: Kualitas layanan Mal Pelayanan Publik Surakarta (Universitas Sebelas Maret)');
      for (const body of [mail.html, mail.text]) {
        for (const fact of [
          'Prof. Hadi Santoso',
          'Memetakan waktu tunggu dan keluhan warga.',
          'Survei kepuasan dan observasi layanan.',
          '1 March 2027 – 15 December 2027',
          'Agus Prasetyo',
          'Dewi Anggraini',
        ])
          expect(body).toContain(fact);
      }
      expect(mail.text).toContain(
        'Member 1: Dewi Anggraini — Pranata Komputer, Dinas Komunikasi, Informatika, Statistik dan Persandian · 30 JP · Supervisor agreed',
      );
      expect(mail.text).toContain("Member 2: Agus Prasetyo — Analis Kebijakan, Dinas Kesehatan · 20 JP · Awaiting the supervisor's consent");
      expect(mail.text).toContain('Milestone 1: Rencana kerja lapangan — Research plan · due 20 March 2027 · Both reviewers must approve');
      expect(mail.text).toContain('Milestone 2: Kemajuan survei — Progress report · due 31 July 2027 · The first decision decides');
      expect(mail.text).toContain('Milestone 3: Laporan akhir dan luaran — Final report · due 10 December 2027 · Both reviewers must approve');
      expect(mail.text).toContain('Deadline: 4 March 2027 at 10:00 WIB');
    });

    it('lists the choices in the order approve, revise, reject, whatever order the link holds them in', () => {
      expect(planMail('en').text).toContain('(Approve the plan, Ask for a revision, Reject)');
      expect(planMail('id').text).toContain('(Setujui rencana, Minta revisi, Tolak)');
      expect(planMail('en', 'request', aProject(), { actions: ['reject', 'approve'] }).text).toContain('(Approve the plan, Reject)');
    });

    it('asks for a comment to the partner with a revision or a rejection', () => {
      expect(planMail('en').text).toContain('If you choose “Ask for a revision” or “Reject”, please write a comment for the partner');
      expect(planMail('en', 'request', aProject(), { actions: ['approve'] }).text).not.toContain('If you choose');
    });

    it('says the plan comes back after a revision', () => {
      expect(planMail('en', 'request', aProject({ round: 2 }), { round: 2 }).text).toContain('Round: 2 (after a revision by the partner)');
      expect(planMail('en').text).toContain('Round: 1\n');
    });

    it('tells the backup that the coordinator did not respond', () => {
      const mail = planMail('id', 'escalation', aProject(), {
        attempt: 'backup',
        holder: { name: 'Kepala Badan', email: 'kepala@surakarta.go.id', language: 'id' },
      });
      expect(mail.subject).toMatch(/^\[Sinergi\] Dialihkan kepada Anda — mohon tinjauan rencana penelitian:/);
      expect(mail.text).toContain('Orang yang pertama diminta pada tahap ini (Koordinator BKPSDM) belum menanggapi sebelum batas waktunya.');
      expect(mail.text.startsWith('Yth. Kepala Badan,')).toBe(true);
    });
  });

  it('refuses a step it writes no request for', () => {
    expect(() => researchStepEmail({ link: aPlanLink({ step: 'milestone' }, 'id'), project: aProject(), url: stepUrl, kind: 'request' })).toThrow(RangeError);
  });
});

describe('memberLeftEmail', () => {
  it('tells a member their supervisor refused, quoting the reason escaped in the HTML', () => {
    const member = agus({ consent: 'REFUSED', consentComment: 'Beban kerja <b>tinggi</b> & rapat' });
    const mail = memberLeftEmail({ project: aProject(), member, reason: 'refused' });
    expectWrittenIn(mail, 'id', 'Agus Prasetyo');
    expect(mail.subject).toBe('[Sinergi] Anda tidak lagi tercantum dalam tim: Kualitas layanan Mal Pelayanan Publik Surakarta (Universitas Sebelas Maret)');
    expect(mail.text).toContain('Atasan langsung Anda, Rina Kusuma, tidak menyetujui keikutsertaan Anda');
    expect(mail.text).toContain('Alasan atasan Anda:\n> Beban kerja <b>tinggi</b> & rapat');
    expect(mail.html).toContain('Beban kerja &lt;b&gt;tinggi&lt;/b&gt; &amp; rapat');
    expect(mail.html).not.toContain('<b>tinggi');
  });

  it('tells a member their supervisor did not answer in time, which is not a refusal', () => {
    const mail = memberLeftEmail({ project: aProject(), member: agus({ consent: 'NO_ANSWER' }), reason: 'no-answer', language: 'en' });
    expectWrittenIn(mail, 'en', 'Agus Prasetyo');
    expect(mail.subject).toContain('You are no longer on the team');
    expect(mail.text).toContain('did not answer the request for consent before its deadline');
    expect(mail.text).toContain('This is not a refusal.');
    expect(mail.text).not.toContain('reason');
  });
});

describe('projectApprovedEmail', () => {
  const project = aProject({ status: 'ACTIVE' });
  const lead = (lang: Language) => projectApprovedEmail({ project, to: { ...project.data.lead, language: lang }, role: 'lead', projectUrl });
  const member = (lang: Language, to = { name: 'Agus Prasetyo', email: 'Agus@dinkes.surakarta.go.id' }) =>
    projectApprovedEmail({ project, to: { ...to, language: lang }, role: 'member', projectUrl });

  it('says the project is active, with every milestone and its due date', () => {
    for (const mail of [lead('en'), member('en')]) {
      expect(mail.subject).toBe('[Sinergi] Research project approved: Kualitas layanan Mal Pelayanan Publik Surakarta (Universitas Sebelas Maret)');
      expect(mail.text).toContain('the project is now active');
      expect(mail.text).toContain('Milestone 1: Rencana kerja lapangan — Research plan · due 20 March 2027');
      expect(mail.text).toContain('Milestone 3: Laporan akhir dan luaran — Final report · due 10 December 2027');
    }
    expect(lead('id').subject).toContain('Proyek penelitian disetujui');
  });

  it('tells the lead each milestone’s submission link comes by mail when it opens', () => {
    expect(lead('en').text).toContain('When a milestone opens, the link to submit its work is sent to you by email');
    expect(lead('id').text).toContain('tautan untuk mengirim hasilnya dikirim kepada Anda melalui email');
    expect(lead('en').text).not.toContain('logbook');
  });

  it('tells a member of the logbook and of their own JP, credited when the final milestone is approved', () => {
    const mail = member('en');
    expect(mail.text).toContain('logbook');
    expect(mail.text).toContain('20 JP of competency development are credited to you once the project');
    expect(mail.text).not.toContain('30 JP');
    expect(member('id', { name: 'Dewi Anggraini', email: 'dewi@surakarta.go.id' }).text).toContain('30 JP pengembangan kompetensi dicatat untuk Anda');
    expect(member('en', { name: 'Someone Else', email: 'else@surakarta.go.id' }).text).toContain('Your JP of competency development');
  });

  it('keeps the page link private', () => {
    expect(lead('en').text).toContain('do not forward it or share the link with anyone');
    expect(member('id').text).toContain('jangan meneruskannya atau membagikan tautannya');
  });
});

describe('projectClosedEmail', () => {
  const outcomes = [
    ['rejected', 'Proyek penelitian tidak disetujui', 'Research project not approved'],
    ['expired', 'Proyek penelitian berakhir', 'Research project ended'],
    ['no-members', 'Proyek penelitian tanpa anggota ASN', 'Research project without ASN members'],
    ['failure', 'Proyek penelitian tidak dapat diproses', 'Research project could not be processed'],
  ] as const;

  it.each(outcomes)('%s: writes to the partner in their language, with the tracking link', (outcome, idSubject, enSubject) => {
    const id = projectClosedEmail({ project: aProject({}, {}, 'id'), outcome, trackingUrl });
    const en = projectClosedEmail({ project: aProject({}, {}, 'en'), outcome, trackingUrl });
    expect(id.subject).toBe(`[Sinergi] ${idSubject}: Kualitas layanan Mal Pelayanan Publik Surakarta (Universitas Sebelas Maret)`);
    expect(en.subject).toBe(`[Sinergi] ${enSubject}: Kualitas layanan Mal Pelayanan Publik Surakarta (Universitas Sebelas Maret)`);
    expectWrittenIn(id, 'id', 'Wulan Sari');
    expectWrittenIn(en, 'en', 'Wulan Sari');
    for (const mail of [id, en]) expectLink(mail, trackingUrl);
  });

  it('rejected: quotes the coordinator’s reason, escaped in the HTML', () => {
    const mail = projectClosedEmail({ project: aProject({}, {}, 'en'), outcome: 'rejected', comment: 'Method <b>unclear</b> & thin', trackingUrl });
    expect(mail.text).toContain('the BKPSDM coordinator did not approve the plan');
    expect(mail.text).toContain('Reason:\n> Method <b>unclear</b> & thin');
    expect(mail.html).toContain('Method &lt;b&gt;unclear&lt;/b&gt; &amp; thin');
  });

  it('tells each outcome apart', () => {
    const text = (outcome: (typeof outcomes)[number][0]) => projectClosedEmail({ project: aProject({}, {}, 'en'), outcome, trackingUrl }).text;
    expect(text('expired')).toContain('did not receive a decision before its deadline');
    expect(text('expired')).toContain('This is not a rejection.');
    expect(text('no-members')).toContain('no ASN member remains on the team');
    expect(text('no-members')).toContain('Member 2: Agus Prasetyo');
    expect(text('failure')).toContain('technical problem');
    expect(text('failure')).toContain('BKPSDM has been told');
    expect(text('rejected')).not.toContain('not a rejection');
  });
});

describe('researchFailureNoticeEmail', () => {
  it('tells the coordinator which project stopped, that the partner was told, and where to look', () => {
    const id = researchFailureNoticeEmail({ project: aProject(), language: 'id' });
    const en = researchFailureNoticeEmail({ project: aProject(), language: 'en' });
    expect(id.subject).toBe('[Sinergi] Alur kerja terhenti: Kualitas layanan Mal Pelayanan Publik Surakarta (rp-2027-001)');
    expect(en.subject).toBe('[Sinergi] Workflow stopped: Kualitas layanan Mal Pelayanan Publik Surakarta (rp-2027-001)');
    expect(id.text).toContain('Narahubung mitra sudah diberi tahu');
    expect(en.text).toContain("The partner's contact has been told");
    expect(en.text).toContain('Project number: rp-2027-001');
    expect(en.text).toContain("Partner's contact: Wulan Sari <wulan@uns.example>");
    expect(en.text).toContain('Status: Awaiting the members');
    expect(en.text).toContain('function logs (search for project number rp-2027-001)');
    expect(en.html).toContain('Wulan Sari &lt;wulan@uns.example&gt;');
  });
});
