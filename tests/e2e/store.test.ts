// The KAF session store under writers at once: parallel kaf_request calls of one Moodle session each merge what KAF
// set into the same row. Real PHP processes against the site's PostgreSQL, running the plugin as installed.
import {describe, expect, it} from 'vitest';
import {site, siteAsync} from './harness';

const WRITERS = 6;
const SAVES = 15;
// Each round starts from no row, so the writers' first saves race to insert it: the moment a save read the row
// without its lock, and undid another's, in 4 of 6 rounds before the fix. Three rounds catch that nearly always.
const ROUNDS = 3;

describe('the KAF session store', () => {
    it('keeps every cookie and secret that writers of one session save at the same moment', async() => {
        for (let round = 0; round < ROUNDS; round++) {
            const sid = `e2e-store-${Date.now()}-${round}`;
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
