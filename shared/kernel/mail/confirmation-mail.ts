import type { Bilingual } from '../i18n.js';
import type { ConfirmLink } from '../steps/step-link.js';
import { formatDateTime } from '../time.js';
import { type Block, dear, mail, type RenderedMail, subjectLine } from './mail.js';

/**
 * The mail that asks a submitter to confirm what was submitted with their address. It names the
 * submission by its title and greets the submitter by name, and carries nothing else anyone
 * typed: whoever fills in a form with a stranger's address cannot make the city's sender carry
 * their message to that stranger.
 */
export function confirmationEmail(args: { link: ConfirmLink; what: Bilingual; confirmUrl: string }): RenderedMail {
  const { link, what, confirmUrl } = args;
  const lang = link.holder.language;
  const id = lang === 'id';
  const until = formatDateTime(link.expiresAt, lang);
  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? `Sebuah ${what.id} berjudul “${link.title}” baru saja diajukan di Sinergi dengan alamat email ini. Pengajuan itu baru diteruskan setelah Anda mengonfirmasinya.`
        : `A ${what.en} titled “${link.title}” was just submitted to Sinergi with this email address. It goes on only once you confirm it.`,
    },
    { kind: 'link', label: id ? 'Periksa dan konfirmasi pengajuan' : 'Check and confirm the submission', url: confirmUrl, primary: true },
    {
      kind: 'note',
      text: id
        ? `Tautan ini berlaku sampai ${until}. Bukan Anda yang mengajukannya? Abaikan email ini: pengajuan terhapus sendiri, dan tidak ada orang lain yang diberi tahu.`
        : `This link is valid until ${until}. Did you not make this submission? Ignore this email: the submission removes itself, and nobody else is told.`,
    },
  ];
  return mail(
    lang,
    subjectLine(id ? 'Konfirmasi pengajuan' : 'Confirm your submission', link.title, id ? what.id : what.en),
    dear(link.holder.name, lang),
    blocks,
  );
}
