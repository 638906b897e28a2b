/**
 * The upgrade engine as its own AMD module: the page loads it after its first paint, so the checks shown on
 * page load need only the small page module. The -lazy suffix keeps it out of the bundle Moodle serves on every page.
 *
 * @module     tool_kalturalti13/engine-lazy
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

import {connect} from './local/connect';
import {makePlan, selectedPlan} from './local/plan';
import {resume, revert, rollback, runUpgrade} from './local/run';

export {connect, makePlan, selectedPlan, resume, revert, rollback, runUpgrade};

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
