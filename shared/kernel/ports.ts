/** An email ready to send: both an HTML and a plain-text body, already in the reader's language. */
export interface Mail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Outbound email. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** The workflow engine, as the domain sees it. */
export interface Workflows {
  /** Starts a workflow run under a unique name (idempotent for the same name and input). */
  start(name: string, input: Record<string, unknown>): Promise<{ executionArn: string }>;
  /**
   * Hands a result to the step waiting on `taskToken`. Answers `gone` when that wait has
   * already ended (timed out or closed): the next step of the workflow then finds the
   * recorded outcome itself.
   */
  complete(taskToken: string, output: Record<string, unknown>): Promise<'delivered' | 'gone'>;
}
