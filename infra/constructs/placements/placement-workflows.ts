import { type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Choice, Condition, JsonPath, type StateMachine, Succeed, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ReviewTimings } from '../../settings.js';
import { standardWorkflow } from '../kernel/standard-workflow.js';
import { type DecisionTimings, WorkflowKit } from '../kernel/workflow-kit.js';

interface PlacementWorkflowProps {
  /** The function that runs every task of the workflow. */
  taskFunction: IFunction;
  /** Fixed name, so functions can be granted on its ARN without a circular reference. */
  stateMachineName: string;
  timings: DecisionTimings;
  logRetention: RetentionDays;
}

/** What every workflow construct of the project exposes. */
abstract class HumanWorkflow extends Construct {
  abstract readonly stateMachine: StateMachine;
  /** Goes off when an execution fails; attach the operators' notification to it. */
  abstract readonly failedAlarm: Alarm;
  /** Goes off when an execution times out; attach the operators' notification to it. */
  abstract readonly timedOutAlarm: Alarm;
  /** Logical id of the task function, as the rule packs name it in findings. */
  readonly taskFunctionLogicalId: string;

  constructor(scope: Construct, id: string, taskFunction: IFunction) {
    super(scope, id);
    this.taskFunctionLogicalId = Stack.of(this).getLogicalId(taskFunction.node.defaultChild as CfnElement);
  }
}

/**
 * A partner's placement offer: the BKPSDM coordinator decides through a decision link (with
 * the same reminder, escalation to the backup and expiry as every human step); approval
 * publishes the placement; the partner is told either way.
 */
export class PlacementOfferWorkflow extends HumanWorkflow {
  readonly stateMachine: StateMachine;
  readonly failedAlarm: Alarm;
  readonly timedOutAlarm: Alarm;

  constructor(scope: Construct, id: string, props: PlacementWorkflowProps) {
    super(scope, id, props.taskFunction);
    const kit = new WorkflowKit(this, props.taskFunction, { placementId: JsonPath.stringAt('$.placementId') }, { failed: 'Offer review failed' });
    const publish = kit.run('Publish and tell partner', { action: 'publish', decision: JsonPath.objectAt('$.decision') });
    const refuse = kit.run('Tell partner of refusal', { action: 'refuse', decision: JsonPath.objectAt('$.decision') });
    kit.catchAll(publish);
    kit.catchAll(refuse);
    publish.next(new Succeed(this, 'Published', { stateName: 'Published' }));
    refuse.next(new Succeed(this, 'Refused', { stateName: 'Refused' }));
    const review = kit.humanDecision({
      label: 'Coordinator',
      level: 1,
      timings: props.timings,
      next: { approve: publish, reject: refuse },
      expired: new Succeed(this, 'Expired', { stateName: 'Expired' }),
    });
    const workflow = standardWorkflow(this, {
      stateMachineName: props.stateMachineName,
      definition: review,
      comment: "A partner's placement offer: the coordinator approves it before it is published",
      logRetention: props.logRetention,
      timeout: Duration.days(90),
      alarmSubject: { execution: 'A placement offer review execution', subject: 'its offer' },
    });
    this.stateMachine = workflow.stateMachine;
    this.failedAlarm = workflow.failedAlarm;
    this.timedOutAlarm = workflow.timedOutAlarm;
  }
}

export interface ApplicationWorkflowProps extends PlacementWorkflowProps {
  /** How long the ASN has to send the completion report after the internship ends. */
  reportWindow: ReviewTimings['revisionWindow'];
}

/**
 * An ASN's application: the supervisor, the coordinator and the host decide in turn (each a
 * human step with reminder, escalation and expiry); a seat is reserved or the application
 * waitlisted; the workflow waits for the start and the end; the ASN reports; the host
 * confirms the hours; the JP are credited. A rejection or a withdrawal ends it at any step.
 */
export class ApplicationWorkflow extends HumanWorkflow {
  readonly stateMachine: StateMachine;
  readonly failedAlarm: Alarm;
  readonly timedOutAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ApplicationWorkflowProps) {
    super(scope, id, props.taskFunction);
    const { timings } = props;
    const kit = new WorkflowKit(this, props.taskFunction, { applicationId: JsonPath.stringAt('$.applicationId') }, { failed: 'Application failed' });
    const end = (name: string) => new Succeed(this, name, { stateName: name });
    const rejected = end('Rejected');
    const withdrawn = end('Withdrawn');
    const expired = end('Expired');
    const rejectAt = (level: number, who: string) => {
      const task = kit.run(`Tell applicant of rejection (${who})`, { action: 'reject', level, decision: JsonPath.objectAt('$.decision') });
      kit.catchAll(task);
      return task.next(rejected);
    };

    const credit = kit.run('Credit JP', { action: 'credit', decision: JsonPath.objectAt('$.decision') });
    kit.catchAll(credit);
    credit.next(end('Completed'));
    const completion = kit.humanDecision({ label: 'Host confirms hours', level: 4, timings, next: { approve: credit, reject: rejectAt(4, 'hours') }, expired });

    // The ASN is reminded, on the same link, reminderAfter before the window closes (when the window is longer than that).
    const window = props.reportWindow;
    const remindBefore = timings.reminderAfter.toSeconds() < window.toSeconds() ? timings.reminderAfter : undefined;
    const askReport = kit.waitFor(
      'Ask for the report',
      { action: 'requestReport', expiresInSeconds: window.toSeconds() },
      remindBefore ? window.minus(remindBefore) : window,
      '$.report',
    );
    const closeUnreported = kit.run('Close unreported application', { action: 'expireReport' }, '$.report');
    kit.catchAll(closeUnreported);
    askReport.next(completion);
    if (remindBefore) {
      const remindReport = kit.waitFor('Remind about the report', { action: 'remindReport' }, remindBefore, '$.report');
      kit.catchAll(askReport, remindReport);
      kit.catchAll(remindReport, closeUnreported);
      remindReport.next(completion);
    } else kit.catchAll(askReport, closeUnreported);
    closeUnreported.next(
      new Choice(this, 'Reported in time?', { stateName: 'Reported in time?' })
        // An expiry answers `{ outcome: "expired" }`, with no action: a missing path must not fail the comparison.
        .when(Condition.and(Condition.isPresent('$.report.action'), Condition.stringEquals('$.report.action', 'report')), completion)
        .otherwise(expired),
    );

    const waitForEnd = new Wait(this, 'Wait until the end', { stateName: 'Wait until the end', time: WaitTime.timestampPath('$.seat.endAt') });
    waitForEnd.next(askReport);
    const begin = kit.run('Begin internship', { action: 'begin' }, '$.begin');
    kit.catchAll(begin);
    begin.next(
      new Choice(this, 'Started?', { stateName: 'Started?' })
        .when(Condition.stringEquals('$.begin.status', 'IN_PROGRESS'), waitForEnd)
        .otherwise(end('Not started')),
    );
    const waitForStart = new Wait(this, 'Wait until the start', { stateName: 'Wait until the start', time: WaitTime.timestampPath('$.seat.startAt') });
    waitForStart.next(begin);
    const reserve = kit.run('Reserve a seat', { action: 'reserve' }, '$.seat');
    kit.catchAll(reserve);
    reserve.next(
      new Choice(this, 'Seat?', { stateName: 'Seat?' })
        .when(Condition.or(Condition.stringEquals('$.seat.status', 'CONFIRMED'), Condition.stringEquals('$.seat.status', 'WAITLISTED')), waitForStart)
        .otherwise(end('No seat')),
    );

    const host = kit.humanDecision({ label: 'Host', level: 3, timings, next: { approve: reserve, reject: rejectAt(3, 'host'), withdrawn }, expired });
    const coordinator = kit.humanDecision({
      label: 'Coordinator',
      level: 2,
      timings,
      next: { approve: host, reject: rejectAt(2, 'coordinator'), withdrawn },
      expired,
    });
    const supervisor = kit.humanDecision({
      label: 'Supervisor',
      level: 1,
      timings,
      next: { approve: coordinator, reject: rejectAt(1, 'supervisor'), withdrawn },
      expired,
    });
    const receipt = kit.run('Send receipt', { action: 'receipt' });
    kit.catchAll(receipt);
    receipt.next(supervisor);

    const workflow = standardWorkflow(this, {
      stateMachineName: props.stateMachineName,
      definition: receipt,
      comment: "An ASN's internship application: supervisor, coordinator and host decide; a seat is reserved; the hours are confirmed and credited",
      logRetention: props.logRetention,
      // A placement ends within 300 days of its offer (see MAX_DAYS_AHEAD); with the report and the
      // confirmation its applications end well within the year a Standard execution may last.
      timeout: Duration.days(365),
      alarmSubject: { execution: 'An application execution', subject: 'its application' },
    });
    this.stateMachine = workflow.stateMachine;
    this.failedAlarm = workflow.failedAlarm;
    this.timedOutAlarm = workflow.timedOutAlarm;
  }
}
