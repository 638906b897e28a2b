// Several PHP processes at once against the site's database, running the plugin as installed: the KAF session store
// under writers of one session (parallel kaf_request calls each merge what KAF set into the same row), and the run
// lock under administrators who press Upgrade at the same moment. Run by every Moodle tier (scripts/moodle.sh
// concurrency), on PostgreSQL (READ COMMITTED) and on MariaDB (InnoDB's REPEATABLE READ).
import {describe, expect, it} from 'vitest';
import {site, siteAsync} from '../e2e/harness';

const WRITERS = 6;
const SAVES = 15;
// Each round starts from no row, so the writers' first saves race to insert it: the moment a save read the row
// without its lock, and undid another's, in 4 of 6 rounds before the fix. Three rounds catch that nearly always.
const ROUNDS = 3;

describe('the KAF session store', () => {
    it('keeps every cookie and secret that writers of one session save at the same moment', async() => {
        for (let round = 0; round < ROUNDS; round++) {
            const sid = `site-store-${Date.now()}-${round}`;
            // A start time they all wait for once Moodle is loaded, so that their saves overlap from the first.
            const start = Date.now() + 3000;
            await Promise.all(Array.from({length: WRITERS}, (_, w) =>
                siteAsync('storewrite', sid, String(w), String(start), String(SAVES))));
            const read = site('storeread', sid, String(WRITERS), String(SAVES)) as
                {held: number; missing: {cookies: string[]; secrets: string[]}};
            expect(read.missing, `round ${round + 1}`).toEqual({cookies: [], secrets: []});
            expect(read.held).toBe(WRITERS * SAVES);
        }
    });
});

describe('the run lock', () => {
    it('lets exactly one of several runs started at the same moment begin; the others are told why', async() => {
        for (let round = 0; round < ROUNDS; round++) {
            const start = Date.now() + 3000;
            const answers = await Promise.all(Array.from({length: WRITERS}, () =>
                siteAsync('runstart', String(start), '4000'))) as Array<{id?: number; error?: string}>;
            const won = answers.filter((a) => a.id !== undefined);
            expect(won, `round ${round + 1}: ${JSON.stringify(answers)}`).toHaveLength(1);
            for (const a of answers.filter((x) => x.id === undefined)) {
                expect(['runinprogress', 'runlockbusy']).toContain(a.error);
            }
        }
    });
});
