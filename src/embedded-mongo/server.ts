import type { Document } from 'bson';
import net from 'node:net';
import { runCommand, type ConnectionInfo } from './commands';
import type { Engine } from './engine';
import { CommandError, ErrorCode } from './errors';
import { serverLimits } from './commands/handshake';
import type { EngineLogger } from './logger';
import {
  announcedLength,
  decodeRequest,
  encodeLegacyReply,
  encodeMsgReply,
  headerSize,
  OpCode,
  ProtocolError,
  type CommandRequest,
} from './wire-protocol';

/**
 * Accepts driver connections on 127.0.0.1 and hands each message to the engine. Messages of one connection
 * are answered in order; a malformed message closes that connection only.
 */
export class WireServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private lastConnectionId = 0;

  constructor(
    private readonly engine: Engine,
    private readonly logger: EngineLogger,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private accept(socket: net.Socket): void {
    this.lastConnectionId += 1;
    const connection: ConnectionInfo = {
      id: this.lastConnectionId,
      remoteAddress: `${socket.remoteAddress ?? '127.0.0.1'}:${socket.remotePort ?? 0}`,
      localPort: socket.localPort ?? 0,
    };
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let chunks: Buffer[] = [];
    let buffered = 0;
    let replies: Promise<void> = Promise.resolve();

    const fail = (reason: string) => {
      this.logger.warn({ connectionId: connection.id, reason }, 'closing embedded mongo connection');
      socket.destroy();
    };

    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.length;
      for (;;) {
        const pending = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, buffered);
        chunks = [pending];
        const length = announcedLength(pending);
        if (length === undefined) return;
        if (length < headerSize || length > serverLimits.maxMessageSizeBytes) {
          fail(`invalid message length ${length}`);
          return;
        }
        if (pending.length < length) return;
        const message = pending.subarray(0, length);
        chunks = pending.length > length ? [pending.subarray(length)] : [];
        buffered -= length;
        replies = replies
          .then(() => this.answer(socket, message, connection, fail))
          .catch((error: unknown) =>
            fail(`could not answer: ${error instanceof Error ? error.message : String(error)}`),
          );
      }
    });
    socket.on('error', (error) =>
      this.logger.warn({ connectionId: connection.id, err: error }, 'socket error'),
    );
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async answer(
    socket: net.Socket,
    message: Buffer,
    connection: ConnectionInfo,
    fail: (reason: string) => void,
  ): Promise<void> {
    if (socket.destroyed) return;
    let request: CommandRequest;
    try {
      request = decodeRequest(message);
    } catch (error) {
      fail(error instanceof ProtocolError ? error.message : String(error));
      return;
    }
    const reply = await runCommand(
      request.command,
      { engine: this.engine, database: request.database, connection, messageBytes: message.length },
      this.logger,
    );
    if (!request.expectsReply || socket.destroyed) return;
    socket.write(this.encode(request, reply));
  }

  private encode(request: CommandRequest, reply: Document): Buffer {
    const encodeAs = request.opCode === OpCode.query ? encodeLegacyReply : encodeMsgReply;
    try {
      return encodeAs(request.requestId, reply);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return encodeAs(
        request.requestId,
        new CommandError(ErrorCode.InternalError, `could not encode the reply: ${message}`).toErrorDocument(),
      );
    }
  }
}
