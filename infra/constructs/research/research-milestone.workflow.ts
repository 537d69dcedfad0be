import { type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Choice, Condition, JsonPath, Parallel, type StateMachine, Succeed } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { standardWorkflow } from '../kernel/standard-workflow.js';
import { type DecisionTimings, WorkflowKit } from '../kernel/workflow-kit.js';

export interface ResearchMilestoneWorkflowProps {
  /** The function that runs every task of the cycle (`functions/research/milestone-task.ts`). */
  taskFunction: IFunction;
  /** Fixed name, so functions can be granted on its ARN without a circular reference. */
  stateMachineName: string;
  timings: DecisionTimings;
  logRetention: RetentionDays;
}

/**
 * One milestone's cycle, an execution of its own per milestone. A loop: "Plan" does what is due
 * (opening, reminders, overdue, escalation: each once) and says when to wake; "Wait for the
 * lead" waits that long (its timeout read from the plan) or until the lead sends the milestone;
 * an extension the lead asks for is decided by the coordinator while the milestone's time goes on
 * beside the decision (a Parallel state), and the cycle plans on from the answer;
 * then the coordinator and the co-reviewer decide at once (a Parallel state of two human
 * decisions), the round is concluded, and a revision goes round the loop again; when the rounds
 * run out or stay open, the coordinator decides alone. Before a year is up the execution hands
 * over to the next generation, so a milestone years ahead still gets its whole cycle.
 */
export class ResearchMilestoneWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly failedAlarm: Alarm;
  readonly timedOutAlarm: Alarm;
  /** Logical id of the task function, as the rule packs name it in findings. */
  readonly taskFunctionLogicalId: string;

  constructor(scope: Construct, id: string, props: ResearchMilestoneWorkflowProps) {
    super(scope, id);
    const { taskFunction, timings } = props;
    this.taskFunctionLogicalId = Stack.of(this).getLogicalId(taskFunction.node.defaultChild as CfnElement);
    const subject = { projectId: JsonPath.stringAt('$.projectId'), milestone: JsonPath.numberAt('$.milestone') };
    const kit = new WorkflowKit(this, taskFunction, subject, { failed: 'Milestone failed' });
    const end = (name: string) => new Succeed(this, name, { stateName: name });
    const done = end('Done');

    const clock = { generation: JsonPath.numberAt('$.generation'), startedAt: JsonPath.executionStartTime };
    const planFirst = kit.run('Plan', { action: 'tick', ...clock, woke: 'start', cursor: JsonPath.stringAt('$.cursor') }, '$.tick');
    const carried = { cursor: JsonPath.stringAt('$.tick.cursor'), wakeAt: JsonPath.stringAt('$.tick.wakeAt') };
    const planAfterWait = kit.run('Plan after the wait', { action: 'tick', ...clock, woke: 'timeout', ...carried }, '$.tick');
    const planAfterNews = kit.run('Plan after news', { action: 'tick', ...clock, woke: 'news', ...carried }, '$.tick');
    for (const plan of [planFirst, planAfterWait, planAfterNews]) kit.catchAll(plan);

    // Waits until the planned instant (a timeout read from the plan) or the lead's submission.
    const waitForLead = kit.waitFor('Wait for the lead', { action: 'await', open: JsonPath.stringAt('$.tick.open') }, '$.tick.waitSeconds', '$.news');
    kit.catchAll(waitForLead, planAfterWait);
    waitForLead.next(planAfterNews);

    // The two reviewers at once; each branch closes nothing itself (a failure fails the Parallel, whose catch closes).
    const coReview = new Parallel(this, 'Co-review', { stateName: 'Co-review', resultPath: JsonPath.DISCARD });
    for (const [level, label] of [
      [1, 'Coordinator'],
      [2, 'Co-reviewer'],
    ] as const) {
      const branchKit = new WorkflowKit(this, taskFunction, subject, { failed: `${label} review failed`, close: false });
      const settle = branchKit.run(`${label}: settle the round`, { action: 'settle', level, decision: JsonPath.objectAt('$.decision') });
      branchKit.catchAll(settle);
      settle.next(end(`${label} decided`));
      coReview.branch(
        branchKit.humanDecision({
          label: `${label} reviews`,
          level,
          timings,
          next: { approve: settle, revise: settle, settled: end(`${label} settled by the other`) },
          expired: end(`${label} did not answer`),
        }),
      );
    }
    kit.catchAll(coReview);

    const concludeAlone = kit.run('Conclude alone', { action: 'concludeSole', decision: JsonPath.objectAt('$.decision') }, '$.round');
    kit.catchAll(concludeAlone);
    concludeAlone.next(done);
    const alone = kit.humanDecision({
      label: 'Coordinator decides alone',
      level: 3,
      timings,
      next: { approve: concludeAlone, reject: concludeAlone },
      expired: end('Undecided'),
    });

    const conclude = kit.run('Conclude the round', { action: 'conclude' }, '$.round');
    kit.catchAll(conclude);
    coReview.next(conclude);
    conclude.next(
      new Choice(this, 'After the round', { stateName: 'After the round' })
        .when(Condition.stringEquals('$.round.next', 'loop'), planAfterNews)
        .when(Condition.stringEquals('$.round.next', 'sole'), alone)
        .otherwise(done),
    );

    const handOver = kit.run('Hand over', { action: 'handover', generation: JsonPath.numberAt('$.generation'), cursor: JsonPath.stringAt('$.tick.cursor') });
    kit.catchAll(handOver);
    handOver.next(end('Handed over'));

    // The lead asked for a new due date: the coordinator decides it (a human step like any other)
    // while the milestone's time goes on beside it (reminders, overdue, escalation still come on
    // their instants); the decision wakes the time-keeping branch, and the plan follows the answer.
    // Its result is the time-keeping branch's clock, so the cycle plans on from where that branch got to.
    const extension = new Parallel(this, 'Extension asked', {
      stateName: 'Extension asked',
      resultSelector: { cursor: JsonPath.stringAt('$[1].tick.cursor'), wakeAt: JsonPath.stringAt('$[1].tick.wakeAt') },
      resultPath: '$.tick',
    });
    const decisionKit = new WorkflowKit(this, taskFunction, subject, { failed: 'Extension decision failed', close: false });
    const applyExtension = decisionKit.run('Apply the extension decision', { action: 'applyExtension', decision: JsonPath.objectAt('$.decision') });
    decisionKit.catchAll(applyExtension);
    applyExtension.next(end('Extension decided'));
    extension.branch(
      decisionKit.humanDecision({
        label: 'Coordinator decides extension',
        level: 4,
        timings,
        next: { approve: applyExtension, reject: applyExtension, moot: applyExtension },
        expired: applyExtension,
      }),
    );
    const timeKit = new WorkflowKit(this, taskFunction, subject, { failed: 'Keeping time failed', close: false });
    const beside = { ...clock, beside: 'extension' };
    const keepFirst = timeKit.run('Keep time', { action: 'tick', ...beside, woke: 'start', cursor: JsonPath.stringAt('$.tick.cursor') }, '$.tick');
    const keepAfterWait = timeKit.run('Keep time after the wait', { action: 'tick', ...beside, woke: 'timeout', ...carried }, '$.tick');
    const keepAfterNews = timeKit.run('Keep time after news', { action: 'tick', ...beside, woke: 'news', ...carried }, '$.tick');
    for (const keep of [keepFirst, keepAfterWait, keepAfterNews]) timeKit.catchAll(keep);
    const waitBeside = timeKit.waitFor('Wait beside the decision', { action: 'await', open: false, beside: 'extension' }, '$.tick.waitSeconds', '$.news');
    timeKit.catchAll(waitBeside, keepAfterWait);
    waitBeside.next(keepAfterNews);
    const keepNext = new Choice(this, 'Still waiting for the decision?', { stateName: 'Still waiting for the decision?' })
      .when(Condition.stringEquals('$.tick.do', 'wait'), waitBeside)
      .otherwise(end('Time kept'));
    for (const keep of [keepFirst, keepAfterWait, keepAfterNews]) keep.next(keepNext);
    extension.branch(keepFirst);
    kit.catchAll(extension);
    extension.next(planAfterNews);

    const next = new Choice(this, 'What next?', { stateName: 'What next?' })
      .when(Condition.stringEquals('$.tick.do', 'wait'), waitForLead)
      .when(Condition.stringEquals('$.tick.do', 'review'), coReview)
      .when(Condition.stringEquals('$.tick.do', 'extension'), extension)
      .when(Condition.stringEquals('$.tick.do', 'handover'), handOver)
      .otherwise(done);
    for (const plan of [planFirst, planAfterWait, planAfterNews]) plan.next(next);

    const workflow = standardWorkflow(this, {
      stateMachineName: props.stateMachineName,
      definition: planFirst,
      comment: "One research milestone's cycle: opening, reminders, overdue and its escalation, the lead's submission, and the co-review rounds",
      logRetention: props.logRetention,
      // It hands over after 330 days of waiting; a year bounds what follows (the review rounds, each a few days).
      timeout: Duration.days(365),
      alarmSubject: { execution: 'A research milestone execution', subject: 'its milestone' },
    });
    this.stateMachine = workflow.stateMachine;
    this.failedAlarm = workflow.failedAlarm;
    this.timedOutAlarm = workflow.timedOutAlarm;
  }
}
