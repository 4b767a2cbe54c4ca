import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { profiles, searchChanges, searchJobs, users } from '#db/schema/index.ts';
import { peopleSource } from '#features/people/people.search.ts';
import { addSkill } from '#features/profiles/member-skills.service.ts';
import { latestChange, pruneChanges } from '#server/search/change-log.ts';
import { EmbeddedEngine } from '#server/search/embedded/engine.ts';
import { writeFileAtomically } from '#server/search/embedded/snapshot-file.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import {
  type IndexStart,
  type SnapshotSettings,
  saveSnapshot,
  snapshotPath,
  startIndex,
} from '#server/search/snapshots.ts';
import { catalogueSynonyms } from '#server/search/synonyms.ts';
import type { IndexDefinition } from '#server/search/types.ts';
import { OutboxWorker, REBUILD_ENTITY } from '#server/search/worker.ts';
import { createMember, type Member, queuePeopleIndexing } from '#tests/helpers/factories.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';

/**
 * Snapshots of the embedded index against a real database: each "start" is a fresh
 * engine brought up by startIndex, as the server does, so a crash is simply a start
 * that never saw the previous engine's memory.
 */

let dir: { path: string; remove: () => void };
let settings: SnapshotSettings;
let members: Member[];

async function engineFor(definition: IndexDefinition = peopleSource.definition): Promise<EmbeddedEngine> {
  const engine = new EmbeddedEngine();
  await engine.applySettings([definition], catalogueSynonyms());
  return engine;
}

/** A new process coming up: a fresh engine, started from what is on disk and in the database. */
async function start(options: Partial<SnapshotSettings> = {}) {
  const engine = await engineFor();
  const outcome = await startIndex(engine, 'people', peopleSource, { ...settings, ...options });
  return { engine, outcome };
}

const handlesFor = async (engine: EmbeddedEngine, q: string) => {
  const ids = (await engine.search('people', { q, hitsPerPage: 100 })).hits.map((h) => h.id);
  return members.filter((m) => ids.includes(m.id)).map((m) => m.handle);
};

const reasonOf = (outcome: IndexStart) => (outcome.from === 'database' ? outcome.reason : 'from the snapshot');
const drain = (engine: EmbeddedEngine) => new OutboxWorker(engine, { people: peopleSource }).drain();

beforeAll(async () => {
  members = [];
  for (let i = 0; i < 12; i++) {
    members.push(
      await createMember({
        handle: `snap-${i}`,
        displayName: `Snap Person ${i}`,
        headline: i % 2 === 0 ? 'Platform engineer' : 'Data engineer',
        skills: [{ skill: i % 3 === 0 ? 'Kubernetes' : 'PostgreSQL', level: 1 + (i % 5), canTeach: i % 2 === 0 }],
      }),
    );
  }
});

beforeEach(async () => {
  dir = makeTempDir('whoknows-snapshots-');
  settings = { dir: dir.path, database: 'test-database', maxAgeMs: 3600_000, sample: 1000 };
  // Every test starts with nothing pending.
  await getDb().delete(searchJobs);
});

afterEach(() => dir.remove());

describe('embedded index snapshots', () => {
  it('builds from the database when there is no snapshot, then starts from the snapshot with the same answers', async () => {
    const first = await start();
    expect(first.outcome).toMatchObject({ from: 'database', reason: 'no snapshot yet', documents: 12 });
    await saveSnapshot(first.engine, 'people', settings);

    const second = await start();
    expect(second.outcome).toMatchObject({ from: 'snapshot', documents: 12, replayed: 0, corrected: 0 });
    for (const q of ['kubernets', 'postgres', 'snap person 3', 'platfo', '']) {
      expect(await second.engine.search('people', { q, facets: ['skillSlugs', 'teachesAny'] })).toEqual(
        await first.engine.search('people', { q, facets: ['skillSlugs', 'teachesAny'] }),
      );
    }
  });

  it('catches up with changes applied after the snapshot, even when the process died before saving again', async () => {
    const first = await start();
    await saveSnapshot(first.engine, 'people', settings);
    await addSkill(members[1]!.id, {
      skill: 'Elixir',
      level: 5,
      canTeach: true,
      wantsToLearn: false,
      years: null,
      note: null,
    });
    expect(await drain(first.engine)).toBe(1); // applied and forgotten by the outbox…
    expect(await handlesFor(first.engine, 'elixir')).toEqual(['snap-1']);

    const second = await start(); // …and the first process never saved again
    expect(second.outcome).toMatchObject({ from: 'snapshot', replayed: 1 });
    expect(await handlesFor(second.engine, 'elixr')).toEqual(['snap-1']);
  });

  it('re-reads entities whose jobs were still pending when the snapshot was taken', async () => {
    const first = await start();
    await addSkill(members[2]!.id, {
      skill: 'Haskell',
      level: 4,
      canTeach: false,
      wantsToLearn: false,
      years: null,
      note: null,
    });
    await saveSnapshot(first.engine, 'people', settings); // the change is before its position, its job pending
    expect(await drain(first.engine)).toBe(1); // applied after the snapshot, then lost with the process

    const second = await start();
    expect(second.outcome).toMatchObject({ from: 'snapshot', replayed: 1 });
    expect(await handlesFor(second.engine, 'haskell')).toEqual(['snap-2']);
  });

  it('removes members that are gone since the snapshot', async () => {
    const first = await start();
    await saveSnapshot(first.engine, 'people', settings);
    const gone = members[4]!;
    await getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, gone.id));
    await queuePeopleIndexing([gone.id]);

    const second = await start();
    expect(second.outcome).toMatchObject({ from: 'snapshot', documents: 11 });
    expect(await handlesFor(second.engine, 'snap person 4')).not.toContain('snap-4');
    await getDb().update(users).set({ suspendedAt: null }).where(eq(users.id, gone.id));
    await queuePeopleIndexing([gone.id]);
  });

  it('ignores a snapshot taken under other settings', async () => {
    const first = await start();
    await saveSnapshot(first.engine, 'people', settings);
    const engine = await engineFor({ ...peopleSource.definition, customRanking: [] });
    const outcome = await startIndex(engine, 'people', peopleSource, settings);
    expect(reasonOf(outcome)).toBe('the snapshot was taken under other settings');
    expect(outcome.documents).toBe(12);
  });

  it('ignores a snapshot of another database, and one that is too old', async () => {
    const first = await start();
    await saveSnapshot(first.engine, 'people', settings);
    const elsewhere = await start({ database: 'another-database' });
    expect(reasonOf(elsewhere.outcome)).toBe('no snapshot yet'); // its own file name, none saved
    const old = await start({ maxAgeMs: -1 });
    expect(reasonOf(old.outcome)).toBe('the snapshot is too old');
  });

  it('ignores a corrupt or truncated snapshot and rebuilds', async () => {
    const first = await start();
    await saveSnapshot(first.engine, 'people', settings);
    const path = snapshotPath(settings, 'people');
    const bytes = readFileSync(path);

    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    writeFileSync(path, flipped);
    const corrupt = await start();
    expect(reasonOf(corrupt.outcome)).toBe('the snapshot is unreadable (checksum mismatch)');
    expect(await handlesFor(corrupt.engine, 'kubernetes')).toEqual(['snap-0', 'snap-3', 'snap-6', 'snap-9']);

    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    expect(reasonOf((await start()).outcome)).toMatch(/^the snapshot is unreadable/);
    writeFileSync(path, 'not a snapshot at all');
    expect(reasonOf((await start()).outcome)).toBe('the snapshot is unreadable (not a snapshot)');
  });

  it('rebuilds when the change log no longer has the snapshot position (a replaced database)', async () => {
    const first = await start();
    await queuePeopleIndexing([members[0]!.id]); // a log row to take the position at
    await saveSnapshot(first.engine, 'people', settings);
    const { seq } = await latestChange();
    await getDb().update(searchChanges).set({ entityId: 'someone-else' }).where(eq(searchChanges.seq, seq));
    expect(reasonOf((await start()).outcome)).toBe(
      'the database changed under the snapshot (its change log position is gone)',
    );
  });

  it('rebuilds when a rebuild was requested, and retires the request', async () => {
    const first = await start();
    await saveSnapshot(first.engine, 'people', settings);
    await enqueueIndexJob(getDb(), 'people', REBUILD_ENTITY);
    expect(reasonOf((await start()).outcome)).toBe('a rebuild was requested');
    const left = await getDb().select().from(searchJobs).where(eq(searchJobs.entityId, REBUILD_ENTITY));
    expect(left).toEqual([]);
    // Applied elsewhere after the snapshot, the request is still honoured through the log.
    expect(reasonOf((await start()).outcome)).toBe('a rebuild was requested after the snapshot');
  });

  it('corrects documents that differ from the database, and rebuilds when most do', async () => {
    const first = await start();
    await saveSnapshot(first.engine, 'people', settings);
    // Changed behind the outbox's back (as a deploy that builds documents differently would).
    await getDb().update(profiles).set({ headline: 'Quantum gardener' }).where(eq(profiles.userId, members[5]!.id));
    const few = await start();
    expect(few.outcome).toMatchObject({ from: 'snapshot', corrected: 1 });
    expect(await handlesFor(few.engine, 'quantum')).toEqual(['snap-5']);

    await getDb().update(profiles).set({ headline: 'Quantum gardener' });
    const most = await start();
    expect(reasonOf(most.outcome)).toMatch(/sampled documents differ from the database$/);
    expect((await handlesFor(most.engine, 'quantum')).length).toBe(12);
    for (const [i, m] of members.entries()) {
      await getDb()
        .update(profiles)
        .set({ headline: i % 2 === 0 ? 'Platform engineer' : 'Data engineer' })
        .where(eq(profiles.userId, m.id));
    }
  });

  it('keeps the previous snapshot when a write fails half-way, and leaves no temporary file', async () => {
    const first = await start();
    await saveSnapshot(first.engine, 'people', settings);
    const path = snapshotPath(settings, 'people');
    const before = readFileSync(path);
    const broken = { byteLength: 10 } as unknown as Uint8Array; // the file write throws on it
    await expect(writeFileAtomically(path, [Buffer.from('partial'), broken])).rejects.toThrow();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir.path)).toEqual([path.split('/').pop()]);

    // A temporary file left by a writer that crashed does not disturb the next start.
    writeFileSync(`${path}.tmp-999-dead`, 'half a snapshot');
    expect((await start()).outcome.from).toBe('snapshot');
  });

  it('prunes old change log rows but keeps the newest', async () => {
    await queuePeopleIndexing([members[0]!.id, members[1]!.id]);
    const newest = await latestChange();
    await pruneChanges(new Date(Date.now() + 60_000));
    const left = await getDb().select().from(searchChanges);
    expect(left.map((r) => r.seq)).toEqual([newest.seq]);
  });
});
