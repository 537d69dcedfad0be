import { type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Choice, Condition, type IChainable, JsonPath, type State, type StateMachine, Succeed } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ReviewTimings } from '../../settings.js';
import { standardWorkflow } from '../kernel/standard-workflow.js';
import { WorkflowKit } from '../kernel/workflow-kit.js';

export interface ProposalReviewWorkflowProps {
  /** The function that runs every task of the review (`functions/proposals/review-task.ts`). */
  taskFunction: IFunction;
  /** Fixed name, so functions can be granted on its ARN without a circular reference. */
  stateMachineName: string;
  /** The roles of the approval chain, in order (for readable state names). */
  roles: string[];
  timings: ReviewTimings;
  logRetention: RetentionDays;
}

/**
 * The partnership proposal review: a receipt, then for each level of the chain a human
 * decision (a callback task that waits for the decision link with a timeout), a reminder on
 * the same link, an escalation to the backup approver, and a clear EXPIRED end. A revision
 * request waits for the proposer's resubmission and then restarts the chain at level 1.
 */
export class ProposalReviewWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  /** Goes off when a review execution fails (a task kept failing); attach the operators' notification to it. */
  readonly failedAlarm: Alarm;
  /** Goes off when a review execution reaches the state machine's overall timeout; attach the operators' notification to it. */
  readonly timedOutAlarm: Alarm;
  /** Logical id of the task function, as the rule packs name it in findings. */
  readonly taskFunctionLogicalId: string;

  constructor(scope: Construct, id: string, props: ProposalReviewWorkflowProps) {
    super(scope, id);
    const { taskFunction, timings, roles } = props;
    this.taskFunctionLogicalId = Stack.of(this).getLogicalId(taskFunction.node.defaultChild as CfnElement);
    const kit = new WorkflowKit(this, taskFunction, { proposalId: JsonPath.stringAt('$.proposalId') }, { failed: 'Review failed' });

    const approved = new Succeed(this, 'Approved', { stateName: 'Approved' });
    const rejected = new Succeed(this, 'Rejected', { stateName: 'Rejected' });
    const expired = new Succeed(this, 'Expired', { stateName: 'Expired' });

    const approve = kit.run('Create partnership and notify', { action: 'approve', decision: JsonPath.objectAt('$.decision') });
    kit.catchAll(approve);
    approve.next(approved);
    const reject = kit.run('Tell proposer of rejection', { action: 'reject', decision: JsonPath.objectAt('$.decision') });
    kit.catchAll(reject);
    reject.next(rejected);

    const revisionWindow = timings.revisionWindow;
    const askRevision = kit.waitFor(
      'Wait for revision',
      { action: 'requestRevision', decision: JsonPath.objectAt('$.decision'), expiresInSeconds: revisionWindow.toSeconds() },
      revisionWindow,
      '$.revision',
    );
    const expireRevision = kit.run('Close unrevised proposal', { action: 'expireRevision' }, '$.revision');
    kit.catchAll(askRevision, expireRevision);
    kit.catchAll(expireRevision);

    // Build the levels from the last to the first, so each knows what follows approval.
    let afterApproval: IChainable = approve;
    let firstLevel: State | undefined;
    for (let level = roles.length; level >= 1; level--) {
      firstLevel = kit.humanDecision({
        label: `Level ${level} (${roles[level - 1]})`,
        level,
        timings,
        next: { approve: afterApproval, reject, revise: askRevision },
        expired,
      });
      afterApproval = firstLevel;
    }
    if (!firstLevel) throw new Error('The approval chain needs at least one level');

    askRevision.next(firstLevel);
    expireRevision.next(
      new Choice(this, 'Resubmitted in time?', { stateName: 'Resubmitted in time?' })
        .when(Condition.stringEquals('$.revision.outcome', 'resubmitted'), firstLevel)
        .otherwise(expired),
    );

    const receipt = kit.run('Send receipt', { action: 'receipt' });
    kit.catchAll(receipt);
    receipt.next(firstLevel);

    const workflow = standardWorkflow(this, {
      stateMachineName: props.stateMachineName,
      definition: receipt,
      comment: 'Partnership proposal review: approval chain with reminders, escalation and revision rounds',
      logRetention: props.logRetention,
      // A proposal can go round the chain several times, each step waiting days; a year bounds it.
      timeout: Duration.days(365),
      alarmSubject: { execution: 'A proposal review execution', subject: 'its proposal' },
    });
    this.stateMachine = workflow.stateMachine;
    this.failedAlarm = workflow.failedAlarm;
    this.timedOutAlarm = workflow.timedOutAlarm;
  }
}
