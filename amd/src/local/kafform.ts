// KAF console forms as plain data: parse a page with DOMParser, change only named fields, and compute the
// fields a browser would post (the successful controls of HTML 4.01 §17.13.2 / the HTML form-data set).
// Everything here but parsing is pure.

import type {Field} from './model';

export interface Option {
    value: string;
    label: string;
    selected: boolean;
    disabled: boolean;
}

export type ControlType = 'text' | 'hidden' | 'checkbox' | 'radio' | 'select' | 'multiselect' | 'textarea' | 'submit'
    | 'ignored';

export interface Control {
    name: string;
    type: ControlType;
    /** Inputs and textareas: the value; checkboxes and radios: the value sent when checked. */
    value: string;
    checked: boolean;
    disabled: boolean;
    options: Option[];
    /** Buttons: the visible text; others: ''. */
    label: string;
    /** Class names, for finding the Save button. */
    classes: string[];
}

export interface KafForm {
    id: string;
    method: 'GET' | 'POST';
    /** Path (and query) on the KAF host the form posts to. */
    action: string;
    controls: Control[];
}

const NOT_SENT_INPUTS = ['button', 'reset', 'file', 'image'];

/**
 * Parses an HTML page.
 *
 * @param html the page
 * @returns the document
 */
export function parseHtml(html: string): Document {
    return new DOMParser().parseFromString(html, 'text/html');
}

/**
 * Whether an element is disabled, itself or by a disabled fieldset (outside that fieldset's first legend).
 *
 * @param el the control
 * @returns true when disabled
 */
function isDisabled(el: Element): boolean {
    if (el.hasAttribute('disabled')) {
        return true;
    }
    for (let p = el.parentElement; p; p = p.parentElement) {
        if (p.tagName === 'FIELDSET' && p.hasAttribute('disabled')) {
            const legend = p.querySelector(':scope > legend');
            return !(legend && legend.contains(el));
        }
    }
    return false;
}

/**
 * Reads a select's options with a browser's selectedness: no selected option in a single select means the
 * first enabled one; several mean the last.
 *
 * @param el the select
 * @param multiple whether it is a multiple select
 * @returns the options
 */
function readOptions(el: Element, multiple: boolean): Option[] {
    const options = Array.from(el.querySelectorAll('option')).map((o) => ({
        value: o.hasAttribute('value') ? (o.getAttribute('value') ?? '') : collapse(o.textContent ?? ''),
        label: o.getAttribute('label') ?? collapse(o.textContent ?? ''),
        selected: o.hasAttribute('selected'),
        disabled: o.hasAttribute('disabled')
            || (o.parentElement?.tagName === 'OPTGROUP' && o.parentElement.hasAttribute('disabled')),
    }));
    if (multiple) {
        return options;
    }
    const last = options.map((o) => o.selected).lastIndexOf(true);
    const chosen = last >= 0 ? last : options.findIndex((o) => !o.disabled);
    return options.map((o, i) => ({...o, selected: i === chosen}));
}

/**
 * Collapses whitespace as option text is (strip and collapse ASCII whitespace).
 *
 * @param s text
 * @returns collapsed text
 */
function collapse(s: string): string {
    return s.replace(/[ \t\n\f\r]+/g, ' ').trim();
}

/**
 * Reads one form-associated element as a control.
 *
 * @param el the element
 * @returns the control
 */
function readControl(el: Element): Control {
    const tag = el.tagName.toLowerCase();
    const base: Omit<Control, 'type'> = {
        name: el.getAttribute('name') ?? '', value: '', checked: false, disabled: isDisabled(el), options: [],
        label: '', classes: Array.from(el.classList),
    };
    if (tag === 'select') {
        const multiple = el.hasAttribute('multiple');
        return {...base, type: multiple ? 'multiselect' : 'select', options: readOptions(el, multiple)};
    }
    if (tag === 'textarea') {
        return {...base, type: 'textarea', value: (el as HTMLTextAreaElement).defaultValue};
    }
    if (tag === 'button') {
        const type = (el.getAttribute('type') ?? 'submit').toLowerCase();
        return {...base, type: type === 'submit' ? 'submit' : 'ignored', value: el.getAttribute('value') ?? '',
            label: collapse(el.textContent ?? '')};
    }
    return tag === 'input' ? readInput(el, base) : {...base, type: 'ignored'};
}

/**
 * Reads an input element as a control.
 *
 * @param el the input
 * @param base what every control has
 * @returns the control
 */
function readInput(el: Element, base: Omit<Control, 'type'>): Control {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    const value = el.getAttribute('value');
    if (type === 'checkbox' || type === 'radio') {
        return {...base, type, value: value ?? 'on', checked: el.hasAttribute('checked')};
    }
    if (type === 'submit') {
        return {...base, type: 'submit', value: value ?? 'Submit', label: value ?? 'Submit'};
    }
    if (NOT_SENT_INPUTS.includes(type)) {
        return {...base, type: 'ignored', value: value ?? ''};
    }
    return {...base, type: type === 'hidden' ? 'hidden' : 'text', value: value ?? ''};
}

/**
 * Turns a form's action into a path on the KAF host.
 *
 * @param action the action attribute ('' = the page itself)
 * @param pagePath the path the page was read from
 * @returns the path with query, and whether the action names another host
 */
export function actionPath(action: string, pagePath: string): {path: string; offhost: boolean} {
    const base = 'https://kaf.invalid';
    const url = new URL(action.trim() === '' ? pagePath : action.trim(), base + pagePath);
    // An absolute action naming the KAF host itself cannot be told apart here; the shim pins the host anyway.
    return {path: url.pathname + url.search, offhost: url.origin !== base && !/^https:\/\//i.test(action.trim())};
}

/**
 * Reads a form element.
 *
 * @param form the form
 * @param pagePath the path the page was read from
 * @returns the form data
 */
export function readForm(form: HTMLFormElement, pagePath: string): KafForm {
    const {path} = actionPath(form.getAttribute('action') ?? '', pagePath);
    const method = (form.getAttribute('method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const controls = Array.from(form.elements).map(readControl);
    return {id: form.getAttribute('id') ?? '', method, action: path, controls};
}

/**
 * Finds the forms of a page.
 *
 * @param doc the page
 * @param pagePath the path it was read from
 * @returns its forms
 */
export function readForms(doc: Document, pagePath: string): KafForm[] {
    return Array.from(doc.querySelectorAll('form')).map((f) => readForm(f, pagePath));
}

/**
 * The fields a browser posts for this form when the given submit button is clicked, in tree order.
 *
 * @param form the form
 * @param submitter the clicked button (or null)
 * @returns name/value pairs
 */
export function successfulControls(form: KafForm, submitter: Control | null): Field[] {
    const out: Field[] = [];
    for (const c of form.controls) {
        if (c.name === '' || c.disabled) {
            continue;
        }
        switch (c.type) {
            case 'submit':
                if (c === submitter) {
                    out.push({name: c.name, value: c.value});
                }
                break;
            case 'checkbox':
            case 'radio':
                if (c.checked) {
                    out.push({name: c.name, value: c.value});
                }
                break;
            case 'select':
            case 'multiselect':
                c.options.filter((o) => o.selected && !o.disabled).forEach((o) => out.push({name: c.name, value: o.value}));
                break;
            case 'ignored':
                break;
            default:
                out.push({name: c.name, value: c.value});
        }
    }
    return out;
}

/**
 * The entries a browser posts: the successful controls with every line break as CRLF, as browsers encode
 * form data (an HTML parser turned the page's CRLF into LF; posting LF would change a value KAF holds).
 *
 * @param form the form
 * @param submitter the clicked button (or null)
 * @returns name/value pairs to post
 */
export function formData(form: KafForm, submitter: Control | null): Field[] {
    const crlf = (s: string): string => s.replace(/\r\n|\r|\n/g, '\r\n');
    return successfulControls(form, submitter).map((f) => ({name: crlf(f.name), value: crlf(f.value)}));
}

/**
 * Finds the Save button as a person would: a submit control labelled "Save" or with class "save".
 *
 * @param form the form
 * @returns the button or null
 */
export function findSaveButton(form: KafForm): Control | null {
    const submits = form.controls.filter((c) => c.type === 'submit' && !c.disabled);
    return submits.find((c) => c.label.trim().toLowerCase() === 'save')
        ?? submits.find((c) => c.classes.includes('save')) ?? null;
}

/** Why an edit could not be made. */
export type EditProblem =
    | {kind: 'missing'; field: string}
    | {kind: 'nooption'; field: string; value: string}
    | {kind: 'ambiguous'; field: string};

/**
 * Sets one control's value, returning a new control.
 *
 * @param c the control
 * @param value the new value
 * @returns the new control, or the problem
 */
function setControl(c: Control, value: string): Control | EditProblem {
    switch (c.type) {
        case 'select': {
            if (!c.options.some((o) => o.value === value && !o.disabled)) {
                return {kind: 'nooption', field: c.name, value};
            }
            const idx = c.options.findIndex((o) => o.value === value && !o.disabled);
            return {...c, disabled: false, options: c.options.map((o, i) => ({...o, selected: i === idx}))};
        }
        case 'checkbox':
            return {...c, disabled: false, checked: value === c.value};
        case 'text':
        case 'hidden':
        case 'textarea':
            return {...c, disabled: false, value};
        default:
            return {kind: 'ambiguous', field: c.name};
    }
}

/**
 * Changes the named fields and nothing else. A planned field that is disabled is enabled, as KAF's own
 * script does when LTI 1.3 is chosen; every other control is kept exactly as it came.
 *
 * @param form the form
 * @param changes field name => new value
 * @returns the edited form, or the first problem
 */
export function editForm(form: KafForm, changes: ReadonlyMap<string, string>): {form: KafForm} | {problem: EditProblem} {
    for (const name of changes.keys()) {
        const matching = form.controls.filter((c) => c.name === name && c.type !== 'ignored' && c.type !== 'submit');
        if (matching.length === 0) {
            return {problem: {kind: 'missing', field: name}};
        }
        if (matching.length > 1 && !matching.every((c) => c.type === 'radio')) {
            return {problem: {kind: 'ambiguous', field: name}};
        }
        if (matching[0]?.type === 'radio' && !matching.some((c) => c.value === changes.get(name))) {
            return {problem: {kind: 'nooption', field: name, value: changes.get(name) ?? ''}};
        }
    }
    const controls: Control[] = [];
    for (const c of form.controls) {
        const value = changes.get(c.name);
        if (value === undefined || c.type === 'ignored' || c.type === 'submit') {
            controls.push(c);
        } else if (c.type === 'radio') {
            controls.push({...c, disabled: false, checked: c.value === value});
        } else {
            const r = setControl(c, value);
            if ('kind' in r) {
                return {problem: r};
            }
            controls.push(r);
        }
    }
    return {form: {...form, controls}};
}

/**
 * The form's current values: every named control, with the values it would send ([] for an unchecked
 * checkbox, so that it is told apart from an absent one).
 *
 * @param form the form
 * @returns name => values in tree order
 */
export function formValues(form: KafForm): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const c of form.controls) {
        if (c.name !== '' && c.type !== 'ignored' && c.type !== 'submit' && !out.has(c.name)) {
            out.set(c.name, []);
        }
    }
    for (const f of successfulControls(form, null)) {
        out.get(f.name)?.push(f.value);
    }
    return out;
}
