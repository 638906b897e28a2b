/**
 * The Kaltura LTI 1.3 upgrade page: wires the page's regions and buttons to the engine.
 *
 * The jobs live in ./ui (bundled into this module): overview (status, checks, plan, buttons, banner), connectflow
 * (the credentials modal), planview (the plan's choices), runview (a run's progress and verdict), actions (the
 * buttons).
 *
 * @module     tool_kalturalti13/page
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

import Notification from 'core/notification';
import Pending from 'core/pending';
import {ajaxServices} from './services';
import {normaliseState, type WireState} from './local/shim';
import {preflightLocal} from './local/preflight';
import {loadEngine, provideEngine, type PageState} from './ui/pagestate';
import {renderBanner, renderOverview, updateButtons} from './ui/overview';
import {onPlanChoice} from './ui/planview';
import {onAction} from './ui/actions';
import {prefetch} from './ui/dom';

// Here, in the entry, rollup.config.mjs maps './engine-lazy' to the AMD module tool_kalturalti13/engine-lazy
// instead of bundling it: the engine stays a module of its own, loaded after the first paint.
provideEngine(() => import('./engine-lazy'));

/**
 * Start the page.
 *
 * @param rootSelector CSS selector of the page's root element
 */
export const init = async(rootSelector: string): Promise<void> => {
    const root = document.querySelector<HTMLElement>(rootSelector);
    if (!root) {
        return;
    }
    const pending = new Pending('tool_kalturalti13/init');
    const services = ajaxServices();
    // The first render needs these templates and its strings: without this each template was a round trip of its
    // own, one after the other and after the strings'. Now the first goes out beside the strings.
    prefetch(['checklist', 'status']);
    try {
        // The state comes in the page (index.php); a page without it (an older cache) asks for it.
        const inline = root.dataset.state;
        const state = inline ? normaliseState(JSON.parse(inline) as WireState) : await services.getState();
        const ps: PageState = {state, checks: preflightLocal(state), connection: null, plan: null, kafAuth: null,
            busy: false, planOptions: {}};
        root.addEventListener('change', (e) => {
            const target = e.target as HTMLInputElement | null;
            if (target && root.contains(target)) {
                onPlanChoice(root, ps, target).catch((err) => Notification.exception(err));
            }
        });
        root.addEventListener('click', (e) => {
            const target = (e.target as HTMLElement | null)?.closest<HTMLElement>('[data-action]');
            // Plan choices (radio, checkbox) are inputs: they act on change, and their click must tick them.
            if (target && root.contains(target) && !(target instanceof HTMLInputElement)) {
                e.preventDefault();
                onAction(root, services, ps, target).catch((err) => {
                    ps.busy = false;
                    updateButtons(root, ps);
                    return Notification.exception(err);
                });
            }
        });
        await Promise.all([renderBanner(root, ps), renderOverview(root, ps)]);
        root.dataset.ready = '1';
        // The engine is needed from Connect on; fetch it now, off the path to the first paint. A failure here shows
        // again, with its message, when the admin connects.
        loadEngine().catch(() => null);
    } catch (e) {
        await Notification.exception(e);
    } finally {
        pending.resolve();
    }
};
