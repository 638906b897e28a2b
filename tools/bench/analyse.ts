// Pure helpers of the benchmark: statistics, sequential round trips from request intervals, and which sources make
// up a built module (from its source map).

export interface Interval {
    start: number;
    end: number;
}

/**
 * The median of some numbers (the mean of the middle two for an even count).
 *
 * @param xs the numbers
 * @returns the median, NaN when there are none
 */
export function median(xs: number[]): number {
    if (!xs.length) {
        return NaN;
    }
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] as number : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Sequential round trips: intervals that overlap ran in parallel and count once; the count of groups left after
 * merging overlapping intervals is how many round trips the work waited for one after the other.
 *
 * @param intervals request intervals (ms)
 * @returns the number of merged groups
 */
export function sequentialTrips(intervals: Interval[]): number {
    const s = [...intervals].sort((a, b) => a.start - b.start);
    let groups = 0;
    let end = -Infinity;
    for (const i of s) {
        // Strictly after the previous group's end: a request sent in the same millisecond as the last answer is next.
        if (i.start >= end) {
            groups++;
            end = i.end;
        } else {
            end = Math.max(end, i.end);
        }
    }
    return groups;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Decodes one line of source map mappings into [generated column, source index] pairs.
 *
 * @param line the line's segments, comma separated
 * @param state the running source index (carried across lines)
 * @param state.source the source index
 * @returns the segments that name a source
 */
function decodeLine(line: string, state: {source: number}): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let col = 0;
    for (const seg of line.split(',')) {
        if (!seg) {
            continue;
        }
        const vals: number[] = [];
        let value = 0;
        let shift = 0;
        for (const ch of seg) {
            const digit = B64.indexOf(ch);
            value += (digit % 32) * 2 ** shift;
            if (digit >= 32) {
                shift += 5;
            } else {
                vals.push(value % 2 ? -(value - 1) / 2 : value / 2);
                value = 0;
                shift = 0;
            }
        }
        col += vals[0] ?? 0;
        if (vals.length >= 4) {
            state.source += vals[1] ?? 0;
            out.push([col, state.source]);
        } else {
            out.push([col, -1]);
        }
    }
    return out;
}

/**
 * How many bytes of a built (minified) module come from each source, from its source map.
 *
 * @param code the built module
 * @param map its source map (JSON object)
 * @param map.sources source paths
 * @param map.mappings the mappings string
 * @returns bytes per source, largest first ('(glue)' for bytes no source claims)
 */
export function bytesBySource(code: string, map: {sources: string[]; mappings: string}): Array<{source: string; bytes: number}> {
    const lines = code.split('\n');
    const maps = map.mappings.split(';');
    const state = {source: 0};
    const totals = new Map<string, number>();
    const add = (name: string, n: number): void => {
        totals.set(name, (totals.get(name) ?? 0) + n);
    };
    lines.forEach((text, li) => {
        const segs = decodeLine(maps[li] ?? '', state);
        const len = Buffer.byteLength(text) + (li < lines.length - 1 ? 1 : 0);
        if (!segs.length) {
            add('(glue)', len);
            return;
        }
        add('(glue)', Buffer.byteLength(text.slice(0, segs[0]?.[0] ?? 0)));
        segs.forEach(([col, src], i) => {
            const next = segs[i + 1]?.[0] ?? text.length;
            add(src >= 0 ? map.sources[src] ?? '(glue)' : '(glue)', Buffer.byteLength(text.slice(col, next)));
        });
        if (li < lines.length - 1) {
            add('(glue)', 1);
        }
    });
    return [...totals].map(([source, bytes]) => ({source, bytes})).sort((a, b) => b.bytes - a.bytes);
}

/**
 * The sequential round trips themselves: the labels of the requests in each group of overlapping intervals.
 *
 * @param intervals request intervals with a label each
 * @returns one entry per group, in time order, labels joined by ' + '
 */
export function tripGroups(intervals: Array<Interval & {label: string}>): string[] {
    const s = [...intervals].sort((a, b) => a.start - b.start);
    const out: string[][] = [];
    let end = -Infinity;
    for (const i of s) {
        if (i.start >= end || !out.length) {
            out.push([i.label]);
            end = i.end;
        } else {
            out[out.length - 1]?.push(i.label);
            end = Math.max(end, i.end);
        }
    }
    return out.map((g) => g.join(' + '));
}
