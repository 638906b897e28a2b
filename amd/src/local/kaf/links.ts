// Where a page's links go, by their visible text, as a person reading it would find them. Pure (DOM only).

/**
 * A link's visible text as it is matched: spaces folded, case ignored.
 *
 * @param text the text
 * @returns the key
 */
export function linkKey(text: string): string {
    return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Where each link of a page goes, by visible text; the first link with a text wins, as a person reading the page
 * top down would pick it.
 *
 * @param doc the page
 * @param path its path (for relative links)
 * @returns text key => path and query on the KAF host
 */
export function pageLinks(doc: Document, path: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const a of Array.from(doc.querySelectorAll('a[href]'))) {
        const key = linkKey(a.textContent ?? '');
        if (!out.has(key)) {
            const url = new URL(a.getAttribute('href') ?? '', 'https://kaf.invalid' + path);
            out.set(key, url.pathname + url.search);
        }
    }
    return out;
}
