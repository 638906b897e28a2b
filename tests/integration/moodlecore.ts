// Moodle's core AMD modules as the page uses them, for loading the built page (amd/build) under requirejs in a jsdom
// document: core/ajax answered by a Services implementation (the integration tier's test site), core/str from the plugin's
// lang file, core/templates rendering the plugin's templates with mustache, and the modals of a chosen release.
// Moodle 5.2's set has core/modal and core/modal_save_cancel with the static create() (4.3 on) and no core/modal_factory
// or core/modal_registry (removed in 5.2); 4.2's has the factory and a ModalSaveCancel without create().
import {readFileSync} from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import type {JSDOM} from 'jsdom';
import type {Services} from '../../amd/src/local/contract';
import {getString, pix, str} from '../support/moodlemustache';

const root = path.resolve(__dirname, '../..');

/**
 * Renders one of the plugin's templates with Moodle's helpers.
 *
 * @param name tool_kalturalti13/<template>
 * @param context its context
 * @returns the HTML
 */
export function renderTemplate(name: string, context: object): string {
    const file = /^tool_kalturalti13\/([a-z_]+)$/.exec(name)?.[1];
    if (!file) {
        throw new Error(`no template ${name}`);
    }
    const source = readFileSync(path.join(root, 'templates', `${file}.mustache`), 'utf8');
    return Mustache.render(source, {...context, str, pix, uniqid: 'uniqid-test'});
}

/** What the fake Moodle saw: each modal opened, each error the page reported. */
export interface CoreLog {
    modals: Array<{title: string; root: HTMLElement}>;
    exceptions: unknown[];
    /** How many modals core/modal_factory made. */
    factoryCreates: number;
}

const MODAL_EVENTS = {save: 'modal-save-cancel:save', cancel: 'modal-save-cancel:cancel', hidden: 'modal:hidden',
    shown: 'modal:shown', bodyRendered: 'modal:bodyRendered'};

/**
 * Moodle's core modules for the page, of one release.
 *
 * @param dom the page's document
 * @param services what core/ajax calls answer with, by external function
 * @param release 5.2 (static create, no factory or registry); 4.2 (the factory, no static create); or 'broken', the
 * 5.2 set without the static create (to prove that a request for a missing module is seen)
 * @returns the modules by id, and the log
 */
export function moodleCore(dom: JSDOM, services: Services, release: '5.2' | '4.2' | 'broken'):
        {core: Record<string, unknown>; log: CoreLog} {
    const document = dom.window.document;
    const log: CoreLog = {modals: [], exceptions: [], factoryCreates: 0};
    const esm = (value: unknown): unknown => ({__esModule: true, 'default': value});

    /** Moodle's core/modal, reduced to what a save/cancel modal does. */
    class Modal {
        readonly root: HTMLElement;
        private readonly removeOnClose: boolean;

        /**
         * Makes the modal's markup, hidden.
         *
         * @param config title, body, removeOnClose
         * @param config.title title
         * @param config.body body HTML
         * @param config.removeOnClose whether hide() destroys it
         */
        constructor(config: {title: string | Promise<string>; body: string | Promise<string>; removeOnClose?: boolean}) {
            this.removeOnClose = config.removeOnClose === true;
            this.root = document.createElement('div');
            this.root.className = 'modal moodle-has-zindex';
            this.root.setAttribute('role', 'dialog');
            this.root.innerHTML = '<div class="modal-dialog"><div class="modal-content"><h5 class="modal-title"></h5>'
                + '<div class="modal-body"></div><div class="modal-footer"><button type="button" data-action="save">Save changes'
                + '</button><button type="button" data-action="cancel">Cancel</button></div></div></div>';
            const entry = {title: '', root: this.root};
            log.modals.push(entry);
            void Promise.resolve(config.title).then((t) => {
                entry.title = t;
                this.root.querySelector('.modal-title')?.replaceChildren(t);
                return undefined;
            });
            void Promise.resolve(config.body).then((b) => {
                const body = this.root.querySelector('.modal-body');
                if (body) {
                    body.innerHTML = b;
                }
                return undefined;
            });
            this.root.querySelector('[data-action="save"]')?.addEventListener('click', () => {
                if (this.root.dispatchEvent(new dom.window.CustomEvent(MODAL_EVENTS.save, {bubbles: true, cancelable: true}))) {
                    this.hide();
                }
            });
            this.root.querySelector('[data-action="cancel"]')?.addEventListener('click', () => {
                this.root.dispatchEvent(new dom.window.CustomEvent(MODAL_EVENTS.cancel, {bubbles: true, cancelable: true}));
                this.hide();
            });
        }

        /**
         * The jQuery-wrapped root, as far as the page uses it.
         *
         * @returns the root
         */
        getRoot(): {'0': HTMLElement; on: (event: string, handler: (e: Event) => void) => void} {
            return {'0': this.root, on: (event, handler) => this.root.addEventListener(event, handler)};
        }

        /** Shows it. */
        async show(): Promise<void> {
            document.body.append(this.root);
            this.root.dispatchEvent(new dom.window.CustomEvent(MODAL_EVENTS.shown, {bubbles: true}));
        }

        /** Hides it (and removes it, when asked to). */
        hide(): void {
            if (!this.root.isConnected) {
                return;
            }
            this.root.dispatchEvent(new dom.window.CustomEvent(MODAL_EVENTS.hidden, {bubbles: true}));
            if (this.removeOnClose) {
                this.destroy();
            }
        }

        /** Removes it. */
        destroy(): void {
            this.root.remove();
        }

        /**
         * The save button's label.
         *
         * @param text the label
         */
        setSaveButtonText(text: string | Promise<string>): void {
            void Promise.resolve(text).then((t) => this.root.querySelector('[data-action="save"]')?.replaceChildren(t));
        }
    }

    type Config = ConstructorParameters<typeof Modal>[0];
    /** Moodle's core/modal_save_cancel: with the static create() of 4.3 on, or without it (4.2). */
    class ModalSaveCancel extends Modal {
        static readonly TYPE = 'SAVE_CANCEL';
    }
    const create = async(config: Config & {show?: boolean}): Promise<Modal> => {
        const modal = new ModalSaveCancel(config);
        if (config.show) {
            await modal.show();
        }
        return modal;
    };

    const core: Record<string, unknown> = {
        'jquery': () => undefined,
        'core/ajax': {
            call: (requests: Array<{methodname: string; args: Record<string, unknown>}>) => requests.map(async(r) => {
                const name = r.methodname.replace(/^tool_kalturalti13_/, '');
                const a = r.args;
                const s = services as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
                const order: Record<string, string[]> = {
                    get_state: [], kaf_login: ['username', 'password', 'kafuri'], kaf_request: ['method', 'path', 'fields'],
                    save_settings: ['changes'], save_tool_type: ['typeid', 'changes'], run_start: ['kind', 'plan'],
                    run_step: ['runid', 'name', 'status', 'timestarted', 'durationms', 'detail'],
                    run_snapshot: ['runid', 'snapshot'], run_get_snapshot: ['runid'],
                    run_finish: ['runid', 'status', 'detail', 'keythumbprint'], run_get: ['runid'],
                    lti_probe: ['thumbprint', 'part'],
                };
                const params = order[name];
                const method = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
                if (!params || typeof s[method] !== 'function') {
                    throw Object.assign(new Error(r.methodname), {errorcode: 'invalidfunction'});
                }
                return s[method].call(services, ...params.map((p) => a[p]));
            }),
        },
        'core/str': {
            get_string: async(key: string, component?: string, param?: unknown) => getString(key, component, param),
            get_strings: async(list: Array<{key: string; component?: string; param?: unknown}>) =>
                list.map((r) => getString(r.key, r.component, r.param)),
        },
        'core/templates': esm({
            render: async(name: string, context: object) => renderTemplate(name, context),
            renderForPromise: async(name: string, context: object) => ({html: renderTemplate(name, context), js: ''}),
            prefetchTemplates: async() => true,
            replaceNodeContents: (node: Element, html: string) => {
                node.innerHTML = html;
            },
            runTemplateJS: () => undefined,
        }),
        'core/notification': esm({
            exception: async(e: unknown) => {
                log.exceptions.push(e);
            },
            alert: async() => undefined,
            addNotification: async() => undefined,
        }),
        'core/pending': esm(class {
            resolve(): void {
                // Behat's pending list is not kept here.
            }
        }),
        'core/config': esm({wwwroot: 'https://moodle.example', sesskey: 'sesskey'}),
        'core/modal_events': esm(MODAL_EVENTS),
    };
    core['core/modal'] = esm(Modal);
    core['core/modal_save_cancel'] = esm(ModalSaveCancel);
    if (release === '5.2') {
        // Static, on core/modal: ModalSaveCancel inherits it, as in Moodle 4.3 on.
        Object.assign(Modal, {create});
    } else if (release === '4.2') {
        core['core/modal_registry'] = esm({register: () => undefined, get: () => undefined});
        core['core/modal_factory'] = esm({types: {SAVE_CANCEL: 'SAVE_CANCEL', DEFAULT: 'DEFAULT'},
            create: (config: Config) => {
                log.factoryCreates++;
                return create(config);
            }});
    }
    return {core, log};
}
