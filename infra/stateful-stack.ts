import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

export interface StatefulStackProps extends StackProps {
  senderEmail: string;
  /** Physical table name: fixed, so the stateless stack refers to it by name, not by an export. */
  tableName: string;
}

/**
 * What must outlive any deployment of the code: the one table, the sender identity, and the
 * secret that link tokens are derived from (rotating it would break every link in flight).
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly senderIdentity: EmailIdentity;
  readonly linkSecret: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.table = new TableV2(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'ttl',
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        // Lists by status (proposals) and active partnerships, newest last.
        { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: AttributeType.STRING }, sortKey: { name: 'gsi1sk', type: AttributeType.STRING } },
      ],
    });
    this.senderIdentity = new EmailIdentity(this, 'Sender', { identity: Identity.email(props.senderEmail) });
    this.linkSecret = new Secret(this, 'LinkSecret', {
      description: 'Key from which decision, tracking and edit link tokens are derived',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
