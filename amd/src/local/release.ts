// Release strings and version comparison. Pure.

/**
 * The first x.y.z in a release string ("4.4.2", "v4.4.2 (Build: ...)").
 *
 * @param release the release string
 * @returns its numbers, or null
 */
export function parseRelease(release: string): number[] | null {
    const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/**
 * Compares two version number lists.
 *
 * @param a one
 * @param b other
 * @returns negative, zero or positive
 */
export function compareVersions(a: number[], b: number[]): number {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const d = (a[i] ?? 0) - (b[i] ?? 0);
        if (d !== 0) {
            return d;
        }
    }
    return 0;
}

/**
 * A release string as a sentence can quote it: local_kaltura's own "Kaltura release 4.4.8" loses its prefix, so
 * "the Kaltura plugin (release {$a->release})" does not say it twice.
 *
 * @param release the release string
 * @returns it without a leading "Kaltura release", or "?" when empty
 */
export function releaseLabel(release: string): string {
    const label = release.replace(/^\s*kaltura\s+release\s+/i, '').trim();
    return label === '' ? '?' : label;
}
