import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DRAINING_MESSAGE } from '#server/http/node-server.ts';
import { startServer } from '#tests/helpers/server.ts';

// The built server as `npm start` runs it, stopped the way a service manager stops it
// (SIGTERM), while a request is half sent: the request must still get its answer, while
// a kept-alive connection with nothing in flight is closed at once.

/** Everything the socket receives until `done` says it is complete. */
function readUntil(socket: Socket, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (done(text)) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('close', () =>
      done(text) ? resolve(text) : reject(new Error(`closed after: ${text || '(nothing)'}`)),
    );
  });
}

const count = (text: string, part: string) => text.split(part).length - 1;

/** Whether `text` holds a whole answer: its headers and then its Content-Length or its last chunk. */
function wholeAnswer(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
  return length ? text.length - end - 4 >= Number(length[1]) : text.endsWith('\r\n0\r\n\r\n');
}

describe('stopping the server', () => {
  for (const workers of ['1', '2']) {
    it(`lets a request in flight finish before the process exits, closing idle connections (WORKERS=${workers})`, async () => {
      const server = await startServer({ env: { WORKERS: workers } });
      await server.waitForOutput(/all \d+ workers? ready/, 60_000);
      const port = Number(new URL(server.url).port);
      const host = new URL(server.url).host;
      // Answered and kept alive; with two processes, more of them so both processes have one.
      const idle = Array.from({ length: Number(workers) * 2 }, () => connect(port, '127.0.0.1'));
      const socket = connect(port, '127.0.0.1');
      try {
        await Promise.all([socket, ...idle].map((connection) => once(connection, 'connect')));
        for (const connection of idle) {
          connection.write(`GET /healthz HTTP/1.1\r\nhost: ${host}\r\n\r\n`);
          await readUntil(connection, wholeAnswer);
        }
        const idleClosed = Promise.all(idle.map((connection) => once(connection, 'close')));
        const body = new URLSearchParams({ email: 'nobody@example.org', password: 'not the password' }).toString();
        // Expect: 100-continue makes the server say it has read the request line and
        // headers, so the stop below arrives while this sign-in is being answered.
        socket.write(
          `POST /_actions/accounts.signIn HTTP/1.1\r\nhost: ${new URL(server.url).host}\r\n` +
            `origin: ${server.url}\r\ncontent-type: application/x-www-form-urlencoded\r\n` +
            `content-length: ${body.length}\r\nexpect: 100-continue\r\n\r\n`,
        );
        await readUntil(socket, (text) => text.includes('100 Continue\r\n\r\n'));
        let answered = false;
        const answer = readUntil(socket, (text) => /^HTTP\/1\.1 \d{3} .*\r\n\r\n/s.test(text));
        void answer.then(() => {
          answered = true;
        });
        process.kill(server.pid, 'SIGTERM');
        await server.waitForOutput(new RegExp(`(?:${DRAINING_MESSAGE}[\\s\\S]*?){${workers}}`));
        // Closed by the drain: not left to the keep-alive timeout (5 s) or the drain's last resort (DRAIN_MS).
        const late = new Promise((_, reject) =>
          setTimeout(() => reject(new Error('idle connections were not closed by the drain')), 2500).unref(),
        );
        await Promise.race([idleClosed, late]);
        expect(answered).toBe(false); // still waiting for its body
        socket.write(body);
        expect(await answer).toMatch(/^HTTP\/1\.1 [2-4]\d\d /);
        expect(count(server.output(), DRAINING_MESSAGE)).toBe(Number(workers));
      } finally {
        socket.destroy();
        for (const connection of idle) connection.destroy();
        await server.dispose();
      }
      expect(server.output()).not.toMatch(/exited \(|Error:/);
    }, 120_000);
  }
});
