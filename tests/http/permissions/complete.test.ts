import { describe, expect, it } from 'vitest';
import { type ActionRow, definedActions, type EndpointRow, matrixFiles, writeEndpoints } from './matrix.ts';

/**
 * Keeps the permission matrix complete: every action src/actions/index.ts defines has a
 * row in one of the `*.rows.ts` tables beside this file, and no row names an action that
 * no longer exists, and the same for route files that take writes outside actions.
 * Adding either without stating who may call it fails here.
 */
describe('the permission matrix', () => {
  it('has a row for every action, and only for actions that exist', async () => {
    const covered = new Set<string>();
    for (const file of matrixFiles()) {
      const module = (await import(`./${file}`)) as { rows?: ActionRow[] };
      for (const row of module.rows ?? []) covered.add(row.action);
    }
    const defined = definedActions();
    expect(defined.length).toBeGreaterThan(90);
    expect(
      defined.filter((a) => !covered.has(a)),
      'actions without a matrix row',
    ).toEqual([]);
    expect(
      [...covered].filter((a) => !defined.includes(a)),
      'rows for actions that do not exist',
    ).toEqual([]);
  });

  it('has a row for every route file that takes writes outside actions', async () => {
    const covered = new Set<string>();
    for (const file of matrixFiles()) {
      const module = (await import(`./${file}`)) as { endpoints?: EndpointRow[] };
      for (const row of module.endpoints ?? []) covered.add(row.endpoint);
    }
    const writes = writeEndpoints();
    expect(writes.length).toBeGreaterThan(0);
    expect(
      writes.filter((f) => !covered.has(f)),
      'write endpoints without a matrix row',
    ).toEqual([]);
    expect(
      [...covered].filter((f) => !writes.includes(f)),
      'rows for endpoints that do not exist',
    ).toEqual([]);
  });
});
