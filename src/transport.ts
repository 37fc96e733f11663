/**
 * The HTTP transport: one openapi-fetch client per C8Client, over a `fetch` of the user's choice.
 *
 * openapi-fetch builds a WHATWG `Request` and hands it to `fetch`; on Node that costs about as much
 * again as the fetch itself (the body becomes a stream that fetch must re-read). Its `Request`
 * option lets the SDK pass a plain record of the URL and init instead, so `fetch(url, init)` takes
 * the same fast path as a hand-written call.
 */
import createClient, { createQuerySerializer, type Client } from "openapi-fetch";
import type { paths } from "../generated/v1/schema.js";
import { C8ConnectionError } from "./errors.js";

/** A `fetch`-compatible function: `globalThis.fetch`, undici's `fetch`, a wrapper that counts or logs, … */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** What openapi-fetch prepared: the URL and the `RequestInit` for `fetch`. */
class PreparedRequest {
  readonly url: string;
  readonly method: string;
  readonly init: RequestInit;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.init = init;
  }
}

// A Response built by a custom fetch may have no `url`; errors should still name the request's.
const requestUrls = new WeakMap<Response, string>();

/** The URL a response answered (its own, or the request's when the response carries none). */
export function urlOf(response: Response): string | undefined {
  return response.url || requestUrls.get(response);
}

/**
 * An openapi-fetch client on `baseUrl`. `requestInitExt` (e.g. an undici `dispatcher`) is merged
 * into every request's init; a transport failure becomes `C8ConnectionError` naming the request.
 */
export function createTransport(baseUrl: string, fetchFn: FetchLike | undefined, requestInitExt: Record<string, unknown> | undefined): Client<paths> {
  const send = (prepared: PreparedRequest): Promise<Response> => {
    const init = requestInitExt ? { ...prepared.init, ...requestInitExt } : prepared.init;
    return (fetchFn ?? globalThis.fetch)(prepared.url, init).then(
      (response) => {
        if (!response.url) requestUrls.set(response, prepared.url);
        return response;
      },
      (err: unknown) => {
        throw new C8ConnectionError(prepared, err);
      },
    );
  };
  return createClient<paths>({
    baseUrl,
    // Built once: without it openapi-fetch builds a query serializer for every request.
    querySerializer: createQuerySerializer(),
    Request: PreparedRequest as unknown as typeof Request,
    fetch: send as unknown as (input: Request) => Promise<Response>,
  });
}
