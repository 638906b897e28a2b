// Loading built AMD modules the way Moodle serves them: tool_kalturalti13/<name> from amd/build/<name>.min.js.
import {readFileSync, readdirSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let contexts = 0;

/**
 * Loads every module of an amd/build folder under requirejs by its Moodle id.
 *
 * @param buildDir the amd/build folder
 * @returns each module's file, id, source and exports
 */
export async function loadAmdBuild(buildDir: string): Promise<Array<{file: string; id: string; source: string;
        exports: Record<string, unknown>}>> {
    const requirejs = require('requirejs');
    const modules = readdirSync(buildDir).filter((n) => n.endsWith('.min.js')).sort();
    const ctx = requirejs.config({
        context: `build-test-${++contexts}`,
        baseUrl: buildDir,
        nodeRequire: require,
        paths: Object.fromEntries(modules.map((n) => [`tool_kalturalti13/${n.replace(/\.min\.js$/, '')}`, n.replace(/\.js$/, '')])),
    });
    // Moodle's core modules do not exist outside Moodle: stand-ins that only need to be definable.
    for (const id of ['core/ajax', 'core/str', 'core/templates', 'core/notification', 'core/pending',
        'core/config', 'core/modal_factory', 'core/modal_events', 'core/modal_save_cancel', 'core/modal',
        'jquery']) {
        requirejs.define(id, [], () => ({}));
    }
    const loaded = [];
    for (const file of modules) {
        const id = `tool_kalturalti13/${file.replace(/\.min\.js$/, '')}`;
        const exports = await new Promise<Record<string, unknown>>((resolve, reject) => {
            ctx([id], resolve, reject);
        });
        loaded.push({file, id, source: readFileSync(path.join(buildDir, file), 'utf8'), exports});
    }
    return loaded;
}

/** A Moodle page's AMD loader over amd/build, with the core modules a release has, and what it was asked for. */
export interface AmdSite {
    /** Loads a module by its id. */
    load<T>(id: string): Promise<T>;
    /** Every module id the loader had to fetch (none of the core modules given): the plugin's, and any unknown. */
    requested: string[];
    /** Puts requirejs's loader back. */
    close(): void;
}

/**
 * A requirejs context that serves tool_kalturalti13/* from amd/build and exactly the given core modules, as a
 * Moodle release would: a module not given is fetched, fails as it does on a site without it, and is recorded.
 *
 * @param buildDir the amd/build folder
 * @param core each core module id with its exports
 * @returns the site's loader
 */
export function amdSite(buildDir: string, core: Record<string, unknown>): AmdSite {
    const requirejs = require('requirejs');
    const modules = readdirSync(buildDir).filter((n) => n.endsWith('.min.js')).sort();
    const contextName = `site-test-${++contexts}`;
    const ctx = requirejs.config({
        context: contextName,
        baseUrl: buildDir,
        nodeRequire: require,
        paths: Object.fromEntries(modules.map((n) => [`tool_kalturalti13/${n.replace(/\.min\.js$/, '')}`, n.replace(/\.js$/, '')])),
    });
    for (const [id, value] of Object.entries(core)) {
        requirejs.define(id, [], () => value);
    }
    const requested: string[] = [];
    const load = requirejs.load;
    requirejs.load = (context: {contextName: string}, moduleName: string, url: string): unknown => {
        if (context.contextName === contextName) {
            requested.push(moduleName);
        }
        return load(context, moduleName, url);
    };
    return {
        load: <T>(id: string): Promise<T> => new Promise<T>((resolve, reject) => {
            ctx([id], resolve, reject);
        }),
        requested,
        close: (): void => {
            requirejs.load = load;
        },
    };
}
