import { ArnFormat, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, type HttpRoute, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
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
import { type Settings, timings } from './settings.js';

export interface StatelessStackProps extends StackProps {
  settings: Settings;
  /** The table the stateful stack made. */
  tableName: string;
  senderIdentity: IEmailIdentity;
  linkSecret: ISecret;
  cursorSecret: ISecret;
  /** Whose tokens the coordinators' routes accept: the user pool (the issuer) and its app client (the audience). */
  coordinatorPool: IUserPool;
  coordinatorClient: IUserPoolClient;
}

/** What a function may do besides reading its configuration. */
interface Access {
  /**
   * `read`: GET pages and the JSON reads (so a GET cannot change anything); `write`: conditional
   * puts and updates; `write+delete`: also deletes. Without it the function may not touch the
   * table and gets none of the shared configuration either (the health check needs neither).
   */
  table?: 'read' | 'write' | 'write+delete';
  mail?: boolean;
  /** Starts executions of, or completes waiting steps of, the workflows in `workflows`. */
  workflow?: 'start' | 'respond';
  /** Which workflows `workflow` applies to (the proposal review when not said). */
  workflows?: WorkflowName[];
  /** Reads the link secret (to mint tracking, decision or edit links, or sign cursors). */
  mintsLinks?: boolean;
  /** Reads the key that signs list cursors. */
  signsCursors?: boolean;
}

/**
 * Who may call a route: anyone (forms, and links whose path carries their own unguessable
 * token), or coordinators presenting a bearer token from their user pool.
 */
type Caller = 'anyone' | 'coordinator';

type WorkflowName = 'proposal' | 'offer' | 'application';

/** The code: functions, the HTTP API, and the workflows. Replaceable at will. */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly table: ITableV2;
  readonly proposalReview: ProposalReviewWorkflow;
  readonly placementOffer: PlacementOfferWorkflow;
  readonly application: ApplicationWorkflow;
  /** Routes without an authorizer, by design (see Caller). */
  readonly publicRoutes: HttpRoute[] = [];
  /** Routes behind the coordinators' JWT authorizer. */
  readonly coordinatorRoutes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, senderIdentity, linkSecret, cursorSecret } = props;
    // Imported by name, with its indexes, so grants cover the list queries on them too.
    this.table = TableV2.fromTableAttributes(this, 'Table', { tableName: props.tableName, grantIndexPermissions: true });
    const table = this.table;
    const logRetention = settings.logRetentionDays as RetentionDays;

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `sinergi-${settings.stage}`,
      description: 'Sinergi: forms, pages, decision links and the JSON API',
      createDefaultStage: false,
    });
    new HttpStage(this, 'DefaultStage', {
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

    const stateMachineNames: Record<WorkflowName, string> = {
      proposal: `sinergi-${settings.stage}-proposal-review`,
      offer: `sinergi-${settings.stage}-placement-offer`,
      application: `sinergi-${settings.stage}-application`,
    };
    const workflowArn = (name: WorkflowName) =>
      this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineNames[name], arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const proposalWorkflowArn = workflowArn('proposal');

    const environment: Record<string, string> = {
      TABLE_NAME: table.tableName,
      PROPOSAL_WORKFLOW_ARN: proposalWorkflowArn,
      OFFER_WORKFLOW_ARN: workflowArn('offer'),
      APPLICATION_WORKFLOW_ARN: workflowArn('application'),
      PUBLIC_BASE_URL: settings.publicBaseUrl ?? this.api.apiEndpoint,
      SENDER_EMAIL: settings.senderEmail,
      APPROVAL_CHAIN: JSON.stringify(settings.approvalChain),
      MAX_REVIEW_ROUNDS: String(settings.maxReviewRounds),
      ...(settings.workUnits ? { WORK_UNITS: JSON.stringify(settings.workUnits) } : {}),
      ...(settings.officialEmailDomains ? { OFFICIAL_EMAIL_DOMAINS: JSON.stringify(settings.officialEmailDomains) } : {}),
    };

    /** Makes a function and grants exactly what `access` says, setting each variable with its grant. */
    const fn = (id: string, entry: string, description: string, access: Access): SinergiFunction => {
      const f = new SinergiFunction(this, id, {
        entry,
        description,
        // Only a function that mints links learns where the secret is, and may read it.
        environment: {
          ...(access.table ? environment : {}),
          ...(access.mintsLinks ? { LINK_SECRET_ARN: linkSecret.secretArn } : {}),
          ...(access.signsCursors ? { CURSOR_SECRET_ARN: cursorSecret.secretArn } : {}),
        },
        logRetention,
      });
      if (access.mintsLinks) linkSecret.grantRead(f);
      if (access.signsCursors) cursorSecret.grantRead(f);
      if (access.table) table.grantReadData(f);
      // Writes are conditional puts and updates, alone or in transactions; only the submit
      // functions delete (to undo a submission whose workflow could not start).
      if (access.table === 'write' || access.table === 'write+delete')
        table.grant(
          f,
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:ConditionCheckItem',
          ...(access.table === 'write+delete' ? ['dynamodb:DeleteItem'] : []),
        );
      if (access.mail) senderIdentity.grantSendEmail(f);
      const arns = (access.workflows ?? ['proposal']).map(workflowArn);
      if (access.workflow === 'start') f.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: arns }));
      if (access.workflow === 'respond') f.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: arns }));
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
    route('/health', [HttpMethod.GET, HttpMethod.HEAD], fn('Health', 'functions/api/health.ts', 'Health check', {}), 'Health');

    route(
      '/proposals/new',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('ProposalFormPage', 'functions/proposals/form-page.ts', 'Proposal form', { table: 'read' }),
      'ProposalFormPage',
    );
    route(
      '/proposals',
      [HttpMethod.POST],
      fn('ProposalFormSubmit', 'functions/proposals/form-submit.ts', 'Proposal form submission', {
        table: 'write+delete',
        workflow: 'start',
        mintsLinks: true,
      }),
      'ProposalFormSubmit',
    );
    route(
      '/api/proposals',
      [HttpMethod.POST],
      fn('ProposalApiSubmit', 'functions/proposals/api-submit.ts', 'Proposal submission (JSON)', {
        table: 'write+delete',
        workflow: 'start',
        mintsLinks: true,
      }),
      'ProposalApiSubmit',
    );
    route(
      '/track/{token}',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('TrackPage', 'functions/links/track-page.ts', 'Tracking page', { table: 'read' }),
      'TrackPage',
    );
    route('/api/track/{token}', [HttpMethod.GET], fn('TrackApi', 'functions/links/track-api.ts', 'Tracking (JSON)', { table: 'read' }), 'TrackApi');
    const decisionPage = fn('DecisionPage', 'functions/links/decide-page.ts', 'Decision and report pages (change nothing)', { table: 'read' });
    const decisionSubmit = fn('DecisionSubmit', 'functions/links/decide-submit.ts', 'Decision or report: consumes the link once and resumes the workflow', {
      table: 'write',
      workflow: 'respond',
      workflows: ['proposal', 'offer', 'application'],
    });
    route('/decide/{token}', [HttpMethod.GET, HttpMethod.HEAD], decisionPage, 'DecisionPage');
    route('/decide/{token}', [HttpMethod.POST], decisionSubmit, 'DecisionSubmit');
    route('/reports/{token}', [HttpMethod.GET, HttpMethod.HEAD], decisionPage, 'ReportPage');
    route('/reports/{token}', [HttpMethod.POST], decisionSubmit, 'ReportSubmit');
    route(
      '/proposals/edit/{token}',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('RevisionPage', 'functions/proposals/revision-page.ts', 'Revision form', { table: 'read' }),
      'RevisionPage',
    );
    route(
      '/proposals/edit/{token}',
      [HttpMethod.POST],
      fn('RevisionSubmit', 'functions/proposals/revision-submit.ts', 'Revision resubmission', { table: 'write', workflow: 'respond', mintsLinks: true }),
      'RevisionSubmit',
    );

    // The coordinators' API: read-only lists behind the JWT authorizer; the function also checks the group.
    route(
      '/api/proposals',
      [HttpMethod.GET],
      fn('CoordinatorListProposals', 'functions/proposals/coordinator-list.ts', "Coordinators' list of proposals by status (JSON)", {
        table: 'read',
        signsCursors: true,
      }),
      'CoordinatorListProposals',
      'coordinator',
    );

    // Internship placements: partners offer them, ASNs apply for them.
    const offerSubmit: Access = { table: 'write+delete', workflow: 'start', workflows: ['offer'] };
    route(
      '/partners/{token}',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('PartnerPage', 'functions/placements/partner-page.ts', "A partner's placements and offer form", { table: 'read' }),
      'PartnerPage',
    );
    route(
      '/partners/{token}/placements',
      [HttpMethod.POST],
      fn('OfferFormSubmit', 'functions/placements/offer-submit.ts', 'Placement offer (form)', offerSubmit),
      'OfferFormSubmit',
    );
    route(
      '/api/partners/{token}/placements',
      [HttpMethod.POST],
      fn('OfferApiSubmit', 'functions/placements/offer-api.ts', 'Placement offer (JSON)', offerSubmit),
      'OfferApiSubmit',
    );
    route(
      '/placements',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('CataloguePage', 'functions/placements/catalogue-page.ts', 'Open placements', { table: 'read' }),
      'CataloguePage',
    );
    route(
      '/api/placements',
      [HttpMethod.GET],
      fn('CatalogueApi', 'functions/placements/catalogue-api.ts', 'Open placements (JSON)', { table: 'read' }),
      'CatalogueApi',
    );
    route(
      '/placements/{id}/apply',
      [HttpMethod.GET, HttpMethod.HEAD],
      fn('ApplyPage', 'functions/placements/apply-page.ts', 'Application form', { table: 'read' }),
      'ApplyPage',
    );
    const applySubmit: Access = { table: 'write+delete', workflow: 'start', workflows: ['application'], mintsLinks: true };
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
      fn('Withdraw', 'functions/placements/withdraw.ts', "An ASN's withdrawal: frees or hands on the seat", {
        table: 'write',
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
        table: 'read',
        signsCursors: true,
      }),
      'CoordinatorListApplications',
      'coordinator',
    );
    route(
      '/api/reports/jp',
      [HttpMethod.GET],
      fn('CoordinatorJpReport', 'functions/placements/coordinator-jp-report.ts', "Coordinators' yearly JP report (JSON or CSV)", { table: 'read' }),
      'CoordinatorJpReport',
      'coordinator',
    );

    // The description of the JSON routes reads only its configuration; read-only is the least `fn` grants.
    route(
      '/api/openapi.json',
      [HttpMethod.GET],
      fn('OpenApiDocument', 'functions/api/openapi.ts', 'OpenAPI description of the JSON routes', { table: 'read' }),
      'OpenApiDocument',
    );

    const placementTimings = timings(settings);
    this.placementOffer = new PlacementOfferWorkflow(this, 'PlacementOffer', {
      taskFunction: fn('OfferTask', 'functions/placements/offer-task.ts', 'Tasks of the placement offer review', {
        table: 'write',
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
      taskFunction: fn('ApplicationTask', 'functions/placements/application-task.ts', 'Tasks of the application workflow', {
        table: 'write',
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

    const reviewTask = fn('ProposalReviewTask', 'functions/proposals/review-task.ts', 'Tasks of the proposal review workflow', {
      table: 'write',
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

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base address of the pages and the JSON API' });
    new CfnOutput(this, 'ProposalReviewArn', { value: this.proposalReview.stateMachine.stateMachineArn });
    new CfnOutput(this, 'PlacementOfferArn', { value: this.placementOffer.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ApplicationArn', { value: this.application.stateMachine.stateMachineArn });
  }
}
