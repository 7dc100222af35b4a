/** Builders of the activities Teams posts to the bot, with fixed fictional ids. */

export interface ActivityOptions {
  serviceUrl: string;
  from?: { id: string; name?: string; aadObjectId?: string };
  conversation?: { id: string; conversationType?: 'personal' | 'groupChat' | 'channel'; tenantId?: string };
  locale?: string;
  channelData?: Record<string, unknown>;
}

export const botAccount = { id: '28:ix-bot', name: 'iX' };
export const tenantId = 'tenant-orleans';

let sequence = 0;

function base(type: string, options: ActivityOptions): Record<string, unknown> {
  sequence += 1;
  const from = options.from ?? { id: '29:camille', name: 'Camille Martin', aadObjectId: 'aad-camille' };
  return {
    type,
    id: `incoming-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    from,
    recipient: botAccount,
    conversation: options.conversation ?? {
      id: `a:personal-${from.id}`,
      conversationType: 'personal',
      tenantId,
    },
    locale: options.locale ?? 'fr-FR',
    channelData: options.channelData ?? { tenant: { id: tenantId } },
  };
}

export function messageActivity(text: string, options: ActivityOptions): Record<string, unknown> {
  return { ...base('message', options), text };
}

export function executeActivity(verb: string, data: Record<string, unknown>, options: ActivityOptions) {
  return {
    ...base('invoke', options),
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

export function submitActivity(
  data: Record<string, unknown>,
  options: ActivityOptions & { replyToId?: string },
) {
  return { ...base('message', options), value: data, replyToId: options.replyToId };
}

export function membersAddedActivity(
  members: Array<{ id: string; name?: string; aadObjectId?: string }>,
  options: ActivityOptions,
): Record<string, unknown> {
  return { ...base('conversationUpdate', options), membersAdded: members };
}
