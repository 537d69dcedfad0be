import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  type UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { COORDINATORS_GROUP } from '../shared/kernel/http/coordinators.js';
import { DocumentBucket } from './constructs/kernel/document-bucket.js';

/** The table's list indexes, each keyed by its own `<index>pk` and `<index>sk`. */
export type TableIndex = 'gsi1' | 'gsi2';

export interface StatefulStackProps extends StackProps {
  senderEmail: string;
  /** Physical table name: fixed, so the stateless stack refers to it by name, not by an export. */
  tableName: string;
  /**
   * Put the coordinators' user pool on the Plus feature plan with threat protection enforced
   * (billed per monthly active user, with no free tier); otherwise it stays on Essentials.
   */
  coordinatorThreatProtection?: boolean;
}

/**
 * What must outlive any deployment of the code: the one table, the sender identity, the
 * secret that link tokens are derived from (rotating it would break every link in flight),
 * the coordinators' accounts, and the documents' bucket.
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly senderIdentity: EmailIdentity;
  /** Every mail goes through it (the sender identity's default), with reputation metrics on. */
  readonly mailConfigurationSet: ConfigurationSet;
  /** Raised before SES would review or pause sending: bounces at 5 %, complaints at 0.1 %. */
  readonly bounceRateAlarm: Alarm;
  readonly complaintRateAlarm: Alarm;
  readonly linkSecret: Secret;
  /** Signs the coordinators' list cursors: a key of its own, so that function never holds the link secret. */
  readonly cursorSecret: Secret;
  /** BKPSDM staff who use the coordinators' API; the only people with accounts. */
  readonly coordinatorPool: UserPool;
  /** The app client whose tokens the HTTP API accepts (its id is the tokens' audience). */
  readonly coordinatorClient: UserPoolClient;
  readonly coordinatorGroup: UserPoolGroup;
  readonly coordinatorThreatProtection: boolean;
  /** The documents of every step, and their access logs. */
  readonly documents: DocumentBucket;

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
        // Lists by status (proposals, placements), active partnerships, a placement's applications, an ASN's year.
        { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: AttributeType.STRING }, sortKey: { name: 'gsi1sk', type: AttributeType.STRING } },
        // A partnership's placements, and a placement's waitlist in order.
        { indexName: 'gsi2', partitionKey: { name: 'gsi2pk', type: AttributeType.STRING }, sortKey: { name: 'gsi2sk', type: AttributeType.STRING } },
      ],
    });
    this.mailConfigurationSet = new ConfigurationSet(this, 'Mail', { reputationMetrics: true, sendingEnabled: true });
    this.senderIdentity = new EmailIdentity(this, 'Sender', { identity: Identity.email(props.senderEmail), configurationSet: this.mailConfigurationSet });
    // SES reviews an account at a 5 % bounce or 0.1 % complaint rate and may pause it at 10 % or 0.5 %: alarm at the first.
    const reputationAlarm = (id: string, metricName: string, threshold: number, what: string) =>
      new Alarm(this, id, {
        alarmDescription: `Sinergi mail: the ${what} rate reached ${threshold * 100} %; SES reviews the account here and may pause sending`,
        metric: new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    this.bounceRateAlarm = reputationAlarm('MailBounceRate', 'Reputation.BounceRate', 0.05, 'bounce');
    this.complaintRateAlarm = reputationAlarm('MailComplaintRate', 'Reputation.ComplaintRate', 0.001, 'complaint');
    this.linkSecret = new Secret(this, 'LinkSecret', {
      description: 'Key from which decision, tracking and edit link tokens are derived',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: "Key that signs the coordinators' list cursors",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    // Accounts are made by an administrator, never by sign-up; people sign in with their email,
    // a long password and a TOTP app.
    this.coordinatorThreatProtection = props.coordinatorThreatProtection ?? false;
    this.coordinatorPool = new UserPool(this, 'CoordinatorPool', {
      userPoolName: `${props.tableName}-coordinators`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: 'Akun koordinator Sinergi / Your Sinergi coordinator account',
        emailBody:
          'Akun koordinator Sinergi Anda: {username}, kata sandi sementara {####} (berlaku 3 hari; siapkan aplikasi autentikator).<br><br>' +
          'Your Sinergi coordinator account: {username}, temporary password {####} (valid for 3 days; have an authenticator app ready).',
      },
      featurePlan: this.coordinatorThreatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(this.coordinatorThreatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.coordinatorGroup = this.coordinatorPool.addGroup('CoordinatorsGroup', {
      groupName: COORDINATORS_GROUP,
      description: "BKPSDM coordinators: may read the lists and reports of the coordinators' API",
    });
    // A public client (no secret) for sign-in from a script or the AWS CLI; no hosted pages.
    this.coordinatorClient = this.coordinatorPool.addClient('CoordinatorApiClient', {
      userPoolClientName: 'coordinator-api',
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    this.documents = new DocumentBucket(this, 'DocumentStore', { namePrefix: props.tableName });
    new CfnOutput(this, 'DocumentBucketName', { value: this.documents.bucket.bucketName, description: 'Where the documents of every step are kept' });
    new CfnOutput(this, 'CoordinatorPoolId', {
      value: this.coordinatorPool.userPoolId,
      description: "Coordinators' user pool: create users here and add them to the coordinators group",
    });
    new CfnOutput(this, 'CoordinatorClientId', {
      value: this.coordinatorClient.userPoolClientId,
      description: "App client to sign in with; its tokens are accepted by the coordinators' API",
    });
  }
}
