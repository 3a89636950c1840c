import type { Server } from 'node:http';
import { type HttpBindings, serve } from '@hono/node-server';

type FetchApp = { fetch: (request: Request, env: HttpBindings) => Response | Promise<Response> };

/**
 * The app on a Node HTTP server (@hono/node-server). An answer sent before its request's body has
 * fully arrived (a 413 by Content-Length or mid-stream, a 401 or 415 before reading) says
 * `Connection: close` (THREATS 19). Otherwise the answer says keep-alive, node-server drains the rest
 * for at most 500 ms and then drops the socket: the client's next request on it fails with "other
 * side closed". Closing costs the client one new connection and never reads a refused 10 MB body;
 * draining a bounded amount could still drop a connection it had called alive. A body that has fully
 * arrived but was never read (a small one refused at 401) keeps the connection: Node discards it.
 */
export function serveHttp(app: FetchApp, options: { port: number; hostname: string; overrideGlobalObjects?: boolean }, onListening?: () => void): Server {
  const fetch = async (request: Request, env: HttpBindings) => {
    const response = await app.fetch(request, env);
    // A body already received is marked complete only a turn later: one turn's wait keeps its connection.
    if (!env.incoming.complete) await new Promise((resolve) => setImmediate(resolve));
    // Node merges this into the headers node-server writes, and then closes the socket after the answer.
    if (!env.incoming.complete && !env.outgoing.headersSent) env.outgoing.setHeader('connection', 'close');
    return response;
  };
  return serve({ ...options, fetch: fetch as (request: Request, env: unknown) => Promise<Response> }, onListening) as Server;
}
