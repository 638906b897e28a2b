// The admin's choices on the plan: the grade tool, and keeping users' Kaltura ids or accepting new ones.

import {actions} from './selectors';
import {loadEngine, type PageState} from './pagestate';
import {renderOverview} from './overview';
import {userIdOptions, type UserIdChoiceValue} from './plancontext';

/**
 * The admin changed a choice on the plan (the grade tool, the user-id choice): plan again and show it.
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
    } else if (target.matches(actions.useridChoice)) {
        ps.planOptions = {...ps.planOptions, ...userIdOptions(target.value as UserIdChoiceValue)};
    } else if (target.matches(actions.useridAck)) {
        ps.planOptions = {...ps.planOptions, ...userIdOptions(target.checked)};
    } else {
        return;
    }
    ps.plan = (await loadEngine()).makePlan(ps.connection.state, ps.connection.kaf, ps.planOptions);
    await renderOverview(root, ps);
}
