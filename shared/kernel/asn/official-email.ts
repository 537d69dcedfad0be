import { orList } from '../i18n.js';
import { bilingual } from '../validation.js';

/**
 * The city's own mail: an ASN and their supervisor are reached at an address of one of the
 * city's mail domains (the `officialEmailDomains` setting), so a form cannot make Sinergi write
 * to anyone outside the city in an ASN's name.
 */
export const defaultOfficialEmailDomains = ['surakarta.go.id'] as const;

/** An address as one mailbox: lower case, without a `+tag` in its local part. */
export function normalizedEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at).toLowerCase().split('+')[0]!;
  return `${local}@${email.slice(at + 1).toLowerCase()}`;
}

/** Whether an address belongs to one of the domains, or to a subdomain of one (`dinkes.surakarta.go.id`). */
export function isOfficialEmail(email: string, domains: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domains.some((d) => {
    const official = d.toLowerCase();
    return domain === official || domain.endsWith(`.${official}`);
  });
}

/** "@surakarta.go.id" (or "@a.go.id atau @b.go.id" / "or"): the domains as a message names them. */
export function domainList(domains: readonly string[], lang: 'id' | 'en'): string {
  return orList(
    domains.map((d) => `@${d}`),
    lang,
  );
}

/** How a rule's messages name an ASN's and their supervisor's addresses, given the domains as a message names them. */
export interface AddressWords {
  own: { id: (domains: string) => string; en: (domains: string) => string };
  supervisor: { id: (domains: string) => string; en: (domains: string) => string };
  same: { id: string; en: string };
}

/** One broken rule of an address, where the form or body has it. */
export interface AddressIssue {
  path: string[];
  input: string;
  message: string;
}

/**
 * The city's mail rule for an ASN and their supervisor, wherever the two are named (an
 * application, a research project's members): both addresses in the city's domains, and two
 * mailboxes, so the supervisor's approval is not the ASN's own. Messages are bilingual
 * (`bilingual()` form), in the words of the form that asks.
 */
export function officialAddressIssues(
  person: { email: string; supervisor: { email: string } },
  domains: readonly string[],
  words: AddressWords,
): AddressIssue[] {
  const named = { id: domainList(domains, 'id'), en: domainList(domains, 'en') };
  const issues: AddressIssue[] = [];
  if (!isOfficialEmail(person.email, domains))
    issues.push({ path: ['email'], input: person.email, message: bilingual(words.own.id(named.id), words.own.en(named.en)) });
  if (!isOfficialEmail(person.supervisor.email, domains))
    issues.push({
      path: ['supervisor', 'email'],
      input: person.supervisor.email,
      message: bilingual(words.supervisor.id(named.id), words.supervisor.en(named.en)),
    });
  else if (normalizedEmail(person.supervisor.email) === normalizedEmail(person.email))
    issues.push({ path: ['supervisor', 'email'], input: person.supervisor.email, message: bilingual(words.same.id, words.same.en) });
  return issues;
}
