import { describe, expect, it } from 'vitest';
import { loadConfig } from '#server/config.ts';
import { demoSeedDecision, isLoopbackHost, parseSeedDemo, siteIsLocal } from '#server/demo/policy.ts';
import { startupWarnings } from '#server/startup-checks.ts';

describe('is this site local?', () => {
  it('knows loopback names and addresses', () => {
    for (const host of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'whoknows.example', 'localhost.example.com', '']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('needs both a loopback SITE_URL and a loopback interface', () => {
    expect(siteIsLocal('http://localhost:4321', 'localhost')).toBe(true);
    expect(siteIsLocal('http://127.0.0.1:8080', '127.0.0.1')).toBe(true);
    // The usual production set-up: a TLS proxy on the same machine, the server on loopback.
    expect(siteIsLocal('https://whoknows.example', '127.0.0.1')).toBe(false);
    // Listening on every interface is public whatever SITE_URL says.
    expect(siteIsLocal('http://localhost:4321', '0.0.0.0')).toBe(false);
  });
});

describe('SEED_DEMO', () => {
  it('parses auto (the default), on, off and force; anything else stops start-up', () => {
    expect(parseSeedDemo(undefined)).toBe('auto');
    expect(parseSeedDemo('')).toBe('auto');
    expect(parseSeedDemo('1')).toBe('on');
    expect(parseSeedDemo('false')).toBe('off');
    expect(parseSeedDemo('FORCE')).toBe('force');
    expect(parseSeedDemo('sure')).toBeUndefined();
    expect(() => loadConfig({ SEED_DEMO: 'sure' })).toThrow(/SEED_DEMO/);
    expect(loadConfig({}).SEED_DEMO).toBe('auto');
  });

  it('seeds a local site by default and on request; a public one only when forced', () => {
    expect(demoSeedDecision('auto', true, '').seed).toBe(true);
    expect(demoSeedDecision('on', true, '').seed).toBe(true);
    expect(demoSeedDecision('off', true, '').seed).toBe(false);
    const quiet = demoSeedDecision('auto', false, 'SITE_URL https://whoknows.example');
    expect(quiet).toMatchObject({ seed: false, log: { level: 'info' } });
    const refused = demoSeedDecision('on', false, 'SITE_URL https://whoknows.example');
    expect(refused).toMatchObject({ seed: false, log: { level: 'error' } });
    expect(refused.log!.message).toMatch(/SEED_DEMO=force/);
    expect(demoSeedDecision('force', false, '').seed).toBe(true);
  });
});

describe('start-up warnings', () => {
  it('warns when SITE_URL is left at its default but the server listens elsewhere', () => {
    const at = (env: Record<string, string>) => startupWarnings(loadConfig(env));
    expect(at({})).toEqual([]);
    expect(at({ PORT: '8080' }).join()).toMatch(/SITE_URL is not set.*localhost:8080/);
    expect(at({ HOST: '0.0.0.0' }).join()).toMatch(/SITE_URL is not set/);
    expect(at({ HOST: '0.0.0.0', SITE_URL: 'https://whoknows.example', SMTP_URL: 'smtp://x' })).toEqual([]);
  });

  it('warns a public site without SMTP that nobody can join on their own', () => {
    const warnings = startupWarnings(loadConfig({ SITE_URL: 'https://whoknows.example', HOST: '127.0.0.1' }));
    expect(warnings.join()).toMatch(/SMTP_URL is not set/);
  });
});
