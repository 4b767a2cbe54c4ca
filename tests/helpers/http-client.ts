/**
 * A small cookie-keeping HTTP client for tests against the built server: like a
 * browser, it sends back the cookies it was given and (by default) an Origin header
 * on writes, but it never follows redirects, so tests can assert on them.
 */
let clients = 0;

export class HttpClient {
  readonly cookies = new Map<string, string>();
  /**
   * The address this client appears to come from. Test servers trust X-Forwarded-For
   * (as behind a proxy), so each client is a separate visitor for per-IP rate limits.
   */
  readonly ip: string;

  constructor(
    readonly baseUrl: string,
    options: { ip?: string } = {},
  ) {
    clients++;
    this.ip = options.ip ?? `198.51.${Math.floor(clients / 250) % 250}.${(clients % 250) + 1}`;
  }

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader();
    if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
    if (!headers.has('x-forwarded-for')) headers.set('x-forwarded-for', this.ip);
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD' && init.origin !== null && !headers.has('origin')) {
      headers.set('origin', init.origin ?? this.baseUrl);
    }
    const { origin: _origin, ...rest } = init;
    const response = await fetch(new URL(path, this.baseUrl), { ...rest, headers, redirect: 'manual' });
    this.remember(response);
    return response;
  }

  get(path: string, init: RequestInit = {}): Promise<Response> {
    return this.request(path, init);
  }

  /** Submits a form the way a browser does (urlencoded POST). */
  postForm(
    path: string,
    fields: Record<string, string>,
    init: RequestInit & { origin?: string | null } = {},
  ): Promise<Response> {
    return this.request(path, {
      ...init,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(init.headers as Record<string, string>) },
      body: new URLSearchParams(fields).toString(),
    });
  }

  postJson(path: string, body: unknown, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
    return this.request(path, {
      ...init,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
      body: JSON.stringify(body),
    });
  }
}
