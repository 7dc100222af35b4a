import type { Activity, ResourceResponse } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';

/** The Bot Connector's answer to a failed call: `{ error: { code, message } }`. */
interface ConnectorErrorBody {
  error?: { code?: string; message?: string };
}

function parsedJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Replies, sends and card updates of incoming turns go to the Bot Connector as the activity's JSON
 * text, through the same client's HTTP pipeline (its credentials sign the request, its retry,
 * redirect and user-agent policies apply), rather than through the generated operations.
 * Those walk every field of the activity against the SDK's model descriptions to build the same
 * JSON: about half the CPU of posting a reply, a twentieth of a read turn's. What differs: fields
 * the models do not describe are sent rather than dropped (the Connector ignores them).
 * A failure still throws the pipeline's `RestError`, with the Connector's status and message.
 *
 * The request goes to the client's pipeline itself (the compat layer's `client`): the layer's public
 * `sendRequest` signs the request before handing it to that pipeline, which signs it again, and each
 * signature asks MSAL for the token. Should a botbuilder release move it, the client keeps its
 * generated operations.
 */
export function postActivitiesAsJson(client: ConnectorClient, serviceUrl: string): ConnectorClient {
  const pipeline = (client as unknown as { client?: { sendRequest?: unknown } }).client;
  if (typeof pipeline?.sendRequest !== 'function') return client;
  const send = pipeline.sendRequest.bind(pipeline) as (request: PipelineRequest) => Promise<PipelineResponse>;
  const base = serviceUrl.replace(/\/+$/, '');
  const { conversations } = client;

  async function post(method: 'POST' | 'PUT', path: string, activity: Partial<Activity>) {
    const request = createPipelineRequest({
      url: `${base}/v3/conversations/${path}`,
      method,
      body: JSON.stringify(activity),
      headers: createHttpHeaders({
        'Content-Type': 'application/json; charset=utf-8',
        Accept: 'application/json',
      }),
      allowInsecureConnection: base.toLowerCase().startsWith('http:'),
    });
    const response = await send(request);
    const body = parsedJson(response.bodyAsText);
    if (response.status < 200 || response.status > 299) {
      const error = (body as ConnectorErrorBody | undefined)?.error;
      throw new RestError(error?.message ?? `The Bot Connector answered ${response.status}`, {
        code: error?.code,
        statusCode: response.status,
        request,
      });
    }
    const id = (body as Partial<ResourceResponse> | undefined)?.id;
    return { id: typeof id === 'string' ? id : '' } as ResourceResponse;
  }

  const activityPath = (conversationId: string, activityId?: string) =>
    `${encodeURIComponent(conversationId)}/activities` +
    (activityId === undefined ? '' : `/${encodeURIComponent(activityId)}`);
  /**
   * botbuilder calls these with the ids and the activity only (`arity` arguments); any other use
   * (options, a callback) keeps the generated operation.
   */
  const unlessOptions =
    (generated: (...args: never[]) => unknown, arity: number, lean: (...args: never[]) => unknown) =>
    (...args: never[]) =>
      args.length > arity ? generated.apply(conversations, args) : lean(...args);
  Object.assign(conversations, {
    replyToActivity: unlessOptions(
      conversations.replyToActivity,
      3,
      (conversationId: string, activityId: string, activity: Partial<Activity>) =>
        post('POST', activityPath(conversationId, activityId), activity),
    ),
    sendToConversation: unlessOptions(
      conversations.sendToConversation,
      2,
      (conversationId: string, activity: Partial<Activity>) =>
        post('POST', activityPath(conversationId), activity),
    ),
    updateActivity: unlessOptions(
      conversations.updateActivity,
      3,
      (conversationId: string, activityId: string, activity: Partial<Activity>) =>
        post('PUT', activityPath(conversationId, activityId), activity),
    ),
  });
  return client;
}
