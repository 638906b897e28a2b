// The shim's external functions bound to core/ajax. Their types are the contract (local/model.ts, re-exported
// here for the page); the engine talks to nothing else, and tests substitute an adapter with the same interface.

import Ajax from 'core/ajax';
import type {Services} from './local/model';
import {makeAjaxServices} from './local/shim';

export type * from './local/model';
export {ServiceError, isServiceError, toServiceError} from './local/shim';

/**
 * The Services implementation the page uses: the shim through core/ajax (which adds the sesskey).
 *
 * @returns the services
 */
export function ajaxServices(): Services {
    return makeAjaxServices(Ajax);
}

/**
 * Loads the node-forge key backend (its own AMD module) for pages without crypto.subtle. It lives here, in a
 * top-level module, because the build turns only a sibling import './forge_keys-lazy' into that AMD module.
 *
 * @returns the backend
 */
export async function loadForgeBackend(): Promise<import('./local/keys').KeyBackend> {
    const m = await import('./forge_keys-lazy');
    return m.backend;
}
