import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { epochSeconds, isConditionFailure, type Key, TableStore, type TransactItem } from '../store/table-store.js';
import type { DocumentPurpose, DocumentRecord } from './documents.js';

/** A document's item: its own partition, so its state changes are single-item conditions. */
export const documentItemKey = (id: string): Key => ({ pk: `DOCUMENT#${id}`, sk: 'DOCUMENT' });

/** An unused document's item goes a week after it expires (DynamoDB's TTL); a used one stays with its subject. */
const UNUSED_RETENTION_S = 7 * 86_400;

/** A document was not in the state a change of it needs: it moved on meanwhile, or it never was. */
export class DocumentStateConflict extends Error {
  constructor(readonly id: string) {
    super(`Document ${id} is not in the state this change needs`);
  }
}

/** The documents' items of the one table: asked for, checked once, used once. */
export class DocumentStore extends TableStore {
  constructor(db: DynamoDBDocumentClient, table: string) {
    super(db, table);
  }

  getDocument(id: string): Promise<DocumentRecord | undefined> {
    return this.getItem<DocumentRecord>(documentItemKey(id));
  }

  /** A new document, PENDING until its upload is checked. */
  async createDocument(record: DocumentRecord): Promise<void> {
    await this.write([this.putNew({ ...documentItemKey(record.id), entity: 'document', ...record, ttl: epochSeconds(record.expiresAt) + UNUSED_RETENTION_S })]);
  }

  /**
   * Keeps what the check found, once: the document PENDING until now becomes READY (with its
   * size and SHA-256) or REFUSED (with the reason). A second check of the same upload finds it
   * decided and changes nothing (DocumentStateConflict).
   */
  async recordCheck(id: string, result: Pick<DocumentRecord, 'state' | 'size' | 'sha256' | 'refusal' | 'checkedAt'>): Promise<void> {
    const set = Object.entries(result).filter(([, value]) => value !== undefined);
    try {
      await this.write([
        {
          Update: {
            TableName: this.table,
            Key: documentItemKey(id),
            ConditionExpression: '#state = :pending',
            UpdateExpression: `SET ${set.map(([name]) => `#${name} = :${name}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(set.map(([name]) => [`#${name}`, name])),
            ExpressionAttributeValues: { ':pending': 'PENDING', ...Object.fromEntries(set.map(([name, value]) => [`:${name}`, value])) },
          },
        },
      ]);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw new DocumentStateConflict(id);
    }
  }

  /**
   * The item of a step's transaction that uses a document: only a READY one of `purpose` that has
   * not expired, once; it then belongs to `subject` (and its TTL is removed, so it is kept).
   */
  useDocumentItem(id: string, purpose: DocumentPurpose, subject: { type: string; id: string }, at: string): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: documentItemKey(id),
        ConditionExpression: '#state = :ready AND #purpose = :purpose AND #expiresAt > :at',
        UpdateExpression: 'SET #state = :used, #usedBy = :usedBy REMOVE #ttl',
        ExpressionAttributeNames: { '#state': 'state', '#purpose': 'purpose', '#expiresAt': 'expiresAt', '#usedBy': 'usedBy', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':ready': 'READY', ':used': 'USED', ':purpose': purpose, ':at': at, ':usedBy': { ...subject, at } },
      },
    };
  }
}
