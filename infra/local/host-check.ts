import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/**
 * The names a local server answers to. A page on any web site can make a browser send requests
 * to 127.0.0.1 under a name of its own (DNS rebinding: `evil.example` resolving to 127.0.0.1),
 * and the browser then lets the page read the answers. Such a request still carries the page's
 * name in its `Host` header, so every local server answers only the loopback names on its own port.
 */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

/** Whether `host` (a request's `Host` header) names this machine's loopback on `port`. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const name = host.toLowerCase();
  // A browser leaves out the port only when it is the default one.
  return LOOPBACK_NAMES.some((loopback) => name === `${loopback}:${port}` || (port === 80 && name === loopback));
}

/**
 * Answers 421 (Misdirected Request) to a request whose `Host` is not a loopback name on the port
 * it came in on, without reading its body, and says whether it did.
 */
export function refuseForeignHost(req: IncomingMessage, res: ServerResponse): boolean {
  if (isLoopbackHost(req.headers.host, req.socket.localPort ?? 0)) return false;
  res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end('Misdirected request: this local server answers only to 127.0.0.1 or localhost on its own port.\n');
  return true;
}

/** `listener`, called only for requests whose `Host` is a loopback name on the server's port. */
export function hostChecked(listener: RequestListener): RequestListener {
  return (req, res) => {
    if (!refuseForeignHost(req, res)) listener(req, res);
  };
}
