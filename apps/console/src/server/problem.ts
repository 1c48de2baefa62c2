import type { ServerResponse } from 'node:http';

/** The console server's own errors, in the same problem+json shape the services answer with. */
export function sendProblem(
  res: ServerResponse,
  status: number,
  code: string,
  detail: string,
  requestId: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    type: `https://bulwark.dev/problems/${code.replace(/_/g, '-')}`,
    title: code.replace(/_/g, ' '),
    status,
    detail,
    code,
    request_id: requestId,
  });
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'x-request-id': requestId,
    'cache-control': 'no-store',
  });
  res.end(body);
}
