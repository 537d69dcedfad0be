import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { InvalidToken, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailer } from '../../shared/kernel/adapters/ses-mailer.js';
import { StepFunctionsWorkflows } from '../../shared/kernel/adapters/step-functions-workflows.js';

const stateMachineArn = 'arn:aws:states:ap-southeast-3:123456789012:stateMachine:proposal-review';

describe('StepFunctionsWorkflows', () => {
  const sfn = mockClient(SFNClient);
  const workflows = new StepFunctionsWorkflows(new SFNClient({ region: 'ap-southeast-3' }), stateMachineArn);

  beforeEach(() => {
    sfn.reset();
  });

  describe('start', () => {
    it('starts an execution of the state machine under the given name, with JSON input', async () => {
      // Arrange
      const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:proposal-p-1`;
      sfn.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date() });

      // Act
      const started = await workflows.start('proposal-p-1', { proposalId: 'p-1' });

      // Assert
      expect(started).toEqual({ executionArn });
      const calls = sfn.commandCalls(StartExecutionCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.args[0].input).toEqual({ stateMachineArn, name: 'proposal-p-1', input: '{"proposalId":"p-1"}' });
    });

    it('lets a failure to start through', async () => {
      sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

      await expect(workflows.start('proposal-p-1', { proposalId: 'p-1' })).rejects.toMatchObject({ name: 'ThrottlingException' });
    });
  });

  describe('complete', () => {
    it('sends the output to the waiting task and answers "delivered"', async () => {
      sfn.on(SendTaskSuccessCommand).resolves({});

      const answer = await workflows.complete('task-token-1', { action: 'approve', comment: 'Setuju' });

      expect(answer).toBe('delivered');
      const calls = sfn.commandCalls(SendTaskSuccessCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.args[0].input).toEqual({ taskToken: 'task-token-1', output: '{"action":"approve","comment":"Setuju"}' });
    });

    it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])('answers "gone" when the wait is over (%s)', async (name) => {
      sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('x'), { name }));

      await expect(workflows.complete('task-token-1', { action: 'approve' })).resolves.toBe('gone');
    });

    it.each([
      ['TaskTimedOut', new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} })],
      ['TaskDoesNotExist', new TaskDoesNotExist({ message: 'Task does not exist', $metadata: {} })],
      ['InvalidToken', new InvalidToken({ message: 'Invalid token', $metadata: {} })],
    ])('answers "gone" for the SDK exception %s', async (_name, error) => {
      sfn.on(SendTaskSuccessCommand).rejects(error);

      await expect(workflows.complete('task-token-1', { action: 'reject' })).resolves.toBe('gone');
    });

    it('rethrows throttling, so the caller can retry', async () => {
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      sfn.on(SendTaskSuccessCommand).rejects(throttled);

      await expect(workflows.complete('task-token-1', { action: 'approve' })).rejects.toBe(throttled);
    });

    it('rethrows any other failure', async () => {
      sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('x'), { name: 'InvalidOutput' }));

      await expect(workflows.complete('task-token-1', { action: 'approve' })).rejects.toMatchObject({ name: 'InvalidOutput' });
    });
  });
});

describe('SesMailer', () => {
  const ses = mockClient(SESClient);
  const mailer = new SesMailer(new SESClient({ region: 'ap-southeast-3' }), 'noreply@sinergi.surakarta.go.id');

  beforeEach(() => {
    ses.reset();
  });

  it('sends from the configured sender to the recipient, with subject, HTML and text in UTF-8', async () => {
    // Arrange
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const mail = {
      to: 'rina@uns.example',
      subject: 'Usulan kerja sama diterima — “Pelatihan ASN”',
      html: '<p>Terima kasih, Bu Rina.</p>',
      text: 'Terima kasih, Bu Rina.',
    };

    // Act
    await mailer.send(mail);

    // Assert
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      Source: 'noreply@sinergi.surakarta.go.id',
      Destination: { ToAddresses: ['rina@uns.example'] },
      Message: {
        Subject: { Data: mail.subject, Charset: 'UTF-8' },
        Body: { Html: { Data: mail.html, Charset: 'UTF-8' }, Text: { Data: mail.text, Charset: 'UTF-8' } },
      },
    });
  });

  it('lets a sending failure through', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));

    await expect(mailer.send({ to: 'x@y.example', subject: 's', html: 'h', text: 't' })).rejects.toMatchObject({ name: 'MessageRejected' });
  });
});
