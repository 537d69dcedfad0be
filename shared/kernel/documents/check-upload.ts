import { createHash } from 'node:crypto';
import { logger } from '../logger.js';
import { checkContent } from './content-check.js';
import type { DocumentStorage } from './document-storage.js';
import { DocumentStateConflict, type DocumentStore } from './document-store.js';
import { type DocumentRecord, documentKey, pendingKey } from './documents.js';

export interface CheckUploadDeps {
  documents: Pick<DocumentStore, 'getDocument' | 'recordCheck'>;
  storage: DocumentStorage;
  clock: { now(): Date };
}

/**
 * Checks what was stored for a document, whatever the bucket enforced: the object under the
 * document's own pending key (no other key is ever read), its size (at most `maxBytes`, and the
 * size the upload declared), and its bytes against the declared type. A document that passes is
 * copied to where documents are kept and becomes READY, with its size and SHA-256; one that
 * fails is deleted and becomes REFUSED, with the reason. Nothing stored yet leaves it PENDING.
 * Checking twice (a retried event, two at once) decides once.
 */
export async function checkUpload(id: string, maxBytes: number, deps: CheckUploadDeps): Promise<DocumentRecord | undefined> {
  const record = await deps.documents.getDocument(id);
  if (!record || record.state !== 'PENDING') return record;
  const pending = pendingKey(id);
  const size = await deps.storage.sizeOf(pending);
  if (size === undefined) return record;
  const checkedAt = deps.clock.now().toISOString();
  const refuse = async (refusal: NonNullable<DocumentRecord['refusal']>) => {
    await deps.storage.remove(pending);
    return decide({ state: 'REFUSED', refusal, size, checkedAt });
  };
  const decide = async (result: Pick<DocumentRecord, 'state' | 'size' | 'sha256' | 'refusal' | 'checkedAt'>) => {
    try {
      await deps.documents.recordCheck(id, result);
    } catch (error) {
      if (!(error instanceof DocumentStateConflict)) throw error;
      // Decided by another check meanwhile: its record stands.
      return deps.documents.getDocument(id);
    }
    logger.info('document checked', { documentId: id, purpose: record.purpose, state: result.state, refusal: result.refusal });
    return { ...record, ...result };
  };
  if (size === 0) return refuse('empty');
  if (size > maxBytes) return refuse('too-large');
  // Not the size that was declared: an upload cut short, or another file.
  if (record.declaredSize !== undefined && size !== record.declaredSize) return refuse('damaged');
  const bytes = await deps.storage.read(pending);
  // Gone since it was measured: a check that ran at the same time decided it.
  if (!bytes) return deps.documents.getDocument(id);
  const verdict = checkContent(bytes, record.type);
  if (!verdict.ok) return refuse(verdict.reason);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await deps.storage.copy(pending, documentKey(id), record.contentType);
  const decided = await decide({ state: 'READY', size: bytes.length, sha256, checkedAt });
  await deps.storage.remove(pending);
  return decided;
}
