import http from 'node:http';
import net from 'node:net';
import { messageActivity } from '../support/activities';
import { cardOf, startTestBot, textsOf, type TestBot } from '../support/test-bot';

/**
 * The endpoint reads JSON bodies only, as sent, and refuses the rest before any turn: bytes that
 * are not UTF-8, another Content-Type, more than 1 MiB whether declared or streamed.
 */
describe('the bodies the endpoint reads', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ env: { SEED_DEMO_DATA: 'false' } });
  });
  afterAll(async () => bot.stop());
  beforeEach(() => bot.connector.reset());

  const post = async (body: Buffer | string, contentType: string) => {
    const response = await fetch(`${bot.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    return { status: response.status, answer: (await response.json().catch(() => undefined)) as unknown };
  };

  /** A request written by hand: a Content-Length that lies, or a body streamed in chunks. */
  const rawPost = (headers: Record<string, string | number>, write: (request: http.ClientRequest) => void) =>
    new Promise<number>((resolve, reject) => {
      const request = http.request(`${bot.baseUrl}/api/messages`, { method: 'POST', headers }, (response) => {
        response.resume();
        request.destroy();
        resolve(response.statusCode ?? 0);
      });
      // The server may close the connection while the body is still being written.
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      write(request);
    });

  it('reads an activity sent as application/json with a charset', async () => {
    const activity = JSON.stringify(messageActivity('aide', bot.options));

    const { status } = await post(activity, 'application/json; charset=utf-8');

    expect(status).toBe(200);
    expect(textsOf(cardOf(bot.connector.sentActivities()[0])).join(' ')).toMatch(/commandes/i);
  });

  it('refuses bytes that are not UTF-8 with 400 instead of repairing them, and runs no turn', async () => {
    const activity = JSON.stringify(messageActivity('aide', bot.options));
    const [before, after] = activity.split('aide');
    const body = Buffer.concat([Buffer.from(before), Buffer.from([0x61, 0xff, 0xfe]), Buffer.from(after)]);

    const { status, answer } = await post(body, 'application/json');

    expect(status).toBe(400);
    expect(answer).toEqual({ error: 'BadRequest', message: 'The body is not valid UTF-8.' });
    expect(bot.connector.sentActivities()).toEqual([]);
  });

  it('refuses a body of another Content-Type with 415', async () => {
    const activity = JSON.stringify(messageActivity('aide', bot.options));

    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      expect((await post(activity, contentType)).status).toBe(415);
    }
    expect(bot.connector.sentActivities()).toEqual([]);
  });

  it('refuses a declared length over 1 MiB with 413 before reading a byte of the body', async () => {
    // Only the head of the request is sent, never the 5 MB it announces: the answer cannot come from reading them.
    const { port } = new URL(bot.baseUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write(
          'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n',
        ),
      );
      let received = '';
      socket.on('data', (data) => (received += data.toString('latin1')));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });

    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('refuses a body streamed without a length as soon as it passes 1 MiB', async () => {
    const chunk = `"${'a'.repeat(64 * 1024)}",`;
    let written = 0;
    const status = await rawPost({ 'content-type': 'application/json' }, (request) => {
      request.write('[');
      // Far more than the cap, in chunks; the refusal comes while it is still being written.
      const writeMore = () => {
        while (written < 40 && request.write(chunk)) written += 1;
        if (written < 40 && !request.destroyed) request.once('drain', writeMore);
      };
      writeMore();
    });

    expect(status).toBe(413);
    expect(written).toBeLessThan(40);
  });

  it('keeps serving after each refusal', async () => {
    const activity = JSON.stringify(messageActivity('aide', bot.options));
    expect((await post(activity, 'application/json')).status).toBe(200);
  });
});
