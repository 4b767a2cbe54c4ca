import { describe, expect, it } from 'vitest';
import { AppError, notFound } from '#server/errors.ts';
import { memberOrSignIn, orNotFound, postRedirectGet } from '#server/http/page-helpers.ts';

const redirect = (path: string, status?: number) =>
  new Response(null, { status: status ?? 302, headers: { location: path } });

describe('page helpers', () => {
  it('turn a NOT_FOUND into the 404 response and pass everything else through', async () => {
    expect(await orNotFound(Promise.resolve({ title: 'Rust' }))).toEqual({ title: 'Rust' });
    const missing = await orNotFound(Promise.reject(notFound()));
    expect(missing).toBeInstanceOf(Response);
    expect((missing as Response).status).toBe(404);
    await expect(orNotFound(Promise.reject(new AppError('FORBIDDEN', 'no')))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(orNotFound(Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('let a member through (allow) and send a visitor to sign in and back (deny)', () => {
    const member = { id: 'u1', handle: 'ada', role: 'member' as const };
    const url = new URL('http://site.test/events/new?kind=talk');
    expect(memberOrSignIn({ locals: { viewer: member } as App.Locals, url, redirect })).toBe(member);
    const visitor = memberOrSignIn({ locals: { viewer: null } as App.Locals, url, redirect }) as Response;
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe(`/signin?next=${encodeURIComponent('/events/new?kind=talk')}`);
  });

  it('redirect after the first successful post, never after a failed one', () => {
    const results = new Map<unknown, unknown>();
    const page = { getActionResult: (action: unknown) => results.get(action), redirect };
    // Stand-ins for two actions: the page only hands them back to getActionResult.
    const save = async () => ({});
    const copy = async () => ({});
    const failed = { data: undefined, error: new Error('Please check the form.') };

    results.set(save, failed);
    const first = postRedirectGet(page as never);
    expect(first.result(save as never, '/lists/a?done=saved')).toBe(failed);
    expect(first.redirect).toBeNull();

    results.set(copy, { data: { slug: 'b' }, error: undefined });
    const second = postRedirectGet(page as never);
    second.result(save as never, '/lists/a?done=saved');
    second.result(copy as never, (d: { slug: string }) => `/lists/${d.slug}/edit`);
    expect(second.redirect?.status).toBe(303);
    expect(second.redirect?.headers.get('location')).toBe('/lists/b/edit');

    const shownOnce = postRedirectGet(page as never);
    shownOnce.result(copy as never, null);
    expect(shownOnce.redirect).toBeNull();
  });
});
