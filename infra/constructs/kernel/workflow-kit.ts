import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Fail,
  type IChainable,
  IntegrationPattern,
  JsonPath,
  type Map as MapState,
  type Parallel,
  type State,
  TaskInput,
  type TaskStateBase,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { ReviewTimings } from '../../settings.js';

/** How one human decision waits: reminder on the same link, then the backup, then an end. */
export type DecisionTimings = Pick<ReviewTimings, 'reminderAfter' | 'escalateAfter' | 'backupWindow'>;

/**
 * The building blocks of a workflow whose tasks all run in one task function (the event's
 * `action` says which): tasks with the project's Retry and Catch, callback tasks that wait for
 * a person with a timeout, and a last resort that closes the subject when a task keeps failing
 * (`closeAfterFailure`) before the execution fails. Every workflow of the project is built from
 * these, so every human step behaves the same way.
 */
export class WorkflowKit {
  /** The execution's end when even closing after a failure fails. */
  readonly failed: Fail;
  private readonly closeAfterFailure: IChainable;

  /**
   * @param subject the fields every task event carries to name its subject, e.g. `{ proposalId: JsonPath.stringAt('$.proposalId') }`
   * @param names the names of the failure states; a kit for the branches of a Map or Parallel
   *   state closes nothing itself (`close: false`): its failure fails the branch, and the
   *   enclosing state's catch closes the subject.
   */
  constructor(
    private readonly scope: Construct,
    private readonly taskFunction: IFunction,
    private readonly subject: Record<string, unknown>,
    names: { failed: string; close?: false },
  ) {
    this.failed = new Fail(scope, names.failed, { stateName: names.failed, comment: 'A task kept failing; see its error and cause' });
    if (names.close === false) {
      this.closeAfterFailure = this.failed;
      return;
    }
    const close = this.run('Close after failure', { action: 'closeAfterFailure' });
    close.addCatch(this.failed, { errors: ['States.ALL'], resultPath: '$.closeError' });
    close.next(this.failed);
    this.closeAfterFailure = close;
  }

  /** A task of the task function that returns at once; its result goes to `resultPath` (or nowhere). */
  run(name: string, payload: Record<string, unknown>, resultPath?: string): LambdaInvoke {
    return this.withRetry(
      new LambdaInvoke(this.scope, name, {
        stateName: name,
        lambdaFunction: this.taskFunction,
        payload: TaskInput.fromObject({ ...this.subject, ...payload }),
        payloadResponseOnly: true,
        resultPath: resultPath ?? JsonPath.DISCARD,
      }),
    );
  }

  /**
   * A task that hands out a task token and waits, at most `timeout`, for a person; a timeout
   * given as a path (`$.tick.waitSeconds`) is read from the state's input, for a wait whose
   * length a task worked out.
   */
  waitFor(name: string, payload: Record<string, unknown>, timeout: Duration | string, resultPath: string): LambdaInvoke {
    return this.withRetry(
      new LambdaInvoke(this.scope, name, {
        stateName: name,
        lambdaFunction: this.taskFunction,
        integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: TaskInput.fromObject({ ...this.subject, taskToken: JsonPath.taskToken, ...payload }),
        taskTimeout: typeof timeout === 'string' ? Timeout.at(timeout) : Timeout.duration(timeout),
        resultPath,
      }),
    );
  }

  /** A timeout goes to `timeoutNext` (when given); any other failure to the last resort. */
  catchAll(task: TaskStateBase | MapState | Parallel, timeoutNext?: IChainable): void {
    if (timeoutNext) task.addCatch(timeoutNext, { errors: ['States.Timeout'], resultPath: '$.timedOut' });
    task.addCatch(this.closeAfterFailure, { errors: ['States.ALL'], resultPath: '$.error' });
  }

  /**
   * One human decision through a link: ask (the link, by email), remind with the same link,
   * escalate to the backup with a new link, and when nobody decides, expire. The decision (or
   * a decision that came in just as the step expired) lands in `$.decision` and picks the next
   * state by its `action`. Returns the state that starts it.
   */
  humanDecision(args: {
    label: string;
    level: number;
    timings: DecisionTimings;
    /** Next state for each action a person can take. */
    next: Record<string, IChainable>;
    /** Where the workflow ends when nobody decided. */
    expired: IChainable;
  }): State {
    const { label, level, timings } = args;
    const ask = this.waitFor(
      `${label}: ask`,
      { action: 'request', level, expiresInSeconds: timings.escalateAfter.toSeconds() },
      timings.reminderAfter,
      '$.decision',
    );
    const remind = this.waitFor(`${label}: remind`, { action: 'remind', level }, timings.escalateAfter.minus(timings.reminderAfter), '$.decision');
    const escalate = this.waitFor(
      `${label}: escalate to backup`,
      { action: 'escalate', level, expiresInSeconds: timings.backupWindow.toSeconds() },
      timings.backupWindow,
      '$.decision',
    );
    const expire = this.run(`${label}: expire`, { action: 'expire', level }, '$.decision');
    const decided = new Choice(this.scope, `${label}: decision?`, { stateName: `${label}: decision?` });
    for (const [action, next] of Object.entries(args.next)) decided.when(Condition.stringEquals('$.decision.action', action), next);
    decided.otherwise(this.closeAfterFailure);
    const late = new Choice(this.scope, `${label}: expired?`, { stateName: `${label}: expired?` })
      .when(Condition.and(Condition.isPresent('$.decision.outcome'), Condition.stringEquals('$.decision.outcome', 'expired')), args.expired)
      .otherwise(decided);
    this.catchAll(ask, remind);
    this.catchAll(remind, escalate);
    this.catchAll(escalate, expire);
    this.catchAll(expire);
    ask.next(decided);
    remind.next(decided);
    escalate.next(decided);
    expire.next(late);
    return ask;
  }

  /**
   * Retries ride out a dependency that is busy for a while (2, 4, 8 … s, at most a minute
   * apart, about four minutes in all) before the last resort closes anything.
   */
  private withRetry<T extends TaskStateBase>(task: T): T {
    task.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 7, maxDelay: Duration.minutes(1) });
    return task;
  }
}
