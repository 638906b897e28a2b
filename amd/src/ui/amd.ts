// Loads a Moodle AMD module on demand through RequireJS itself. Rollup's namespace interop walks inherited
// properties, which breaks on 4.3's modal classes (static members inherited from core/modal).

declare const require: (ids: string[], done: (mod: unknown) => void, failed: (e: unknown) => void) => void;

/**
 * Loads a module and gives its default export, as Babel's interop does for Moodle's own ES modules.
 *
 * @param id the AMD module id
 * @returns the module's default export (or the module itself when it is a plain AMD module)
 */
export function loadDefault<T>(id: string): Promise<T> {
    return new Promise((resolve, reject) => {
        require([id], (mod) => {
            const m = mod as {__esModule?: boolean; default?: unknown} | null;
            resolve((m && m.__esModule ? m.default : m) as T);
        }, reject);
    });
}
