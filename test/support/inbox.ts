/** A mail as the local SES keeps it. */
export interface StoredMail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

/** Reads the local inbox (the local SES's `/store`). */
export async function mails(sesUrl: string): Promise<StoredMail[]> {
  const res = await fetch(`${sesUrl}/store`);
  const data = (await res.json()) as { emails: StoredMail[] };
  return data.emails;
}

/** Waits for the first mail to `to` whose subject matches, sent after `since` mails were already there. */
export async function waitForMail(sesUrl: string, to: string, subject: RegExp, options: { timeoutMs?: number; after?: number } = {}): Promise<StoredMail> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const all = await mails(sesUrl);
    const found = all.slice(options.after ?? 0).find((m) => m.destination.to.includes(to) && subject.test(m.subject));
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`No mail to ${to} matching ${subject} (inbox: ${all.map((m) => `${m.destination.to[0]}: ${m.subject}`).join(' | ')})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The first link of a kind (`decide`, `track`, `proposals/edit`, `partners`, `reports`, `confirm`, `projects`, `projects/edit`) in a mail's text body. */
export function linkIn(
  mail: StoredMail,
  kind: 'decide' | 'track' | 'proposals/edit' | 'partners' | 'reports' | 'confirm' | 'projects' | 'projects/edit' | 'milestones',
): string {
  const text = mail.body.text ?? '';
  const match = new RegExp(`https?://[^\\s]+/${kind}/(?:\\d+\\.)?[A-Za-z0-9_-]+`).exec(text);
  if (!match) throw new Error(`No ${kind} link in mail "${mail.subject}"`);
  return match[0];
}
