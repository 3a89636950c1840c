import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { serve } from '@hono/node-server';

/**
 * An app on a real HTTP server on 127.0.0.1 (a free port), for what only a real connection shows:
 * a declared Content-Length, what happens to the socket. `close()` ends kept-alive connections too.
 */
export async function serveOnLoopback(app: { fetch: (request: Request) => Response | Promise<Response> }) {
  // overrideGlobalObjects: false keeps node-server from swapping the global Request/Response of the test process.
  let server!: ReturnType<typeof serve>;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () => resolve((server.address() as AddressInfo).port));
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A POST that declares `declaredLength` bytes but sends only `start` and then waits: the answer can only
 * come from the declared length. Resolves with the status and body, then drops the connection.
 */
export function postDeclaringLength(port: number, path: string, headers: Record<string, string>, declaredLength: number, start: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(declaredLength) } });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.write(start);
  });
}
