// GET /healthz for the modes where Slack's HTTP receiver does not serve it (Socket Mode, Discord only): a
// small node:http server on PORT/HOST. Also turns a listen failure into an error naming PORT or HOST.

import { once } from 'node:events';
import { createServer } from 'node:http';
import { CodedError, type HealthSnapshot, hasCode } from '../src/core/index.js';

export interface HealthServer {
  port: number;
  stop(): Promise<void>;
}

/** A listen error (from this server or Slack's receiver) as one message naming the variable at fault. */
export function listenError(err: unknown, where: { port: number; host: string }): unknown {
  if (!hasCode(err)) return err;
  if (err.code === 'EADDRINUSE')
    return new CodedError('port_in_use', `PORT ${where.port} on HOST ${where.host} is already in use`);
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EADDRNOTAVAIL')
    return new CodedError(
      'host_unusable',
      `HOST ${JSON.stringify(where.host)} cannot be listened on (${err.code}): use an address of this machine`,
    );
  if (err.code === 'EACCES')
    return new CodedError('port_forbidden', `PORT ${where.port} needs privileges this process does not have`);
  return err;
}

/** The response for a snapshot: 200 when every platform is up (or degraded), 503 otherwise. */
export function healthResponse(snapshot: HealthSnapshot): { status: number; body: string } {
  return { status: snapshot.ok ? 200 : 503, body: JSON.stringify(snapshot) };
}

export async function serveHealth(opts: {
  port: number;
  host: string;
  snapshot: () => HealthSnapshot;
}): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      return;
    }
    const { status, body } = healthResponse(opts.snapshot());
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  // Probes hold no long connections; idle sockets must not keep a stopping process alive.
  server.keepAliveTimeout = 5_000;
  server.listen(opts.port, opts.host);
  try {
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([err]) => Promise.reject(err)),
    ]);
  } catch (err) {
    server.close();
    throw listenError(err, opts);
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
