// Which Moodle web service functions one HTTP request to /lib/ajax/service.php carries. core/ajax batches the calls
// made together into one POST whose JSON body is [{index, methodname, args}, ...]; its `info` query parameter names
// them (sorted) only up to 5, and says "N-method-calls" beyond that, so the body is what counts.

/**
 * The function names in one core/ajax request, one entry per call (a name called twice appears twice).
 *
 * @param url the request URL
 * @param body the request body (POST data), or null
 * @returns the method names; at least one entry for a request to service.php
 */
export function ajaxMethods(url: string, body: string | null): string[] {
    const params = new URL(url).searchParams;
    // A GET (cacheable call) carries the same JSON in its args parameter.
    for (const raw of [body, params.get('args')]) {
        if (!raw) {
            continue;
        }
        try {
            const data = JSON.parse(raw) as unknown;
            if (Array.isArray(data) && data.length) {
                return data.map((r) => String((r as {methodname?: unknown} | null)?.methodname ?? '(unnamed)'));
            }
        } catch {
            // Not JSON: fall back to the info parameter.
        }
    }
    const info = params.get('info') ?? '';
    const many = /^(\d+)-method-calls$/.exec(info);
    if (many) {
        return Array.from({length: Number(many[1])}, () => '(unnamed)');
    }
    const names = info.split(',').filter(Boolean);
    return names.length ? names : ['(unnamed)'];
}

/**
 * Counts per function over many requests.
 *
 * @param requests the method names of each request
 * @returns name => calls
 */
export function countMethods(requests: string[][]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of requests.flat()) {
        out[name] = (out[name] ?? 0) + 1;
    }
    return out;
}
