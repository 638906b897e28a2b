/**
 * The upgrade engine's API (docs/engine.md), the one place the page and the tests take it from. It is its own AMD
 * module: the page loads it after its first paint, so the checks shown on page load need only the small page module.
 * The -lazy suffix keeps it out of the bundle Moodle serves on every page. The page passes ajaxServices() and
 * loadForgeBackend from ./services.
 *
 * @module     tool_kalturalti13/engine-lazy
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

import {connect} from './local/connect';
import {makePlan, selectedPlan} from './local/plan';
import {resume, revert, rollback, runUpgrade} from './local/run';

export {connect, makePlan, selectedPlan, resume, revert, rollback, runUpgrade};
export type {Connection, ConnectResult, EngineOptions} from './local/connect';
export type {PlanOptions} from './local/plan';
export type {KafView} from './local/hosted';
export type {Credentials} from './local/kaf/client';
export type {RunOutcome, StepName, StepUpdate} from './local/model';

/** What the page uses once it is connected. */
export interface EngineApi {
    connect: typeof connect;
    makePlan: typeof makePlan;
    selectedPlan: typeof selectedPlan;
    runUpgrade: typeof runUpgrade;
    resume: typeof resume;
    rollback: typeof rollback;
    revert: typeof revert;
}

/**
 * Every built module exposes init: here it returns the engine's API.
 *
 * @returns the API
 */
export function init(): EngineApi {
    return {connect, makePlan, selectedPlan, runUpgrade, resume, rollback, revert};
}
