import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';

/** Only the template is needed here: skip esbuild. */
const templateOnly = { 'aws:cdk:bundling-stacks': [] };

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

let template: Template;
let resources: Record<string, Resource>;
let documentsId: string;
let logsId: string;

beforeAll(() => {
  const { stateful } = buildApp(new App({ context: templateOnly }));
  template = Template.fromStack(stateful);
  resources = template.toJSON().Resources as Record<string, Resource>;
  const buckets = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket');
  expect(buckets).toHaveLength(2);
  documentsId = buckets.find(([, r]) => JSON.stringify(r.Properties.BucketName).includes('-documents-'))![0];
  logsId = buckets.find(([, r]) => JSON.stringify(r.Properties.BucketName).includes('-document-logs-'))![0];
});

const privateBucket = {
  BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
  PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
};

/** The statements of the bucket policy of `bucketId`. */
function statementsOf(bucketId: string): Record<string, unknown>[] {
  const policies = Object.values(resources).filter(
    (r) => r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]!.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
}

describe('the documents bucket', () => {
  it('is private, encrypted, owned by the bucket (no ACLs), versioned, kept on stack deletion, and has no CORS (plain forms post to it)', () => {
    const bucket = resources[documentsId]!;
    expect(bucket.Properties).toMatchObject({ ...privateBucket, VersioningConfiguration: { Status: 'Enabled' } });
    expect(bucket.Properties.CorsConfiguration).toBeUndefined();
    expect(bucket.Properties.AccessControl).toBeUndefined();
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(JSON.stringify(bucket.Properties.BucketName)).toMatch(/sinergi-dev-documents-.*AWS::AccountId.*AWS::Region/);
  });

  it('logs every access to the log bucket, under documents/', () => {
    expect(resources[documentsId]!.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'documents/' });
  });

  it('empties pending/ a day after an upload (abandoned or refused), its old versions and unfinished uploads too, and keeps documents/', () => {
    const rules = (resources[documentsId]!.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules).toEqual([
      {
        Id: 'AbandonedUploads',
        Prefix: 'pending/',
        Status: 'Enabled',
        ExpirationInDays: 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
      { Id: 'PendingDeleteMarkers', Prefix: 'pending/', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
    ]);
  });

  it('refuses every request without TLS, or with TLS older than 1.2', () => {
    const statements = statementsOf(documentsId);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
    // Nothing is allowed by the bucket's own policy: the functions' roles grant what each may do.
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([]);
  });
});

describe('the documents’ log bucket', () => {
  it('is private and encrypted, TLS-only, keeps logs a year, and lets only S3 logging from this account write, for the documents bucket', () => {
    const logs = resources[logsId]!;
    expect(logs.Properties).toMatchObject(privateBucket);
    expect(logs.Properties.LifecycleConfiguration).toEqual({ Rules: [{ Id: 'OldLogs', Status: 'Enabled', ExpirationInDays: 365 }] });
    expect(logs.DeletionPolicy).toBe('Retain');
    const allows = statementsOf(logsId).filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:PutObject',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [documentsId, 'Arn'] } }, StringEquals: { 'aws:SourceAccount': '000000000000' } },
      }),
    ]);
    template.hasOutput('DocumentBucketName', { Value: { Ref: documentsId } });
  });
});
