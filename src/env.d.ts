declare namespace App {
  interface Locals {
    /** The signed-in member, or null for visitors. Set by src/middleware.ts. */
    user: import('./server/auth/sessions.ts').SessionUser | null;
    session: import('./server/auth/sessions.ts').ValidSession | null;
    /** Who is asking, as the services take it (null for visitors). Built once by src/middleware.ts. */
    viewer: import('./features/members/viewer.ts').Viewer;
    /** The client address rate limits are keyed on. */
    ip: string;
    /** Set when a rate limit refused the request, so the response can carry Retry-After. */
    retryAfterSeconds?: number;
    /** Set by pages that look the same to every visitor, so anonymous requests may be micro-cached (src/server/http/page-cache.ts). */
    publicCache?: boolean;
  }
}
