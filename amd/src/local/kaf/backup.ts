// Server Tools > Backup Configuration > Save Backup > Yes, Save: KAF's own backup of its configuration, each page
// and button found by its visible text (the URLs behind them are not known, docs/platform.md).

import {HOSTED_PATH} from '../hosted';
import {formData, readForms} from '../kafform';
import {EngineError, isEngineError} from '../errors';
import {msg} from '../model';
import {linkKey, pageLinks} from './links';
import type {KafClient, KafPage} from './client';

const BACKUP_LINK = 'Backup Configuration';

/**
 * Opens the Backup Configuration page by its link: from the links of a page just read, or from the Hosted page.
 *
 * @param client the client
 * @param links the links of a page already read (saves reading it again), if any
 * @returns the page
 */
export async function openBackup(client: KafClient, links?: ReadonlyMap<string, string>): Promise<KafPage> {
    let target = links?.get(linkKey(BACKUP_LINK));
    if (target === undefined) {
        const from = await client.request('GET', HOSTED_PATH);
        target = pageLinks(from.doc(), from.path).get(linkKey(BACKUP_LINK));
    }
    if (target === undefined) {
        throw new EngineError(msg('engine_kafnolink', {text: BACKUP_LINK}), 'kafformchanged');
    }
    return client.request('GET', target);
}

/**
 * Clicks the button (submit control) with the given visible text, posting its form.
 *
 * @param client the client
 * @param page the page holding it
 * @param text the button's text
 * @returns the page that came back
 */
export async function clickButton(client: KafClient, page: KafPage, text: string): Promise<KafPage> {
    const want = text.toLowerCase();
    for (const form of readForms(page.doc(), page.path)) {
        const button = form.controls.find((c) => c.type === 'submit' && !c.disabled && c.label.trim().toLowerCase() === want);
        if (button) {
            const r = await client.request(form.method, form.action, formData(form, button), false);
            if (r.response.status >= 400) {
                throw new EngineError(msg('engine_err_kafstatus', {status: r.response.status, path: form.action}), 'kafstatus');
            }
            return r;
        }
    }
    throw new EngineError(msg('engine_kafnobutton', {text}), 'kafformchanged');
}

/**
 * Takes KAF's backup; once more from a fresh read when the session was renewed or KAF failed for a moment.
 *
 * @param client the client
 * @param opened the Backup Configuration page when already opened (used by the first attempt only)
 * @param links the links of a page already read, to open it by
 * @param started when the backup's first request carries the run's start (run_start ahead of it): settles once the
 *        run holds its lock; nothing is sent again before it has
 * @returns what KAF said
 */
export async function backup(client: KafClient, opened?: Promise<KafPage>, links?: ReadonlyMap<string, string>,
        started?: Promise<unknown>): Promise<{confirmed: number; text: string}> {
    let first = opened;
    let attempts = 0;
    return client.againOnce(async() => {
        if (attempts++ > 0) {
            await started;
        }
        const early = first;
        first = undefined;
        let step: KafPage;
        try {
            step = await clickButton(client, early ? await early : await openBackup(client, links), 'Save Backup');
        } catch (e) {
            // A page opened before the run may have outlived its form (a token that expired or was replaced): KAF
            // refused it and saved nothing, so once more from a fresh read.
            if (!early || !isEngineError(e) || e.errorcode !== 'kafstatus') {
                throw e;
            }
            await started;
            step = await clickButton(client, await openBackup(client, links), 'Save Backup');
        }
        if (!/saved successfully/i.test(step.doc().body?.textContent ?? '')) {
            step = await clickButton(client, step, 'Yes, Save');
        }
        const text = (step.doc().body?.textContent ?? '').replace(/\s+/g, ' ');
        if (!/Configuration file was saved successfully/i.test(text)) {
            throw new EngineError(msg('engine_kafbackupnotconfirmed'), 'kafbackup');
        }
        return {confirmed: 1, text: 'Configuration file was saved successfully.'};
    });
}
