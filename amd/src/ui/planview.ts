// The admin's choices on the plan: the grade tool, the opt-in user-id line and its acknowledgement.

import {actions} from './selectors';
import {loadEngine, type PageState} from './pagestate';
import {renderOverview} from './overview';

/**
 * The admin changed a choice on the plan (the grade tool, the opt-in line): plan again and show it.
 *
 * @param root the page root
 * @param ps the page state
 * @param target the input that changed
 */
export async function onPlanChoice(root: HTMLElement, ps: PageState, target: HTMLInputElement): Promise<void> {
    if (ps.busy || !ps.connection) {
        return;
    }
    if (target.matches(actions.chooseTool)) {
        ps.planOptions = {...ps.planOptions, tool: Number(target.value)};
    } else if (target.matches(actions.optIn)) {
        ps.planOptions = {...ps.planOptions, userid: target.checked};
    } else if (target.matches(actions.useridAck)) {
        ps.planOptions = {...ps.planOptions, useridAck: target.checked};
    } else {
        return;
    }
    ps.plan = (await loadEngine()).makePlan(ps.connection.state, ps.connection.kaf, ps.planOptions);
    await renderOverview(root, ps);
}
