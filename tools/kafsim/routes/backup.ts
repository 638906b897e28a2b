// Backup Configuration: the page, its confirmation dialogs, and the one backup slot (save, restore).

import {esc, postButton} from '../html.js';
import {html, type Ctx, type Resp} from '../http.js';
import {formToken} from '../session.js';
import {copyValues, gmt, takeFault, type Session, type SimState} from '../state.js';

/**
 * The Backup Configuration page.
 *
 * @param st simulator state
 * @param ctx request
 * @returns response
 */
function backupPage(st: SimState, ctx: Ctx): Resp {
    const s = ctx.session as Session;
    const body = '<h2>Backup Configuration</h2>\n'
        + '<p class="intro">Create a snapshot of the current site configuration (all modules) as a \'Last Good '
        + 'Configuration\'. This snapshot can be later used in case a configuration restore is needed. We recommend setting '
        + 'the backup snapshot once the initial setup is completed.</p>\n<div class="backup-actions">'
        + postButton('/admin/config/backup/confirm-save', 'Save Backup', 'save-backup', formToken(st, s)) + ' '
        + postButton('/admin/config/backup/confirm-restore', 'Restore Last Saved Configuration', 'restore-backup',
            formToken(st, s))
        + '</div>\n<p id="backup-status">'
        + (st.backup ? `Last configuration save date: ${esc(st.backup.shownDate)}` : 'There are no backups.') + '</p>';
    return html(st, 200, 'Backup Configuration', body, true);
}

/**
 * A confirmation dialog's content.
 *
 * @param st simulator state
 * @param ctx request
 * @param question text
 * @param action where "Yes" posts
 * @param yes label of the yes button
 * @param id button id
 * @returns response
 */
function confirmPage(st: SimState, ctx: Ctx, question: string, action: string, yes: string, id: string): Resp {
    const body = '<h2>Backup Configuration</h2>\n<div class="modal-dialog" role="dialog" id="backup-dialog">'
        + '<h3 class="modal-title">Configuration Backup</h3>\n'
        + `<p>${esc(question)}</p>\n<div class="modal-footer">`
        + postButton(action, yes, id, formToken(st, ctx.session as Session))
        + ' <a href="/admin/config/backup" class="btn" id="backup-cancel">Cancel</a></div></div>';
    return html(st, 200, 'Backup Configuration', body, true);
}

/**
 * A result dialog with an OK link back to the backup page.
 *
 * @param st simulator state
 * @param message text
 * @param ok success or failure
 * @returns response
 */
function resultPage(st: SimState, message: string, ok: boolean): Resp {
    const body = '<h2>Backup Configuration</h2>\n<div class="modal-dialog" role="dialog" id="backup-dialog">'
        + '<h3 class="modal-title">Configuration Backup</h3>\n'
        + `<div class="alert ${ok ? 'alert-success' : 'alert-danger'} message">${esc(message)}</div>\n`
        + '<div class="modal-footer"><a href="/admin/config/backup" class="btn" id="backup-ok">OK</a></div></div>';
    return html(st, 200, 'Backup Configuration', body, true);
}

/**
 * One of the four POST actions behind the backup buttons.
 *
 * @param st simulator state
 * @param ctx request
 * @param action confirm-save, save, confirm-restore or restore
 * @returns response
 */
function backupAction(st: SimState, ctx: Ctx, action: string): Resp {
    if (ctx.method !== 'POST') {
        return {...html(st, 405, 'Method not allowed', '<h2>Method not allowed</h2>', true), headers: {
            'Content-Type': 'text/html; charset=utf-8', 'Allow': 'POST'}};
    }
    if (action === 'confirm-save') {
        return confirmPage(st, ctx, 'Are you sure you want to save a backup of the current configuration? '
            + 'The previous backup will be replaced.', '/admin/config/backup/save', 'Yes, Save', 'confirm-save');
    }
    if (action === 'save') {
        if (takeFault(st, 'backup-fail', ctx)) {
            return resultPage(st, 'Configuration file could not be saved.', false);
        }
        st.backup = {time: new Date().toISOString(), shownDate: gmt(st.configModified), modules: copyValues(st.values)};
        return resultPage(st, 'Configuration file was saved successfully.', true);
    }
    if (!st.backup) {
        return resultPage(st, 'There are no backups.', false);
    }
    if (action === 'confirm-restore') {
        return confirmPage(st, ctx, `Are you sure you want to restore the configuration saved on ${st.backup.shownDate}? `
            + 'Every module will be overwritten.', '/admin/config/backup/restore', 'Yes, Restore', 'confirm-restore');
    }
    st.values = copyValues(st.backup.modules);
    st.configModified = new Date();
    return resultPage(st, 'Configuration was restored successfully.', true);
}

/**
 * /admin/config/backup and its actions, for a logged-in user.
 *
 * @param st simulator state
 * @param ctx request (with a session)
 * @returns response, or null when the path is not the backup's
 */
export function backupRoute(st: SimState, ctx: Ctx): Resp | null {
    if (ctx.path === '/admin/config/backup') {
        return backupPage(st, ctx);
    }
    const action = /^\/admin\/config\/backup\/(confirm-save|save|confirm-restore|restore)$/.exec(ctx.path)?.[1];
    return action ? backupAction(st, ctx, action) : null;
}
