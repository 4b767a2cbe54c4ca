import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { carryRenderState, releaseRenderState } from '#server/http/render-release.ts';
import { rewriteAppBaseModule, rewriteAppNodeModule } from '#server/http/render-release-plugin.ts';

const installed = (path: string) => readFileSync(new URL(`../../../../node_modules/${path}`, import.meta.url), 'utf8');

/** A render state shaped like Astro's FetchState: public fields, a private one, a rendered result. */
class FakeState {
  readonly #secret = { kept: true };
  request: object | undefined = { url: 'http://localhost/people?q=go' };
  locals: object | undefined = { viewer: { id: 'u1' } };
  result: Record<string, unknown> | undefined = { _metadata: { hasHydrationScript: true }, cookies: {} };
  pathname: string | undefined = '/people';
  secret() {
    return this.#secret;
  }
}

describe('releasing a sent response’s render state', () => {
  it('empties the state and its rendered result once the response is written', () => {
    const state = new FakeState();
    const result = state.result!;
    const response = new Response('<p>hi</p>');
    carryRenderState(response, state);
    releaseRenderState(response);
    expect(Object.values(state).every((value) => value === undefined)).toBe(true);
    expect(Object.values(result).every((value) => value === undefined)).toBe(true);
    // Only Astro's own code can reach private fields: they stay as they were.
    expect(state.secret()).toEqual({ kept: true });
  });

  it('releases once: the response lets go of the state too', () => {
    const state = new FakeState();
    const response = new Response(null, { status: 204 });
    carryRenderState(response, state);
    releaseRenderState(response);
    state.pathname = '/again';
    releaseRenderState(response);
    expect(state.pathname).toBe('/again');
    expect(Object.getOwnPropertySymbols(response).map((symbol) => Reflect.get(response, symbol))).not.toContain(state);
  });

  it('leaves alone a response that carries no state, and anything that is not an object', () => {
    const response = new Response('x', { headers: { 'x-test': '1' } });
    releaseRenderState(response);
    expect(response.headers.get('x-test')).toBe('1');
    expect(() => releaseRenderState(undefined)).not.toThrow();
    expect(() => releaseRenderState('text')).not.toThrow();
    expect(() => carryRenderState(null, new FakeState())).not.toThrow();
  });

  it('empties what it can when a property is read-only', () => {
    const state = new FakeState();
    Object.defineProperty(state, 'pathname', { value: '/fixed', writable: false, enumerable: true });
    const response = new Response('x');
    carryRenderState(response, state);
    expect(() => releaseRenderState(response)).not.toThrow();
    expect(state.pathname).toBe('/fixed');
    expect(state.request).toBeUndefined();
    expect(state.locals).toBeUndefined();
  });
});

describe('the build step (render-release-plugin)', () => {
  it("rewrites the installed Astro's App.render to hand the response its FetchState, hooks unchanged", () => {
    const original = installed('astro/dist/core/app/base.js');
    const rewritten = rewriteAppBaseModule(original, '/release.ts');
    expect(rewritten).toContain('import { carryRenderState as __carryRenderState } from "/release.ts";');
    expect(rewritten).toContain('const __renderState = new FetchState(this.manifest, request, resolvedOptions, {');
    expect(rewritten).toContain(
      'response = await handleRequest(__renderState);__carryRenderState(response, __renderState);',
    );
    // The hooks Astro passes are kept as they were.
    for (const hook of ['streaming: this.resolveStreaming()', 'renderError: (req, opts)', 'logRequest: (payload)']) {
      expect(rewritten).toContain(hook);
    }
    expect(rewritten).not.toMatch(/handleRequest\(\s*new FetchState/);
  });

  it("rewrites the installed Astro's writeResponse to release after the last byte, and only then", () => {
    const rewritten = rewriteAppNodeModule(installed('astro/dist/core/app/node.js'), '/release.ts');
    expect(rewritten).toContain('import { releaseRenderState as __releaseRenderState } from "/release.ts";');
    expect(rewritten.match(/__releaseRenderState\(source\)/g)).toHaveLength(2);
    expect(rewritten).toContain('destination.end();\n    __releaseRenderState(source);\n    return;');
    expect(rewritten).toMatch(
      /result = await reader\.read\(\);\s*\}\s*destination\.end\(\);\s*__releaseRenderState\(source\);/,
    );
    // A failed copy (the catch) releases nothing: the render may still be running.
    const failure = rewritten.slice(
      rewritten.indexOf('} catch (err) {', rewritten.indexOf('async function writeResponse')),
    );
    expect(failure.slice(0, failure.indexOf('\n}'))).not.toContain('__releaseRenderState');
  });

  it('fails the build when a target no longer reads as expected', () => {
    expect(() => rewriteAppBaseModule('response = await handleRequest(state);')).toThrow(/App\.render's FetchState/);
    expect(() => rewriteAppNodeModule('async function writeResponse() {}')).toThrow(/empty body/);
    expect(() => rewriteAppNodeModule('  if (!body) return destination.end();\n')).toThrow(/body loop/);
  });
});
