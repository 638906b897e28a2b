// The kaf_uri rule: exactly https://host[:port]. local_kaltura builds its LTI 1.3 URLs by plain concatenation,
// so a slash, a path, spaces or a missing/http scheme break launches.

export type KafUriCheck =
    | {status: 'ok'; value: string}
    | {status: 'empty'}
    | {status: 'fixable'; value: string; fixed: string; problems: KafUriProblem[]}
    | {status: 'invalid'; value: string};

export type KafUriProblem = 'spaces' | 'noscheme' | 'http' | 'path' | 'trailingslash' | 'uppercase';

/** Each problem's own whole sentence (lang key), so the page never shows a problem's code. */
export const KAFURI_PROBLEM: Record<KafUriProblem, string> = {
    spaces: 'kafuri_problem_spaces',
    noscheme: 'kafuri_problem_noscheme',
    http: 'kafuri_problem_http',
    path: 'kafuri_problem_path',
    trailingslash: 'kafuri_problem_trailingslash',
    uppercase: 'kafuri_problem_uppercase',
};

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;

/**
 * Checks kaf_uri and, when it can be corrected, the corrected value.
 *
 * @param raw the setting as stored
 * @returns the verdict
 */
export function checkKafUri(raw: string): KafUriCheck {
    if (raw.trim() === '') {
        return {status: 'empty'};
    }
    const problems: KafUriProblem[] = [];
    let s = raw;
    if (/\s/.test(s)) {
        problems.push('spaces');
        s = s.replace(/\s+/g, '');
    }
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s);
    if (!scheme) {
        problems.push('noscheme');
    } else if (scheme[1]?.toLowerCase() === 'http') {
        problems.push('http');
        s = s.slice(scheme[0].length);
    } else if (scheme[1]?.toLowerCase() === 'https') {
        s = s.slice(scheme[0].length);
    } else {
        return {status: 'invalid', value: raw};
    }
    const cut = s.search(/[/?#]/);
    let host = cut < 0 ? s : s.slice(0, cut);
    const rest = cut < 0 ? '' : s.slice(cut);
    if (rest === '/') {
        problems.push('trailingslash');
    } else if (rest !== '') {
        problems.push('path');
    }
    if (host !== host.toLowerCase()) {
        problems.push('uppercase');
        host = host.toLowerCase();
    }
    if (!HOST.test(host) || host.includes('@')) {
        return {status: 'invalid', value: raw};
    }
    const fixed = 'https://' + host;
    return problems.length === 0 ? {status: 'ok', value: fixed} : {status: 'fixable', value: raw, fixed, problems};
}

/**
 * The kaf_uri a run ends with: the corrected value when there is one.
 *
 * @param raw the setting as stored
 * @returns the value, or '' when it cannot be used
 */
export function effectiveKafUri(raw: string): string {
    const c = checkKafUri(raw);
    if (c.status === 'ok') {
        return c.value;
    }
    return c.status === 'fixable' ? c.fixed : '';
}
