// The release string of local_kaltura, as the checks quote it.
import {describe, expect, it} from 'vitest';
import {releaseLabel} from '../../amd/src/local/release';
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
