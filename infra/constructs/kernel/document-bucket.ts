import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { documentKey, pendingKey } from '../../../shared/kernel/documents/documents.js';

export interface DocumentBucketProps {
  /** The stage's name prefix (`sinergi-<stage>`): with the account and region it names the buckets. */
  namePrefix: string;
}

/** The key prefixes of the bucket: an upload lands under the first, a checked document is kept under the second. */
export const documentPrefixes = { pending: pendingKey(''), kept: documentKey('') } as const;

/**
 * Where the documents of every step are kept: private (public access blocked, objects owned by
 * the bucket, no ACLs), encrypted, reached over TLS only, versioned, and logged (server access
 * logs to a bucket of their own). Browsers post to it directly with a signed POST policy, so it
 * needs no CORS (plain forms). Uploads land under `pending/`, which a lifecycle rule empties
 * after a day (an upload abandoned, or refused by the check); a checked document is copied to
 * `documents/` and kept, as nothing deletes a subject today.
 */
export class DocumentBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: DocumentBucketProps) {
    super(scope, id);
    const name = (what: string) => `${props.namePrefix}-${what}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      bucketName: name('document-logs'),
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'OldLogs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Documents', {
      bucketName: name('documents'),
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      lifecycleRules: [
        {
          id: 'AbandonedUploads',
          prefix: documentPrefixes.pending,
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        // What the rule above and the check's deletions leave: the markers of objects that are gone.
        { id: 'PendingDeleteMarkers', prefix: documentPrefixes.pending, expiredObjectDeleteMarker: true },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
