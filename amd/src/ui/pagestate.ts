// What the page knows, and the engine it loads once. Bundled into tool_kalturalti13/page (rollup.config.mjs builds
// only the listed entries as AMD modules).

import type {State} from '../services';
import type * as engine from '../engine-lazy';
import type {Check, Plan} from '../local/model';

/** What the page knows; replaced as a whole at each stage so no half-updated state is ever rendered. */
export interface PageState {
    state: State;
    checks: Check[];
    connection: engine.Connection | null;
    plan: Plan | null;
    /** The admin's choices on the plan: the grade tool, keeping users' Kaltura ids or accepting new ones. */
    planOptions: engine.PlanOptions;
    /** KAF's authMethod as last read or as a verified run left it; null until connected. */
    kafAuth: AuthMethod | null;
    busy: boolean;
    /** How the last run on this page failed, until the admin connects again: the buttons say what comes next. */
    lastFailure?: 'rolledback' | 'rollbackfailed' | null;
}

export type AuthMethod = engine.KafView['hosted']['authMethod'];

export type EngineModule = typeof import('../engine-lazy');

// The import itself is page.ts's: only there does rollup.config.mjs read './engine-lazy' as the AMD module
// tool_kalturalti13/engine-lazy; from this folder the same import would bundle the whole engine into the page.
let importEngine: (() => Promise<EngineModule>) | null = null;
let enginePromise: Promise<EngineModule> | null = null;
/** The engine once loaded: always set by the time there is a plan (connecting needs it). */
let loadedEngine: EngineModule | null = null;

/**
 * Says how to import the engine module; page.ts calls it before anything can ask for the engine.
 *
 * @param load imports tool_kalturalti13/engine-lazy
 */
export function provideEngine(load: () => Promise<EngineModule>): void {
    importEngine = load;
}

/**
 * The engine module, loaded once (the page starts loading it right after its first paint).
 *
 * @returns the engine
 */
export function loadEngine(): Promise<EngineModule> {
    enginePromise = enginePromise ?? (importEngine ?? noEngine)().then((m) => {
        loadedEngine = m;
        return m;
    });
    return enginePromise;
}

/**
 * The engine when it has loaded, without waiting for it.
 *
 * @returns the engine, or null while it is not loaded
 */
export function engineIfLoaded(): EngineModule | null {
    return loadedEngine;
}

/**
 * Fails the load when page.ts never said how to import the engine (a wiring mistake, not a state of the page).
 *
 * @returns never: a rejected promise
 */
function noEngine(): Promise<EngineModule> {
    return Promise.reject(new Error('tool_kalturalti13: the engine import was not provided'));
}
