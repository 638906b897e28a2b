// The logged-in console under /admin: the anti-forgery check on every POST, the start page, and the module and
// backup pages (routes/modules.ts, routes/backup.ts).

import {esc} from '../html.js';
import {html, redirect, type Ctx, type Resp} from '../http.js';
import {csrfOk} from '../session.js';
import type {SimState} from '../state.js';
import {backupRoute} from './backup.js';
import {modulesRoute} from './modules.js';

/**
 * Admin pages for a logged-in user (routes/login.ts has already turned away requests without a session).
 *
 * @param st simulator state
 * @param ctx request
 * @returns response, or null when the path is not under /admin
 */
export function adminRoute(st: SimState, ctx: Ctx): Resp | null {
    const {path, method} = ctx;
    if (path !== '/admin' && !path.startsWith('/admin/')) {
        return null;
    }
    if (path === '/admin' || path === '/admin/') {
        return redirect('/admin/config');
    }
    if (method === 'POST' && !csrfOk(st, ctx)) {
        return html(st, 403, 'Forbidden', '<h2>Forbidden</h2>\n<div class="alert alert-danger">The form\'s security token '
            + '(csrf_token) is missing or invalid. Nothing was saved. Reload the page and try again.</div>', true);
    }
    if (path === '/admin/config' || path === '/admin/config/') {
        return html(st, 200, 'Configuration Management', '<h2>Configuration Management</h2>\n<p>Choose a module on the left '
            + 'to view or change its configuration.</p>', true);
    }
    if (path === '/admin/config/player-replacement') {
        return html(st, 200, 'Player replacement tool', '<h2>Player replacement tool</h2>\n<p>Not simulated.</p>', true);
    }
    return modulesRoute(st, ctx) ?? backupRoute(st, ctx)
        ?? html(st, 404, 'Not found', `<h2>Not found</h2>\n<p>The page ${esc(path)} does not exist.</p>`, true);
}
