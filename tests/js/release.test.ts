// The release string of local_kaltura, as the checks quote it.
import {describe, expect, it} from 'vitest';
import {parseRelease, releaseLabel} from '../../amd/src/local/release';
import {kind13} from '../../amd/src/local/userid';
import {preflightLocal} from '../../amd/src/local/preflight';
import {state} from './fixtures';

describe('releaseLabel', () => {
    it('drops the "Kaltura release" that local_kaltura puts before its number, and nothing else', () => {
        expect(releaseLabel('Kaltura release 4.4.8')).toBe('4.4.8');
        expect(releaseLabel('  kaltura RELEASE  4.4.2 (Build 7)')).toBe('4.4.2 (Build 7)');
        expect(releaseLabel('4.4.2 (fixture)')).toBe('4.4.2 (fixture)');
        expect(releaseLabel('Release 4.4.8 of Kaltura')).toBe('Release 4.4.8 of Kaltura');
        expect(releaseLabel('')).toBe('?');
    });

    it('is what the Kaltura checks say, so "release Kaltura release 4.4.8" cannot happen', () => {
        const kaltura = {installed: true, release: 'Kaltura release 4.4.8', version: '2023100901', hasauth: true};
        const checks = preflightLocal({...state(), kaltura});
        for (const id of ['kaltura', 'kalturarelease'] as const) {
            expect(checks.find((c) => c.id === id)?.message.params?.release, id).toBe('4.4.8');
        }
        const old = preflightLocal({...state(), kaltura: {...kaltura, release: 'Kaltura release 4.4.0', hasauth: false}});
        expect(old.find((c) => c.id === 'kaltura')?.message).toEqual({key: 'engine_pf_kalturanolti13', params: {release: '4.4.0'}});
    });
});

// Kaltura's 4.5.x builds (for Moodle 4.5 to 5.2; e.g. "Kaltura release 4.5.3" requires Moodle 2025100600, 5.1) write
// their release as the 4.4.x ones did ("Kaltura release 4.4.8"); a site may also show the bare number. Each is LTI
// 1.3-capable (it has auth.php) and sends the username as `sub`, as 4.4.2 and later do.
describe('local_kaltura 4.5.x', () => {
    const builds = ['4.5.0', '4.5.1', '4.5.2', '4.5.3', '4.5.4'];
    const forms = (n: string) => [`Kaltura release ${n}`, n];

    for (const n of builds) {
        for (const release of forms(n)) {
            it(`"${release}" is LTI 1.3-capable, recommended, and sends the username as sub`, () => {
                expect(parseRelease(release)).toEqual(n.split('.').map(Number));
                expect(releaseLabel(release)).toBe(n);
                const kaltura = {installed: true, release, version: '2026010600', hasauth: true};
                const checks = preflightLocal({...state(), kaltura});
                expect(checks.find((c) => c.id === 'kaltura')?.message).toEqual({key: 'engine_pf_kalturaok', params: {release: n}});
                expect(checks.find((c) => c.id === 'kalturarelease')?.message)
                    .toEqual({key: 'engine_pf_releaseok', params: {release: n}});
                expect(kind13('sub', '', release)).toBe('username');
                expect(kind13('sub', '', release)).toBe(kind13('sub', '', 'Kaltura release 4.4.2'));
            });
        }
    }

    it('keeps the older semantics below 4.4.2 (the user id), so the comparison is by number, not by text', () => {
        expect(kind13('sub', '', 'Kaltura release 4.4.1')).toBe('userid');
        expect(kind13('sub', '', 'Kaltura release 4.5.0')).toBe('username');
        expect(kind13('sub', '', 'Kaltura release 4.10.0')).toBe('username');
    });
});
