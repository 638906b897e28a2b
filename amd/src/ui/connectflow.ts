// Connect: the KAF credentials asked once in a modal, used for this connection only, and the checks it brings back.

import Templates from 'core/templates';
import Pending from 'core/pending';
import {loadForgeBackend, type Services} from '../services';
import type * as engine from '../engine-lazy';
import {effectiveKafUri} from '../local/kafuri';
import type {Check} from '../local/model';
import {regions} from './selectors';
import {mergeChecks} from './view';
import {str, withStrings} from './strings';
import {createSaveCancel, runModal} from './modal';
import {loadEngine, type PageState} from './pagestate';
import {renderOverview} from './overview';

/**
 * Asks for the KAF credentials in a modal and connects; wrong credentials are said inside the modal.
 *
 * @param root the page root
 * @param services the shim
 * @param ps the page state
 * @returns the connection and its checks, or null when the admin cancelled
 */
export async function askAndConnect(root: HTMLElement, services: Services, ps: PageState):
        Promise<{connection: engine.Connection; checks: Check[]} | null> {
    const kafhost = effectiveKafUri(ps.state.settings.kaf_uri).replace(/^https:\/\//, '');
    const bodyHtml = await Templates.render('tool_kalturalti13/credentials', {kafhost, uniqid: `k${Date.now()}`});
    const modal = await createSaveCancel({
        title: await str('credentials_title'),
        bodyHtml,
        saveLabel: await str('action_connect'),
    });
    let result: {connection: engine.Connection; checks: Check[]} | null = null;
    const saved = await runModal(modal, async(body) => {
        const form = body.querySelector<HTMLFormElement>(regions.credentialsForm);
        const error = body.querySelector<HTMLElement>(regions.credentialsError);
        const username = (form?.elements.namedItem('username') as HTMLInputElement | null)?.value.trim() ?? '';
        const passwordInput = form?.elements.namedItem('password') as HTMLInputElement | null;
        const password = passwordInput?.value ?? '';
        if (!username || !password) {
            if (error) {
                error.textContent = await str('credentials_missing');
            }
            return false;
        }
        const pending = new Pending('tool_kalturalti13/connect');
        try {
            const r = await (await loadEngine()).connect(services, ps.state, {username, password},
                {loadForge: loadForgeBackend, fixKafUri: true});
            if (!r.ok) {
                const failed = r.checks.find((c) => c.result === 'fail');
                if (failed && failed.id === 'kaflogin') {
                    // Wrong credentials: say so where they were typed, keep the modal open.
                    if (error) {
                        error.textContent = await withStrings((t) => t(r.error));
                    }
                    if (passwordInput) {
                        passwordInput.value = '';
                        passwordInput.focus();
                    }
                    return false;
                }
                ps.checks = mergeChecks(ps.checks, r.checks);
                await renderOverview(root, ps);
                return true;
            }
            result = {connection: r.connection, checks: r.checks};
            // The run's first KAF page is being opened in the background: pending until it is there.
            const opening = new Pending('tool_kalturalti13/backupopen');
            r.connection.backupPage?.page.then(() => opening.resolve(), () => opening.resolve());
            return true;
        } finally {
            pending.resolve();
        }
    });
    return saved ? result : null;
}
