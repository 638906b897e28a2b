// The part of jsdom's API the tests use (jsdom ships no types; vitest's jsdom environment needs none).
declare module 'jsdom' {
    export class JSDOM {
        constructor(html?: string, options?: {url?: string});
        readonly window: Window & typeof globalThis;
    }
}
