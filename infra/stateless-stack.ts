import { ArnFormat, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type CfnStage, HttpApi, HttpMethod, type HttpRoute, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { SinergiFunction } from './constructs/kernel/sinergi-function.js';
import { ApplicationWorkflow, PlacementOfferWorkflow } from './constructs/placements/placement-workflows.js';
import { ProposalReviewWorkflow } from './constructs/proposals/proposal-review.workflow.js';
import { ResearchMilestoneWorkflow } from './constructs/research/research-milestone.workflow.js';
import { ResearchProjectWorkflow } from './constructs/research/research-project.workflow.js';
import { type Settings, timings } from './settings.js';
import type { TableIndex } from './stateful-stack.js';

export interface StatelessStackProps extends StackProps {
  settings: Settings;
  /** The table the stateful stack made. */
  tableName: string;
  senderIdentity: IEmailIdentity;
  /** The configuration set every mail is sent through; sending needs a grant on it too. */
  mailConfigurationSetName: string;
  linkSecret: ISecret;
  cursorSecret: ISecret;
  /** Whose tokens the coordinators' routes accept: the user pool (the issuer) and its app client (the audience). */
  coordinatorPool: IUserPool;
  coordinatorClient: IUserPoolClient;
}

/**
 * The partitions of the table, by the prefix of their partition key `pk` (`PROPOSAL#<id>`,
 * `LINK#<hash>`, ...; see the `keys` of each repository). A write is limited to the partitions
 * it names, with `dynamodb:LeadingKeys`; the sort key and the index keys are not limited.
 */
type Partition = 'PROPOSAL' | 'PARTNERSHIP' | 'PLACEMENT' | 'APPLICATION' | 'PROJECT' | 'ASN' | 'LINK' | 'IDEMPOTENCY' | 'RATE';

/**
 * The DynamoDB actions a function calls, each granted on what it needs and nothing else (no
 * Scan, no batch). A transaction needs the action of each of its items (there is no IAM action
 * for TransactWriteItems itself): PutItem, UpdateItem, DeleteItem, ConditionCheckItem, each with
 * the partitions its items are in.
 */
interface TableAccess {
  /** Reads items by their key (always strongly consistent). */
  GetItem?: true;
  /** Queries the table itself (a subject's events, under its own `pk`) and/or these indexes. */
  Query?: ('table' | TableIndex)[];
  PutItem?: Partition[];
  UpdateItem?: Partition[];
  DeleteItem?: Partition[];
  ConditionCheckItem?: Partition[];
}
const writeActions = ['PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'] as const;

/** What a function may do besides reading its configuration. */
interface Access {
  /**
   * What it may do in the table, said for every function (`none` for one that never touches
   * it), so a new function states what it needs. Functions behind GET and HEAD routes only read,
   * so opening a page cannot change anything.
   */
  table: TableAccess | 'none';
  /**
   * Whether it is told the shared configuration (the table's name, the workflows' ARNs, the
   * public address, the sender, the approval chain); only the health check is told nothing.
   */
  configuration?: boolean;
  /** Sends mail with SendEmail, from the configured sender only. */
  mail?: boolean;
  /** Starts executions of, or completes waiting steps of, the workflows in `workflows`. */
  workflow?: 'start' | 'respond';
  /** Which workflows `workflow` applies to (the proposal review when not said). */
  workflows?: WorkflowName[];
  /** Workflows it also starts executions of, beside those it answers (a task function that starts another workflow's executions). */
  alsoStarts?: WorkflowName[];
  /** Reads the link secret (to mint tracking, decision or edit links, or sign cursors). */
  mintsLinks?: boolean;
  /** Reads the key that signs list cursors. */
  signsCursors?: boolean;
  /** A workflow's task function: instances of its own (TASK_CONCURRENCY), whatever the public routes take. */
  runsTasks?: boolean;
}

/**
 * Concurrency reserved for each workflow's task function, so a flood of requests on the public
 * routes cannot leave the workflows without a function to run their steps. (An account keeps at
 * least 10 unreserved: ask for a higher account limit before adding more.)
 */
const TASK_CONCURRENCY = 5;

/** Requests a second (and in a burst) that one anonymous submission route takes, from everyone together. */
const SUBMISSION_THROTTLE = { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 };

/**
 * Who may call a route: anyone (forms, and links whose path carries their own unguessable
 * token), or coordinators presenting a bearer token from their user pool.
 */
type Caller = 'anyone' | 'coordinator';

type WorkflowName = 'proposal' | 'offer' | 'application' | 'research' | 'milestone';

/** The code: functions, the HTTP API, and the workflows. Replaceable at will. */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly table: ITableV2;
  readonly proposalReview: ProposalReviewWorkflow;
  readonly placementOffer: PlacementOfferWorkflow;
  readonly application: ApplicationWorkflow;
  readonly researchProject: ResearchProjectWorkflow;
  readonly researchMilestone: ResearchMilestoneWorkflow;
  /** Routes without an authorizer, by design (see Caller). */
  readonly publicRoutes: HttpRoute[] = [];
  /** Routes behind the coordinators' JWT authorizer. */
  readonly coordinatorRoutes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, senderIdentity, linkSecret, cursorSecret } = props;
    // Imported by name; each function is granted the actions it calls on the table and on the indexes it queries.
    this.table = TableV2.fromTableAttributes(this, 'Table', { tableName: props.tableName });
    const table = this.table;
    const logRetention = settings.logRetentionDays as RetentionDays;

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `sinergi-${settings.stage}`,
      description: 'Sinergi: forms, pages, decision links and the JSON API',
      createDefaultStage: false,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 100, rateLimit: 50 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, 'ApiAccessLogs', { retention: logRetention })),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
          }),
        ),
      },
    });
    // The anonymous submission routes (and the confirmation that makes a submission real) get a throttle of their own, well under the stage's: the
    // hourly limit per address (anonymousSubmissionsPerHour) is counted in the table behind it.
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      ['POST /proposals', 'POST /api/proposals', 'POST /placements/{id}/apply', 'POST /api/placements/{id}/applications', 'POST /confirm/{token}'].map(
        (routeKey) => [routeKey, SUBMISSION_THROTTLE],
      ),
    );

    const stateMachineNames: Record<WorkflowName, string> = {
      proposal: `sinergi-${settings.stage}-proposal-review`,
      offer: `sinergi-${settings.stage}-placement-offer`,
      application: `sinergi-${settings.stage}-application`,
      research: `sinergi-${settings.stage}-research-project`,
      milestone: `sinergi-${settings.stage}-research-milestone`,
    };
    const workflowArn = (name: WorkflowName) =>
      this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineNames[name], arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const proposalWorkflowArn = workflowArn('proposal');

    const environment: Record<string, string> = {
      TABLE_NAME: table.tableName,
      PROPOSAL_WORKFLOW_ARN: proposalWorkflowArn,
      OFFER_WORKFLOW_ARN: workflowArn('offer'),
      APPLICATION_WORKFLOW_ARN: workflowArn('application'),
      RESEARCH_WORKFLOW_ARN: workflowArn('research'),
      MILESTONE_WORKFLOW_ARN: workflowArn('milestone'),
      PUBLIC_BASE_URL: settings.publicBaseUrl ?? this.api.apiEndpoint,
      SENDER_EMAIL: settings.senderEmail,
      APPROVAL_CHAIN: JSON.stringify(settings.approvalChain),
      MAX_REVIEW_ROUNDS: String(settings.maxReviewRounds),
      ...(settings.workUnits ? { WORK_UNITS: JSON.stringify(settings.workUnits) } : {}),
      ANONYMOUS_SUBMISSIONS_PER_HOUR: String(settings.anonymousSubmissionsPerHour),
      CONFIRMATION_MAILS_PER_HOUR: String(settings.confirmationMailsPerHour),
      RESEARCH_MAX_JP_HOURS: String(settings.researchMaxJpHours),
      MILESTONE_OPEN_DAYS_BEFORE: String(settings.milestoneOpenDaysBefore),
      ...(settings.officialEmailDomains ? { OFFICIAL_EMAIL_DOMAINS: JSON.stringify(settings.officialEmailDomains) } : {}),
    };

    /**
     * Grants a function the DynamoDB actions `access` names: reads on the table and on the
     * indexes it queries, and each write action only on the partitions it names.
     */
    const grantTable = (f: SinergiFunction, access: TableAccess) => {
      const onTable = [...(access.GetItem ? ['dynamodb:GetItem'] : []), ...(access.Query?.includes('table') ? ['dynamodb:Query'] : [])];
      if (onTable.length) f.addToRolePolicy(new PolicyStatement({ actions: onTable, resources: [table.tableArn] }));
      const indexes = (access.Query ?? []).filter((target) => target !== 'table');
      if (indexes.length)
        f.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexes.map((index) => `${table.tableArn}/index/${index}`) }));
      // One statement per set of partitions, with every write action limited to exactly that set.
      const byPartitions = new Map<string, { partitions: Partition[]; actions: string[] }>();
      for (const action of writeActions) {
        const partitions = [...new Set(access[action] ?? [])].sort();
        if (!partitions.length) continue;
        const key = partitions.join(' ');
        const entry = byPartitions.get(key) ?? { partitions, actions: [] };
        entry.actions.push(`dynamodb:${action}`);
        byPartitions.set(key, entry);
      }
      for (const { partitions, actions } of byPartitions.values())
        f.addToRolePolicy(
          new PolicyStatement({
            actions,
            resources: [table.tableArn],
            conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions.map((p) => `${p}#*`) } },
          }),
        );
    };

    /** Makes a function and grants exactly what `access` says, setting each variable with its grant. */
    const fn = (id: string, entry: string, description: string, access: Access): SinergiFunction => {
      const f = new SinergiFunction(this, id, {
        entry,
        description,
        reservedConcurrentExecutions: access.runsTasks ? TASK_CONCURRENCY : undefined,
        // Only a function that mints links learns where the secret is, and may read it.
        environment: {
          ...(access.configuration === false ? {} : environment),
          ...(access.mintsLinks ? { LINK_SECRET_ARN: linkSecret.secretArn } : {}),
          ...(access.signsCursors ? { CURSOR_SECRET_ARN: cursorSecret.secretArn } : {}),
        },
        logRetention,
      });
      if (access.mintsLinks) linkSecret.grantRead(f);
      if (access.signsCursors) cursorSecret.grantRead(f);
      if (access.table !== 'none') grantTable(f, access.table);
      // SendEmail only (the mailer never sends raw messages), and only as the configured sender.
      if (access.mail)
        f.addToRolePolicy(
          new PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [
              senderIdentity.emailIdentityArn,
              this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.mailConfigurationSetName }),
            ],
            conditions: { StringEquals: { 'ses:FromAddress': settings.senderEmail } },
          }),
        );
      const arns = (access.workflows ?? ['proposal']).map(workflowArn);
      if (access.workflow === 'start') f.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: arns }));
      if (access.workflow === 'respond') f.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: arns }));
      if (access.alsoStarts?.length)
        f.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: access.alsoStarts.map(workflowArn) }));
      return f;
    };

    // API Gateway checks the token's signature, expiry, issuer and audience before the function runs.
    const coordinatorAuthorizer = new HttpJwtAuthorizer(
      'CoordinatorAuthorizer',
      `https://cognito-idp.${this.region}.amazonaws.com/${props.coordinatorPool.userPoolId}`,
      {
        authorizerName: 'coordinators',
        jwtAudience: [props.coordinatorClient.userPoolClientId],
      },
    );

    const route = (path: string, methods: HttpMethod[], handler: IFunction, id: string, caller: Caller = 'anyone') => {
      const routes = this.api.addRoutes({
        path,
        methods,
        integration: new HttpLambdaIntegration(`${id}Integration`, handler),
        ...(caller === 'coordinator' ? { authorizer: coordinatorAuthorizer } : {}),
      });
      (caller === 'coordinator' ? this.coordinatorRoutes : this.publicRoutes).push(...routes);
      return routes;
    };

    // Public, and given nothing: no data, no configuration, no grant. It says only that the API answers.
    route(
      '/health',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('Health', 'functions/api/health.ts', 'Health check', { table: 'none', configuration: false }),
      'Health',
    );

    // A tracking page: the link and its subject, the subject's events, and an application's place on the waitlist.
    const tracks: TableAccess = { GetItem: true, Query: ['table', 'gsi2'] };
    // An unconfirmed proposal, its tracking and confirmation links and the idempotent answer, put together
    // and removed together if the confirmation mail cannot be sent; the mail itself.
    const proposalSubmit: Access = {
      // RATE: the counts of anonymous submissions per client address, and of confirmation mails per recipient, an hour.
      table: { GetItem: true, PutItem: ['PROPOSAL', 'LINK', 'IDEMPOTENCY'], UpdateItem: ['RATE'], DeleteItem: ['PROPOSAL', 'LINK', 'IDEMPOTENCY'] },
      mail: true,
      mintsLinks: true,
    };
    route(
      '/proposals/new',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('ProposalFormPage', 'functions/proposals/form-page.ts', 'Proposal form', { table: 'none' }),
      'ProposalFormPage',
    );
    route(
      '/proposals',
      [HttpMethod.POST],
      fn('ProposalFormSubmit', 'functions/proposals/form-submit.ts', 'Proposal form submission', proposalSubmit),
      'ProposalFormSubmit',
    );
    route(
      '/api/proposals',
      [HttpMethod.POST],
      fn('ProposalApiSubmit', 'functions/proposals/api-submit.ts', 'Proposal submission (JSON)', proposalSubmit),
      'ProposalApiSubmit',
    );
    route(
      '/track/{token}',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('TrackPage', 'functions/links/track-page.ts', 'Tracking page', { table: tracks }),
      'TrackPage',
    );
    route('/api/track/{token}', [HttpMethod.GET], fn('TrackApi', 'functions/links/track-api.ts', 'Tracking (JSON)', { table: tracks }), 'TrackApi');
    // The link by its hash, then its subject (a project with its members and milestones, in one query): a page reads nothing else.
    const decisionPage = fn('DecisionPage', 'functions/links/decide-page.ts', 'Decision and report pages (change nothing)', {
      table: { GetItem: true, Query: ['table'] },
    });
    // Uses the link (an update), records the event in its subject's partition, and either checks the
    // subject is still at the step or (a report) stores what was reported on the application, or (a
    // consent) records the supervisor's answer on the project's member.
    const decisionSubmit = fn('DecisionSubmit', 'functions/links/decide-submit.ts', 'Decision or report: consumes the link once and resumes the workflow', {
      table: {
        GetItem: true,
        Query: ['table'],
        PutItem: ['PROPOSAL', 'PLACEMENT', 'APPLICATION', 'PROJECT'],
        UpdateItem: ['LINK', 'APPLICATION', 'PROJECT'],
        ConditionCheckItem: ['PROPOSAL', 'PLACEMENT', 'APPLICATION', 'PROJECT'],
      },
      workflow: 'respond',
      workflows: ['proposal', 'offer', 'application', 'research', 'milestone'],
    });
    route('/decide/{token}', [HttpMethod.GET, HttpMethod.HEAD], decisionPage, 'DecisionPage');
    route('/decide/{token}', [HttpMethod.POST], decisionSubmit, 'DecisionSubmit');
    route('/reports/{token}', [HttpMethod.GET, HttpMethod.HEAD], decisionPage, 'ReportPage');
    route('/reports/{token}', [HttpMethod.POST], decisionSubmit, 'ReportSubmit');
    // The confirmation link by its hash, then its submission: the page reads nothing else.
    route(
      '/confirm/{token}',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('ConfirmPage', 'functions/links/confirm-page.ts', 'Confirmation pages (change nothing)', { table: { GetItem: true } }),
      'ConfirmPage',
    );
    // One transaction: the link used, the submission SUBMITTED and kept (its tracking link too), its first
    // event; for an application also the placement still open (a check), the NIP's claim in the placement's
    // partition and the ASN's record (an update), or else its refusal, mailed. Then its workflow starts.
    route(
      '/confirm/{token}',
      [HttpMethod.POST],
      fn('ConfirmSubmit', 'functions/links/confirm-submit.ts', 'Confirmation: makes a submission real once and starts its workflow', {
        table: {
          GetItem: true,
          PutItem: ['PROPOSAL', 'APPLICATION', 'PLACEMENT'],
          UpdateItem: ['LINK', 'PROPOSAL', 'APPLICATION', 'ASN'],
          ConditionCheckItem: ['PLACEMENT'],
        },
        mail: true,
        workflow: 'start',
        workflows: ['proposal', 'application'],
        mintsLinks: true,
      }),
      'ConfirmSubmit',
    );
    route(
      '/proposals/edit/{token}',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('RevisionPage', 'functions/proposals/revision-page.ts', 'Revision form', { table: { GetItem: true, Query: ['table'] } }),
      'RevisionPage',
    );
    route(
      '/proposals/edit/{token}',
      [HttpMethod.POST],
      fn('RevisionSubmit', 'functions/proposals/revision-submit.ts', 'Revision resubmission', {
        table: { GetItem: true, Query: ['table'], PutItem: ['PROPOSAL'], UpdateItem: ['LINK', 'PROPOSAL'] },
        workflow: 'respond',
        mintsLinks: true,
      }),
      'RevisionSubmit',
    );

    // The coordinators' API: read-only lists behind the JWT authorizer; the function also checks the group.
    route(
      '/api/proposals',
      [HttpMethod.GET],
      fn('CoordinatorListProposals', 'functions/proposals/coordinator-list.ts', "Coordinators' list of proposals by status (JSON)", {
        table: { Query: ['gsi1'] },
        signsCursors: true,
      }),
      'CoordinatorListProposals',
      'coordinator',
    );

    // Internship placements: partners offer them, ASNs apply for them.
    // An offer and its first event, in the placement's partition, removed again if its review does not start.
    const offerWrites = { PutItem: ['PLACEMENT'], DeleteItem: ['PLACEMENT'] } satisfies TableAccess;
    route(
      '/partners/{token}',
      [HttpMethod.GET, HttpMethod.HEAD],
      // It mints the tracking link of each project it lists (the table keeps only their hashes).
      fn('PartnerPage', 'functions/placements/partner-page.ts', "A partner's placements and projects, and the forms to offer and propose", {
        table: { GetItem: true, Query: ['gsi2'] },
        mintsLinks: true,
      }),
      'PartnerPage',
    );
    route(
      '/partners/{token}/placements',
      [HttpMethod.POST],
      // The form shows the partner's page again beside its messages (with its projects' tracking links).
      fn('OfferFormSubmit', 'functions/placements/offer-submit.ts', 'Placement offer (form)', {
        table: { GetItem: true, Query: ['gsi2'], ...offerWrites },
        workflow: 'start',
        workflows: ['offer'],
        mintsLinks: true,
      }),
      'OfferFormSubmit',
    );
    route(
      '/api/partners/{token}/placements',
      [HttpMethod.POST],
      fn('OfferApiSubmit', 'functions/placements/offer-api.ts', 'Placement offer (JSON)', {
        table: { GetItem: true, ...offerWrites },
        workflow: 'start',
        workflows: ['offer'],
      }),
      'OfferApiSubmit',
    );
    route(
      '/placements',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('CataloguePage', 'functions/placements/catalogue-page.ts', 'Open placements', { table: { Query: ['gsi1'] } }),
      'CataloguePage',
    );
    route(
      '/api/placements',
      [HttpMethod.GET],
      fn('CatalogueApi', 'functions/placements/catalogue-api.ts', 'Open placements (JSON)', { table: { Query: ['gsi1'] } }),
      'CatalogueApi',
    );
    route(
      '/placements/{id}/apply',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('ApplyPage', 'functions/placements/apply-page.ts', 'Application form', { table: { GetItem: true } }),
      'ApplyPage',
    );
    // An unconfirmed application, its tracking and confirmation links and the idempotent answer (no claim, no
    // ASN record: those wait for the confirmation), removed together if the confirmation mail cannot be sent.
    const applySubmit: Access = {
      table: {
        GetItem: true,
        PutItem: ['APPLICATION', 'LINK', 'IDEMPOTENCY'],
        UpdateItem: ['RATE'],
        DeleteItem: ['APPLICATION', 'LINK', 'IDEMPOTENCY'],
      },
      mail: true,
      mintsLinks: true,
    };
    route(
      '/placements/{id}/apply',
      [HttpMethod.POST],
      fn('ApplyFormSubmit', 'functions/placements/apply-submit.ts', 'Application (form)', applySubmit),
      'ApplyFormSubmit',
    );
    route(
      '/api/placements/{id}/applications',
      [HttpMethod.POST],
      fn('ApplyApiSubmit', 'functions/placements/apply-api.ts', 'Application (JSON)', applySubmit),
      'ApplyApiSubmit',
    );
    route(
      '/track/{token}/withdraw',
      [HttpMethod.POST],
      // The application (and a promoted one) with their events, the open link, the ASNs' confirmed dates, the seat.
      fn('Withdraw', 'functions/placements/withdraw.ts', "An ASN's withdrawal: frees or hands on the seat", {
        // DeleteItem: the NIP's claim on the placement (under PLACEMENT#), freed by the withdrawal.
        table: { GetItem: true, Query: ['gsi2'], PutItem: ['APPLICATION'], UpdateItem: ['APPLICATION', 'LINK', 'ASN', 'PLACEMENT'], DeleteItem: ['PLACEMENT'] },
        mail: true,
        workflow: 'respond',
        workflows: ['application'],
        mintsLinks: true,
      }),
      'Withdraw',
    );
    route(
      '/api/placements/{id}/applications',
      [HttpMethod.GET],
      fn('CoordinatorListApplications', 'functions/placements/coordinator-list-applications.ts', "Coordinators' list of a placement's applications (JSON)", {
        table: { GetItem: true, Query: ['gsi1'] },
        signsCursors: true,
      }),
      'CoordinatorListApplications',
      'coordinator',
    );
    route(
      '/api/reports/jp',
      [HttpMethod.GET],
      fn('CoordinatorJpReport', 'functions/placements/coordinator-jp-report.ts', "Coordinators' yearly JP report (JSON or CSV)", {
        table: { Query: ['gsi1'] },
      }),
      'CoordinatorJpReport',
      'coordinator',
    );

    // Research projects: partners propose them, supervisors consent, coordinators review; members follow them.
    route(
      '/api/partners/{token}/projects',
      [HttpMethod.POST],
      // The project, its members, its milestones, its first event and its tracking link, removed again if its workflow does not start.
      fn('ProjectApiSubmit', 'functions/research/propose-api.ts', 'Research project proposal (JSON)', {
        table: { GetItem: true, PutItem: ['PROJECT', 'LINK'], DeleteItem: ['PROJECT', 'LINK'] },
        workflow: 'start',
        workflows: ['research'],
        mintsLinks: true,
      }),
      'ProjectApiSubmit',
    );
    const projectPage = fn('ProjectPage', 'functions/research/project-page.ts', "A member's or the lead's project page and calendar feed (change nothing)", {
      table: { GetItem: true, Query: ['table'] },
    });
    route('/projects/{token}', [HttpMethod.GET, HttpMethod.HEAD], projectPage, 'ProjectPage');
    route(
      '/projects/{token}/logbook',
      [HttpMethod.POST],
      // A logbook entry in the project's partition (the page shown again reads the project and its entries).
      fn('LogbookSubmit', 'functions/research/logbook-submit.ts', "A member's or the lead's logbook entry", {
        table: { GetItem: true, Query: ['table'], PutItem: ['PROJECT'] },
      }),
      'LogbookSubmit',
    );
    route('/projects/{token}/calendar.ics', [HttpMethod.GET, HttpMethod.HEAD], projectPage, 'ProjectCalendar');
    // A milestone's submission link: the page reads the link and its project; the POST keeps a draft on the
    // milestone, or uses the link once with the milestone SUBMITTED and its event, and resumes the cycle.
    route(
      '/milestones/{token}',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('MilestonePage', 'functions/research/milestone-page.ts', "A milestone's submission page (changes nothing)", {
        table: { GetItem: true, Query: ['table'] },
      }),
      'MilestonePage',
    );
    route(
      '/milestones/{token}',
      [HttpMethod.POST],
      fn('MilestoneSubmit', 'functions/research/milestone-submit.ts', 'A milestone sent (or its draft kept): once, then its cycle resumes', {
        table: { GetItem: true, Query: ['table'], PutItem: ['PROJECT'], UpdateItem: ['LINK', 'PROJECT'] },
        workflow: 'respond',
        workflows: ['milestone'],
      }),
      'MilestoneSubmit',
    );
    route(
      '/partners/{token}/projects',
      [HttpMethod.POST],
      // The form shows the partner's page again beside its messages; a proposal writes as the JSON route does.
      fn('ProjectFormSubmit', 'functions/research/propose-submit.ts', 'Research project proposal (form)', {
        table: { GetItem: true, Query: ['gsi2'], PutItem: ['PROJECT', 'LINK'], DeleteItem: ['PROJECT', 'LINK'] },
        workflow: 'start',
        workflows: ['research'],
        mintsLinks: true,
      }),
      'ProjectFormSubmit',
    );
    route(
      '/projects/edit/{token}',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('ProjectRevisionPage', 'functions/research/revision-page.ts', "A plan's revision form (changes nothing)", {
        table: { GetItem: true, Query: ['table'] },
      }),
      'ProjectRevisionPage',
    );
    route(
      '/projects/edit/{token}',
      [HttpMethod.POST],
      // The edit link used once, the project's new text and round, its milestones rewritten, its event; then the review resumes.
      fn('ProjectRevisionSubmit', 'functions/research/revision-submit.ts', "A plan's revision resubmitted", {
        table: { GetItem: true, Query: ['table'], PutItem: ['PROJECT'], UpdateItem: ['LINK', 'PROJECT'], DeleteItem: ['PROJECT'] },
        workflow: 'respond',
        workflows: ['research'],
        mintsLinks: true,
      }),
      'ProjectRevisionSubmit',
    );
    const coordinatorProjects = fn(
      'CoordinatorProjects',
      'functions/research/coordinator-projects.ts',
      "Coordinators' research projects: by status, and one whole (JSON)",
      {
        table: { Query: ['table', 'gsi1'] },
        signsCursors: true,
      },
    );
    route('/api/projects', [HttpMethod.GET], coordinatorProjects, 'CoordinatorListProjects', 'coordinator');
    route('/api/projects/{id}', [HttpMethod.GET], coordinatorProjects, 'CoordinatorProject', 'coordinator');

    // The description of the JSON routes reads only its configuration, never the table.
    route(
      '/api/openapi.json',
      [HttpMethod.GET],
      fn('OpenApiDocument', 'functions/api/openapi.ts', 'OpenAPI description of the JSON routes', { table: 'none' }),
      'OpenApiDocument',
    );

    const placementTimings = timings(settings);
    this.placementOffer = new PlacementOfferWorkflow(this, 'PlacementOffer', {
      // The offer's links, its status and its events.
      taskFunction: fn('OfferTask', 'functions/placements/offer-task.ts', 'Tasks of the placement offer review', {
        runsTasks: true,
        table: { GetItem: true, PutItem: ['PLACEMENT'], UpdateItem: ['LINK', 'PLACEMENT'] },
        mail: true,
        workflow: 'respond',
        workflows: ['offer'],
        mintsLinks: true,
      }),
      stateMachineName: stateMachineNames.offer,
      timings: placementTimings,
      logRetention,
    });
    this.application = new ApplicationWorkflow(this, 'Application', {
      // The application's links, status and events; the seat (an update, or a check that the placement is
      // full before the waitlist); the ASN's confirmed dates, year and JP credit.
      taskFunction: fn('ApplicationTask', 'functions/placements/application-task.ts', 'Tasks of the application workflow', {
        runsTasks: true,
        table: {
          GetItem: true,
          Query: ['table', 'gsi2'],
          PutItem: ['APPLICATION', 'ASN'],
          UpdateItem: ['LINK', 'APPLICATION', 'PLACEMENT', 'ASN'],
          // The NIP's claim on the placement (under PLACEMENT#), freed when an application is rejected or expires.
          DeleteItem: ['PLACEMENT'],
          ConditionCheckItem: ['PLACEMENT'],
        },
        mail: true,
        workflow: 'respond',
        workflows: ['application'],
        mintsLinks: true,
      }),
      stateMachineName: stateMachineNames.application,
      timings: placementTimings,
      reportWindow: placementTimings.reportWindow,
      logRetention,
    });

    // The proposal's links, status and events; on approval the partnership and the partner's link.
    const reviewTask = fn('ProposalReviewTask', 'functions/proposals/review-task.ts', 'Tasks of the proposal review workflow', {
      runsTasks: true,
      table: { GetItem: true, Query: ['table'], PutItem: ['PROPOSAL', 'PARTNERSHIP', 'LINK'], UpdateItem: ['LINK', 'PROPOSAL'] },
      mail: true,
      workflow: 'respond',
      mintsLinks: true,
    });
    this.proposalReview = new ProposalReviewWorkflow(this, 'ProposalReview', {
      taskFunction: reviewTask,
      stateMachineName: stateMachineNames.proposal,
      roles: settings.approvalChain.map((level) => level.role),
      timings: timings(settings),
      logRetention,
    });

    this.researchProject = new ResearchProjectWorkflow(this, 'ResearchProject', {
      // The project's and its members' links, statuses and events; on approval the members' and the lead's page links.
      // DeleteItem: an event standing for a mail that could not be sent, released so a retry sends it.
      taskFunction: fn('ResearchTask', 'functions/research/project-task.ts', 'Tasks of the research project workflow', {
        runsTasks: true,
        table: { GetItem: true, Query: ['table'], PutItem: ['PROJECT', 'LINK'], UpdateItem: ['LINK', 'PROJECT'], DeleteItem: ['PROJECT'] },
        mail: true,
        workflow: 'respond',
        workflows: ['research'],
        // On approval, each milestone's cycle starts in an execution of its own.
        alsoStarts: ['milestone'],
        mintsLinks: true,
      }),
      stateMachineName: stateMachineNames.research,
      timings: timings(settings),
      revisionWindow: timings(settings).revisionWindow,
      logRetention,
    });

    this.researchMilestone = new ResearchMilestoneWorkflow(this, 'ResearchMilestone', {
      // The milestone's links, status and events; the reminders' and overdue events (once each, released if a mail fails);
      // on the final milestone's approval the project, and each member's JP credit and year (under ASN#).
      taskFunction: fn('MilestoneTask', 'functions/research/milestone-task.ts', "Tasks of a research milestone's cycle", {
        runsTasks: true,
        table: {
          GetItem: true,
          Query: ['table'],
          PutItem: ['PROJECT', 'LINK', 'ASN'],
          UpdateItem: ['LINK', 'PROJECT', 'ASN'],
          DeleteItem: ['PROJECT'],
          ConditionCheckItem: ['PROJECT'],
        },
        mail: true,
        workflow: 'respond',
        workflows: ['milestone'],
        // An execution near a year hands over to the next generation of itself.
        alsoStarts: ['milestone'],
        mintsLinks: true,
      }),
      stateMachineName: stateMachineNames.milestone,
      timings: timings(settings),
      logRetention,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base address of the pages and the JSON API' });
    new CfnOutput(this, 'ProposalReviewArn', { value: this.proposalReview.stateMachine.stateMachineArn });
    new CfnOutput(this, 'PlacementOfferArn', { value: this.placementOffer.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ApplicationArn', { value: this.application.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ResearchProjectArn', { value: this.researchProject.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ResearchMilestoneArn', { value: this.researchMilestone.stateMachine.stateMachineArn });
  }
}
