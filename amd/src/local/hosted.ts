// What we know of KAF's Hosted module page (docs/platform.md §3), read from a parsed page. Pure.

import {findSaveButton, formValues, readForms, type Control, type KafForm} from './kafform';
import {msg, type Lti13Layout, type Message} from './types';

export const HOSTED_PATH = '/admin/config/tab/hosted';

export const LTI13_FIELDS = ['lti13PlatformOidcAuthUrl', 'lti13AuthTokenUrl', 'lti13KeysUrl', 'lti13ClientId',
    'lti13ServicePrivateKey', 'lti13ServicePublicKey'] as const;

export type Lti13Field = typeof LTI13_FIELDS[number];

/**
 * Whether a Hosted field belongs to KAF's LTI 1.3 group (the lti13* fields, user-id claim included), which KAF
 * may render only while 1.3 is selected.
 *
 * @param name the field
 * @returns true for a 1.3 field
 */
export function isLti13Field(name: string): boolean {
    return name.startsWith('lti13');
}

export interface HostedView {
    form: KafForm;
    save: Control;
    layout: Lti13Layout;
    authMethod: {current: string; lti11: string; lti13: string};
    /** Every named control's values as read. */
    values: Map<string, string[]>;
    /** Where the page's links go, by visible text (the backup starts from one of them); absent when not kept. */
    links?: ReadonlyMap<string, string>;
}

/**
 * Normalises an option's value or label for matching: lower case, no spaces, dots or dashes; the "Iti"
 * of the vendor's screenshots (an OCR slip for "lti") also matches.
 *
 * @param s text
 * @returns normalised text
 */
function norm(s: string): string {
    return s.toLowerCase().replace(/[\s._-]+/g, '').replace(/^iti/, 'lti');
}

/**
 * Finds the authMethod options for LTI 1.1 and LTI 1.3 by value or label.
 *
 * @param c the authMethod select
 * @returns the option values, '' when not found
 */
export function authMethodOptions(c: Control): {lti11: string; lti13: string} {
    const find = (re: RegExp): string => c.options.find((o) => re.test(norm(o.value)) || re.test(norm(o.label)))?.value ?? '';
    return {lti11: find(/^lti(1[01]?|10?11)?$/), lti13: find(/^lti13$|^lti13\b|^ltiadvantage$/)};
}

/**
 * The first value of a named field, or ''.
 *
 * @param view the Hosted view
 * @param name field name
 * @returns value
 */
export function hostedValue(view: HostedView, name: string): string {
    return view.values.get(name)?.[0] ?? '';
}

/**
 * Reads the Hosted page, or says what is missing or different.
 *
 * @param doc the parsed page
 * @param path the path it was read from
 * @param partial accept a form that lacks some 1.3 fields (a rollback puts back what the form shows, and names the rest)
 * @returns the view, or the problem as a message
 */
export function readHosted(doc: Document, path: string, partial = false): HostedView | {problem: Message} {
    const form = readForms(doc, path).find((f) => f.controls.some((c) => c.name === 'authMethod'));
    if (!form) {
        return {problem: msg('engine_kafnohostedform')};
    }
    const select = form.controls.find((c) => c.name === 'authMethod');
    if (!select || select.type !== 'select') {
        return {problem: msg('engine_kafauthmethodnotselect')};
    }
    const options = authMethodOptions(select);
    if (!options.lti13) {
        return {problem: msg('engine_kafnolti13option')};
    }
    if (!options.lti11) {
        return {problem: msg('engine_kafnolti11option')};
    }
    const save = findSaveButton(form);
    if (!save) {
        return {problem: msg('engine_kafnosavebutton')};
    }
    if (form.method !== 'POST') {
        return {problem: msg('engine_kafformnotpost')};
    }
    const values = formValues(form);
    const present = LTI13_FIELDS.filter((f) => values.has(f));
    const current = values.get('authMethod')?.[0] ?? '';
    if (!partial && present.length !== LTI13_FIELDS.length && (present.length > 0 || current === options.lti13)) {
        const missing = LTI13_FIELDS.filter((f) => !values.has(f));
        return {problem: msg('engine_kaffieldsmissing', {fields: missing.join(', ')})};
    }
    const layout: Lti13Layout = present.length === LTI13_FIELDS.length ? 'present' : 'after-save';
    return {form, save, layout, authMethod: {current, ...options}, values};
}

export const LTIGRADING_PATH = '/admin/config/tab/ltigrading';

/** Another KAF module's page (e.g. Ltigrading): its form, Save button and values. */
export interface ModuleView {
    path: string;
    form: KafForm;
    save: Control;
    values: Map<string, string[]>;
    /** The option of `enabled` that means Yes ('' when none is found). */
    on: string;
}

/**
 * Reads a module page whose form has an `enabled` select, or null when the page has no such form.
 *
 * @param doc the parsed page
 * @param path the path it was read from
 * @returns the view, or null
 */
export function readModule(doc: Document, path: string): ModuleView | null {
    const form = readForms(doc, path).find((f) => f.controls.some((c) => c.name === 'enabled' && c.type === 'select'));
    const save = form ? findSaveButton(form) : null;
    if (!form || !save || form.method !== 'POST') {
        return null;
    }
    const enabled = form.controls.find((c) => c.name === 'enabled') as Control;
    const on = enabled.options.find((o) => /^(yes|on|enabled?)$/i.test(o.label.trim()))?.value
        ?? enabled.options.find((o) => o.value === '1')?.value ?? '';
    return {path, form, save, values: formValues(form), on};
}
