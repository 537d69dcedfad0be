import { orList } from '../i18n.js';

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
