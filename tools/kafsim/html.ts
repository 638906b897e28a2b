// HTML rendering of the simulated KAF console pages.

import {CORE_NAV, KAF_NAV, type FieldDef, type ModuleDef, type ModuleValues} from './modules.js';

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @param s raw text
 * @returns escaped text
 */
export function esc(s: string): string {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

/**
 * The id ZF1 gives an element: brackets become dashes.
 *
 * @param name field name
 * @returns element id
 */
export function fieldId(name: string): string {
    return name.replace(/\]\[|\[|\]/g, '-').replace(/-+$/, '');
}

export interface PageOptions {
    title: string;
    body: string;
    loggedIn: boolean;
    partnerId: string;
    hostname: string;
}

/**
 * A whole page with header and (when logged in) the navigation and logout control.
 *
 * @param o page parts
 * @returns HTML document
 */
export function page(o: PageOptions): string {
    const header = '<div id="header"><h1>Configuration Management</h1>'
        + `<span class="instance">Partner ${esc(o.partnerId)} &middot; ${esc(o.hostname)}</span>`
        + (o.loggedIn ? ' <a id="logout-button" class="logout" href="/admin/logout">Logout</a>' : '')
        + '</div>\n';
    const content = (o.loggedIn ? navigation() : '') + `<div id="content">\n${o.body}\n</div>\n`;
    return '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        + `<title>${esc(o.title)} - Configuration Management</title>\n</head>\n<body>\n${header}${content}</body>\n</html>\n`;
}

/**
 * The left-hand navigation: Server Tools and every module.
 *
 * @returns HTML
 */
export function navigation(): string {
    const link = (t: string): string => `<li><a href="/admin/config/tab/${esc(t.toLowerCase())}">${esc(t)}</a></li>`;
    return '<div id="navigation">\n<h3>Server Tools</h3>\n<ul class="server-tools">\n'
        + '<li><a href="/admin/config/backup">Backup Configuration</a></li>\n'
        + '<li><a href="/admin/config/player-replacement">Player replacement tool</a></li>\n</ul>\n'
        + '<h3>Modules</h3>\n<ul class="modules core">\n' + CORE_NAV.map(link).join('\n') + '\n</ul>\n'
        + '<h4>Custom / core / kaf</h4>\n<ul class="modules kaf">\n' + KAF_NAV.map(link).join('\n') + '\n</ul>\n</div>\n';
}

/**
 * The login page.
 *
 * @param referrer where to go after logging in
 * @param error error message, if any
 * @returns HTML body
 */
export function loginBody(referrer: string, error: string): string {
    return '<h2>Login</h2>\n'
        + (error ? `<ul class="errors"><li>${esc(error)}</li></ul>\n` : '')
        + '<form id="login-form" method="post" action="/admin/authenticate" enctype="application/x-www-form-urlencoded">\n'
        + `<input type="hidden" name="referrer" value="${esc(referrer)}" id="referrer">\n`
        + '<dl class="zend_form">\n'
        + '<dt id="Login-username-label"><label for="Login-username" class="required">Username</label></dt>\n'
        + '<dd id="Login-username-element"><input type="text" name="Login[username]" id="Login-username" value=""></dd>\n'
        + '<dt id="Login-password-label"><label for="Login-password" class="required">Password</label></dt>\n'
        + '<dd id="Login-password-element"><input type="password" name="Login[password]" id="Login-password" value=""></dd>\n'
        + '<dd id="Login-login-element"><input type="submit" name="Login[login]" id="Login-login" value="Sign In"></dd>\n'
        + '</dl>\n</form>';
}

/**
 * One form element with its label and description, ZF1 style.
 *
 * @param f field
 * @param value current value
 * @param error validation error for the field
 * @returns HTML
 */
function element(f: FieldDef, value: string, error: string): string {
    const id = fieldId(f.name);
    const name = esc(f.name);
    if (f.kind === 'hidden') {
        return `<input type="hidden" name="${name}" value="${esc(value)}" id="${esc(id)}">\n`;
    }
    let control: string;
    if (f.kind === 'select') {
        const opts = (f.options ?? []).map((o) => `<option value="${esc(o.value)}" label="${esc(o.label)}"`
            + (o.value === value ? ' selected="selected"' : '') + `>${esc(o.label)}</option>`).join('');
        control = `<select name="${name}" id="${esc(id)}">${opts}</select>`;
    } else if (f.kind === 'textarea') {
        control = `<textarea name="${name}" id="${esc(id)}" rows="8" cols="80">${esc(value)}</textarea>`;
    } else if (f.kind === 'checkbox') {
        control = `<input type="checkbox" name="${name}" id="${esc(id)}" value="1"${value === '1' ? ' checked="checked"' : ''}>`;
    } else {
        control = `<input type="text" name="${name}" id="${esc(id)}" value="${esc(value)}">`;
    }
    return `<dt id="${esc(id)}-label"><label for="${esc(id)}" class="optional">${esc(f.name)}</label></dt>\n`
        + `<dd id="${esc(id)}-element">${control}`
        + (f.description ? `<p class="description">${esc(f.description)}</p>` : '')
        + (error ? `<ul class="errors"><li>${esc(error)}</li></ul>` : '')
        + '</dd>\n';
}

export interface FormRender {
    def: ModuleDef;
    values: ModuleValues;
    /** Which 1.3 mode: hidden container, or fields absent until saved. */
    lti13Mode: 'hidden' | 'after-save';
    csrfToken: string | null;
    message: string;
    errors: Record<string, string>;
    /** Faults: a field left out, an extra field, a relabelled Save. */
    omit: Set<string>;
    extra: {name: string; value: string} | null;
    saveLabel: string;
}

/**
 * A module's configuration form.
 *
 * @param r what to render
 * @returns HTML body
 */
export function moduleFormBody(r: FormRender): string {
    const is13 = r.values.authMethod === 'lti1.3';
    const action = `/admin/config/tab/${r.def.name}`;
    let html = `<h2>${esc(r.def.title)}</h2>\n`;
    if (r.message) {
        html += `<div class="alert alert-success message">${esc(r.message)}</div>\n`;
    }
    if (Object.keys(r.errors).length) {
        html += '<div class="alert alert-danger errors">The form has errors. Nothing was saved.</div>\n';
    }
    html += `<form id="config-form" method="post" action="${esc(action)}" enctype="application/x-www-form-urlencoded">\n`
        + '<dl class="zend_form">\n';
    let inGroup = false;
    for (const f of r.def.fields) {
        if (r.omit.has(f.name)) {
            continue;
        }
        if (f.lti13 && !inGroup) {
            if (r.lti13Mode === 'after-save' && !is13) {
                continue;
            }
            html += `<div id="lti13-fields" class="lti13-fields"${is13 ? '' : ' style="display:none"'}>\n`;
            inGroup = true;
        } else if (f.lti13 && r.lti13Mode === 'after-save' && !is13) {
            continue;
        } else if (!f.lti13 && inGroup) {
            html += '</div>\n';
            inGroup = false;
        }
        html += element(f, r.values[f.name] ?? '', r.errors[f.name] ?? '');
    }
    if (inGroup) {
        html += '</div>\n';
    }
    if (r.extra) {
        html += `<dt id="${esc(fieldId(r.extra.name))}-label"><label for="${esc(fieldId(r.extra.name))}">${esc(r.extra.name)}`
            + `</label></dt>\n<dd><input type="text" name="${esc(r.extra.name)}" id="${esc(fieldId(r.extra.name))}" `
            + `value="${esc(r.extra.value)}"></dd>\n`;
    }
    if (r.csrfToken !== null) {
        html += `<input type="hidden" name="csrf_token" value="${esc(r.csrfToken)}" id="csrf_token">\n`;
    }
    html += `<dd id="save-element"><input type="submit" class="save" name="save" id="save" value="${esc(r.saveLabel)}"></dd>\n`
        + '</dl>\n</form>\n';
    if (r.lti13Mode === 'hidden' && r.def.fields.some((f) => f.lti13)) {
        html += '<script>\n(function() {\n    var s = document.getElementById(\'authMethod\');\n'
            + '    var g = document.getElementById(\'lti13-fields\');\n    if (!s || !g) { return; }\n'
            + '    s.addEventListener(\'change\', function() { g.style.display = s.value === \'lti1.3\' ? \'\' : \'none\'; });\n'
            + '})();\n</script>\n';
    }
    return html;
}

/**
 * A small hidden-token input for non-module forms, or nothing.
 *
 * @param token the token, or null when csrf is off
 * @returns HTML
 */
export function csrfInput(token: string | null): string {
    return token === null ? '' : `<input type="hidden" name="csrf_token" value="${esc(token)}">`;
}

/**
 * A button inside its own post form.
 *
 * @param action form action
 * @param label visible text
 * @param id element id
 * @param token csrf token or null
 * @returns HTML
 */
export function postButton(action: string, label: string, id: string, token: string | null): string {
    return `<form method="post" action="${esc(action)}" class="inline-form" id="${esc(id)}-form">${csrfInput(token)}`
        + `<button type="submit" id="${esc(id)}" class="btn">${esc(label)}</button></form>`;
}
