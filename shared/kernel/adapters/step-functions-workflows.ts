import { SendTaskSuccessCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Workflows } from '../ports.js';

/** Errors Step Functions answers when the wait a token belonged to is over. */
const endedWait = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** Starts the proposal workflow and completes its waiting steps through Step Functions. */
export class StepFunctionsWorkflows implements Workflows {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(name: string, input: Record<string, unknown>): Promise<{ executionArn: string }> {
    const out = await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }));
    return { executionArn: out.executionArn! };
  }

  async complete(taskToken: string, output: Record<string, unknown>): Promise<'delivered' | 'gone'> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return 'delivered';
    } catch (error) {
      if (endedWait.has((error as Error).name)) return 'gone';
      throw error;
    }
  }
}
