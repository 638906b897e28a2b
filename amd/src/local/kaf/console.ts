// The KAF console's form pages through a client: /version, the Hosted page and other module pages (Ltigrading),
// read and saved as a browser would save them, whole, with only the planned fields changed.

import {HOSTED_PATH, readHosted, readModule, type HostedView, type ModuleView} from '../hosted';
import {editForm, formData, type Control, type EditProblem, type KafForm} from '../kafform';
import {EngineError} from '../errors';
import {msg} from '../model';
import {pageLinks} from './links';
import type {KafClient, KafPage} from './client';

/** Each way a planned KAF field can fail to be set, as its own whole sentence (never the problem's code). */
const EDIT_PROBLEM: Record<EditProblem['kind'], string> = {
    missing: 'engine_kafeditproblem_missing',
    nooption: 'engine_kafeditproblem_nooption',
    ambiguous: 'engine_kafeditproblem_ambiguous',
};

/**
 * GET /version: whether KAF answers.
 *
 * @param client the client
 * @returns the version text
 */
export async function version(client: KafClient): Promise<string> {
    const page = await client.request('GET', '/version');
    if (page.response.status !== 200) {
        throw new EngineError(msg('engine_err_kafstatus', {status: page.response.status, path: '/version'}), 'kafstatus');
    }
    return page.response.body.trim().slice(0, 200);
}

/**
 * The Hosted view of a page, with its links, or the problem thrown.
 *
 * @param page the page
 * @param partial accept a form missing some 1.3 fields (rollback)
 * @returns the view
 */
function hostedOf(page: KafPage, partial: boolean): HostedView {
    const view = page.response.status === 200 ? readHosted(page.doc(), page.path, partial)
        : {problem: msg('engine_kafnohostedform')};
    if ('problem' in view) {
        throw new EngineError(view.problem, 'kafformchanged');
    }
    return {...view, links: pageLinks(page.doc(), page.path)};
}

/**
 * Reads the Hosted page.
 *
 * @param client the client
 * @param partial accept a form missing some 1.3 fields (rollback)
 * @returns the view
 */
export async function hosted(client: KafClient, partial = false): Promise<HostedView> {
    return hostedOf(await client.request('GET', HOSTED_PATH), partial);
}

/**
 * Edits a form, or throws what stands in the way.
 *
 * @param form the form
 * @param changes field => value
 * @returns the edited form
 */
function edited(form: KafForm, changes: ReadonlyMap<string, string>): KafForm {
    const r = editForm(form, changes);
    if ('problem' in r) {
        throw new EngineError(msg(EDIT_PROBLEM[r.problem.kind], {field: r.problem.field}), 'kafformchanged');
    }
    return r.form;
}

/**
 * Posts a form as a browser would when the given button is clicked. A save posts the whole form again: repeating
 * it is harmless, but a fresh token may be needed, so the request itself is never repeated here.
 *
 * @param client the client
 * @param form the form
 * @param button the submit control
 * @returns the page that came back
 */
export async function submit(client: KafClient, form: KafForm, button: Control): Promise<KafPage> {
    const page = await client.request(form.method, form.action, formData(form, button), false);
    if (page.response.status >= 400) {
        throw new EngineError(msg('engine_err_kafstatus', {status: page.response.status, path: form.action}), 'kafstatus');
    }
    return page;
}

/**
 * Saves the Hosted form with the given fields changed, and nothing else, then reads it back. The form is the
 * one given (a fresh read) or read now, so that its anti-forgery token and every other control are current.
 *
 * @param client the client
 * @param changes field => value
 * @param view a fresh read of the page, if the caller has one (used once: a second attempt reads afresh)
 * @param partial accept a form missing some 1.3 fields (rollback)
 * @returns the Hosted page as it is after the save
 */
export async function saveHosted(client: KafClient, changes: ReadonlyMap<string, string>, view?: HostedView,
        partial = false): Promise<HostedView> {
    let given = view;
    return client.againOnce(async() => {
        const current = given ?? await hosted(client, partial);
        given = undefined;
        const page = await submit(client, edited(current.form, changes), current.save);
        rejected(page);
        // KAF answers a save with the page itself; read it from there when it is, saving a round trip.
        if (page.bare() === HOSTED_PATH) {
            try {
                return hostedOf(page, partial);
            } catch {
                // Not the form after all (an interstitial page): read it.
            }
        }
        return hosted(client, partial);
    });
}

/**
 * Throws when KAF answered a save with its error list.
 *
 * @param page the answer
 */
function rejected(page: KafPage): void {
    if (page.doc().querySelector('.errors li, .alert-danger')) {
        throw new EngineError(msg('engine_kafsaverejected', {path: page.bare()}), 'kafsaverejected');
    }
}

/**
 * Reads a module page with an `enabled` select (e.g. Ltigrading), or null when KAF has no such page or form.
 *
 * @param client the client
 * @param path the module's path
 * @returns the view, or null
 */
export async function module(client: KafClient, path: string): Promise<ModuleView | null> {
    const page = await client.request('GET', path);
    return page.response.status === 200 ? readModule(page.doc(), page.bare() || path) : null;
}

/**
 * Reads a module page that must be there.
 *
 * @param client the client
 * @param path the module's path
 * @returns the view
 */
export async function requireModule(client: KafClient, path: string): Promise<ModuleView> {
    const view = await module(client, path);
    if (!view) {
        throw new EngineError(msg('engine_kafnomoduleform', {path}), 'kafformchanged');
    }
    return view;
}

/**
 * Saves a module form with the given fields changed, and nothing else (the whole form, as Hosted), then reads it
 * back.
 *
 * @param client the client
 * @param path the module's path
 * @param changes field => value
 * @returns the page after the save
 */
export async function saveModule(client: KafClient, path: string, changes: ReadonlyMap<string, string>): Promise<ModuleView> {
    return client.againOnce(async() => {
        const current = await requireModule(client, path);
        rejected(await submit(client, edited(current.form, changes), current.save));
        return requireModule(client, path);
    });
}
