import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

export interface JobDefinition {
  /** Stable name, used in logs and to find the job in tests. */
  name: string;
  /** node-cron expression (seconds optional), validated at registration. */
  schedule: string;
  /** IANA zone the schedule is read in, e.g. Europe/Paris: never the server's local time. */
  timezone: string;
  /** The body is a plain function: tests call it directly with a fixed clock. */
  run: () => Promise<void>;
}

/**
 * Owns every cron task of the process. Tasks are created stopped and started together once the
 * app is listening, so that a test building the app never fires a job behind its back.
 */
export class JobScheduler {
  private readonly jobs = new Map<string, { definition: JobDefinition; task: ScheduledTask }>();
  private running = false;

  /**
   * `slots` elects one instance per schedule slot when several share the database (see
   * `schedule-slots.ts`); without it every instance runs every slot.
   */
  constructor(
    private readonly log: Logger,
    private readonly slots?: RunCoordinator,
  ) {}

  add(definition: JobDefinition): void {
    if (this.jobs.has(definition.name)) throw new Error(`Job "${definition.name}" is registered twice`);
    const validation = cron.validateDetailed(definition.schedule);
    if (!validation.valid) {
      const reasons = validation.errors.map((error) => error.message).join('; ');
      throw new Error(
        `Job "${definition.name}" has an invalid schedule "${definition.schedule}": ${reasons}`,
      );
    }
    const jobLog = this.log.child({ job: definition.name });
    const task = cron.createTask(
      definition.schedule,
      (context) => this.runOnce(definition, jobLog.child({ slot: context.date.toISOString() })),
      {
        name: definition.name,
        timezone: definition.timezone,
        // A slow run (a digest to hundreds of channels) must not be started again on top of itself.
        noOverlap: true,
        ...(this.slots ? { distributed: true, runCoordinator: this.slots } : {}),
        // node-cron's own warnings (a missed slot, a coordinator that failed) go to our log, not the console.
        logger: {
          debug: (message) => jobLog.debug(String(message)),
          info: (message) => jobLog.info(message),
          warn: (message) => jobLog.warn(message),
          error: (message, err) => jobLog.error({ err: err ?? message }, String(message)),
        },
      },
    );
    task.on('execution:skipped', (context) => {
      const slot = context.date.toISOString();
      // Fail-closed: when the database cannot say who runs the slot, nobody does.
      if (context.reason === 'coordinator-error') jobLog.warn({ slot }, 'job slot skipped');
      else jobLog.debug({ slot }, 'job slot run by another instance');
    });
    this.jobs.set(definition.name, { definition, task });
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  /** Runs a job's body now, outside its schedule (used by "publish now" commands and tests). */
  async runNow(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No job "${name}"`);
    await job.definition.run();
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const { task } of this.jobs.values()) await task.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const { task } of this.jobs.values()) await task.destroy();
    this.jobs.clear();
  }

  private async runOnce(definition: JobDefinition, jobLog: Logger): Promise<void> {
    const startedAt = Date.now();
    jobLog.info('job started');
    try {
      await definition.run();
      jobLog.info({ durationMs: Date.now() - startedAt }, 'job finished');
    } catch (error) {
      jobLog.error({ err: error, durationMs: Date.now() - startedAt }, 'job failed');
    }
  }
}
