import { randomBytes } from 'node:crypto';
import { toAppError } from '../errors';
import type { BotEventName, Router } from './router';
import type { Turn } from './turn';
import { runInTurnScope } from './turn-scope';

/** What arrived, already translated from Teams' activity shapes by the platform layer. */
export type Incoming =
  | { kind: 'message'; text: string }
  /** A command chosen by its route name, never parsed from text (the tab's views). */
  | { kind: 'command'; name: string; args: string }
  | { kind: 'cardAction'; verb: string; data: unknown }
  | { kind: 'event'; name: BotEventName; data: unknown };

export interface DispatchOutcome {
  /** Set when the turn failed: the text the person must read, in their language. */
  errorText?: string;
}

/**
 * Routes one incoming turn and is the single error boundary of the bot: whatever a handler
 * throws is logged once with its context and answered kindly, and the process goes on.
 */
export async function dispatch(
  router: Router,
  incoming: Incoming,
  turn: Turn<unknown>,
): Promise<DispatchOutcome> {
  try {
    const traceless = incoming.kind === 'cardAction' && router.isTraceless(incoming.verb);
    // One scope per turn: what the middlewares load (the person, cache versions) is read once.
    await runInTurnScope(async () => {
      await router.runMiddlewares(traceless ? { ...turn, traceless } : turn);
      await route(router, incoming, turn);
    });
    return {};
  } catch (thrown) {
    const reference = randomBytes(4).toString('hex');
    const error = toAppError(thrown, reference);
    const context = { code: error.code, reference, incoming: describe(incoming), err: error.cause ?? error };
    turn.log[error.level](context, 'turn failed');
    const errorText = error.describe(turn.t);
    // Card actions answer inside the invoke response; other turns answer with a message.
    if (incoming.kind !== 'cardAction') await sendSafely(turn, errorText);
    return { errorText };
  }
}

async function route(router: Router, incoming: Incoming, turn: Turn<unknown>): Promise<void> {
  switch (incoming.kind) {
    case 'message': {
      const command = router.resolveCommand(incoming.text);
      if (command) {
        await router.runCommand(command.name, { ...turn, text: command.args, data: undefined });
      } else if (incoming.text.trim() === '') {
        await turn.sendText('common.emptyMessage');
      } else {
        await turn.sendText('common.unknownCommand', { text: incoming.text.slice(0, 80) });
      }
      return;
    }
    case 'command':
      await router.runCommand(incoming.name, { ...turn, text: incoming.args, data: undefined });
      return;
    case 'cardAction':
      await router.runCardAction(incoming.verb, { ...turn, data: incoming.data });
      return;
    case 'event':
      await router.emit(incoming.name, { ...turn, data: incoming.data });
      return;
  }
}

function describe(incoming: Incoming): Record<string, unknown> {
  switch (incoming.kind) {
    case 'message':
      return { kind: 'message', length: incoming.text.length };
    case 'command':
      return { kind: 'command', name: incoming.name };
    case 'cardAction':
      return { kind: 'cardAction', verb: incoming.verb };
    case 'event':
      return { kind: 'event', name: incoming.name };
  }
}

async function sendSafely(turn: Turn<unknown>, text: string): Promise<void> {
  try {
    await turn.send({ text });
  } catch (sendError) {
    // The error answer itself failed (conversation gone, connector down): log, never throw twice.
    turn.log.error({ err: sendError }, 'could not send the error message');
  }
}
