// The module forms, /admin/config/tab/{module}: render (GET) and save with form-backend semantics (POST).

import {esc, moduleFormBody} from '../html.js';
import {html, type Ctx, type Resp} from '../http.js';
import {resetValue, type FieldDef, type ModuleDef, type ModuleValues} from '../modules.js';
import {formToken} from '../session.js';
import {takeFault, type Session, type SimState} from '../state.js';

/**
 * The fields of a module that are in its form right now.
 *
 * @param st simulator state
 * @param def module
 * @returns fields
 */
function formFields(st: SimState, def: ModuleDef): FieldDef[] {
    const is13 = st.values[def.name]?.authMethod === 'lti1.3';
    return def.fields.filter((f) => !(f.lti13 && st.config.lti13Mode === 'after-save' && !is13));
}

/**
 * Renders a module page.
 *
 * @param st simulator state
 * @param ctx request
 * @param def module
 * @param message success message
 * @param errors validation errors
 * @returns response
 */
function modulePage(st: SimState, ctx: Ctx, def: ModuleDef, message: string, errors: Record<string, string>): Resp {
    const session = ctx.session as Session;
    const missing = takeFault(st, 'form-missing-field', ctx, def.name);
    const extra = takeFault(st, 'form-extra-field', ctx, def.name);
    const label = takeFault(st, 'form-save-label', ctx, def.name);
    const body = moduleFormBody({
        def,
        values: st.values[def.name] ?? {},
        lti13Mode: st.config.lti13Mode,
        csrfToken: formToken(st, session),
        message,
        errors,
        omit: new Set(missing ? [missing.field ?? 'authMethod'] : []),
        extra: extra ? {name: extra.field ?? 'unexpectedField', value: extra.value ?? 'surprise'} : null,
        saveLabel: label ? (label.label ?? 'Apply') : 'Save',
    });
    return html(st, 200, def.title, body, true);
}

/**
 * Saves a posted module form with form-backend semantics.
 *
 * @param st simulator state
 * @param ctx request
 * @param def module
 * @returns response
 */
function saveModule(st: SimState, ctx: Ctx, def: ModuleDef): Resp {
    const fields = formFields(st, def);
    const errors: Record<string, string> = {};
    for (const f of fields) {
        const v = ctx.form.get(f.name);
        if (f.kind === 'select' && v !== undefined && !(f.options ?? []).some((o) => o.value === v)) {
            errors[f.name] = `'${v}' was not found in the haystack`;
        }
    }
    if (Object.keys(errors).length) {
        return modulePage(st, ctx, def, '', errors);
    }
    const current = st.values[def.name] ?? {};
    const next: ModuleValues = {...current};
    for (const f of fields) {
        const v = ctx.form.get(f.name);
        if (f.kind === 'checkbox') {
            next[f.name] = v !== undefined && v !== '0' && v !== '' ? '1' : '0';
        } else {
            next[f.name] = v ?? resetValue(f);
        }
    }
    st.values[def.name] = next;
    st.configModified = new Date();
    return modulePage(st, ctx, def, 'The configuration was saved. The cache was cleared.', {});
}

/**
 * /admin/config/tab/{module} for a logged-in user.
 *
 * @param st simulator state
 * @param ctx request (with a session)
 * @returns response, or null when the path is not a module's
 */
export function modulesRoute(st: SimState, ctx: Ctx): Resp | null {
    const tab = /^\/admin\/config\/tab\/([A-Za-z0-9_-]+)\/?$/.exec(ctx.path);
    if (!tab) {
        return null;
    }
    const def = st.config.defs.get((tab[1] ?? '').toLowerCase());
    if (!def) {
        return html(st, 404, 'Not found', `<h2>Not found</h2>\n<p>Module "${esc(tab[1] ?? '')}" does not exist.</p>`, true);
    }
    return ctx.method === 'POST' ? saveModule(st, ctx, def) : modulePage(st, ctx, def, '', {});
}
