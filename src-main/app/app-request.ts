// The session's https handler. The renderer's origin is intercepted and served from disk, so the
// page gets a secure origin whose host is the RP ID (WebAuthn refuses file:// and custom schemes).
// Every other https or http request from the app session is answered locally with 404: the
// renderer never reaches the network.
import { isAppUrl } from './app-origin.ts';

export type RequestHandler = (request: Request) => Promise<Response>;

export function blockedResponse(): Response {
  return new Response(null, { status: 404, statusText: 'Blocked' });
}

export function guardAppRequests(serveApp: RequestHandler, appOrigin: string): RequestHandler {
  return (request) => (isAppUrl(request.url, appOrigin) ? serveApp(request) : Promise.resolve(blockedResponse()));
}
