// Types for the Moodle core AMD modules this plugin uses (Moodle 4.2–5.1). Only what we call.

declare module 'core/ajax' {
    interface Request {
        methodname: string;
        args: Record<string, unknown>;
    }
    const Ajax: {
        call(requests: Request[], async?: boolean, loginrequired?: boolean): Array<Promise<unknown>>;
    };
    export default Ajax;
}

declare module 'core/str' {
    interface StringRequest {
        key: string;
        component?: string;
        param?: unknown;
    }
    export function get_string(key: string, component?: string, param?: unknown): Promise<string>;
    export function get_strings(requests: StringRequest[]): Promise<string[]>;
}

declare module 'core/templates' {
    const Templates: {
        render(name: string, context: object): Promise<string>;
        renderForPromise(name: string, context: object): Promise<{html: string; js: string}>;
        /** Loads templates into the cache (Moodle 3.9+). */
        prefetchTemplates(names: string[], theme?: string): Promise<unknown>;
        replaceNodeContents(node: Element | string, html: string, js: string): void;
        runTemplateJS(js: string): void;
    };
    export default Templates;
}

declare module 'core/notification' {
    const Notification: {
        exception(error: unknown): Promise<void>;
        alert(title: string, message: string, yes?: string): Promise<unknown>;
        addNotification(n: {message: string; type: 'success' | 'info' | 'warning' | 'error'}): Promise<void>;
    };
    export default Notification;
}

declare module 'core/pending' {
    export default class Pending {
        constructor(key?: string);
        resolve(): void;
    }
}

declare module 'core/config' {
    const Config: {wwwroot: string; sesskey: string};
    export default Config;
}

/** The jQuery-wrapped root that Moodle's modals expose; only the calls we make. */
interface MoodleModalRoot {
    on(event: string, handler: (e: Event) => void): void;
    find(selector: string): {0?: HTMLElement};
    0?: HTMLElement;
}

/** A Moodle modal (core/modal) as both the factory (4.2) and the 4.3 classes hand it back. */
interface MoodleModal {
    getRoot(): MoodleModalRoot;
    show(): void | Promise<void>;
    hide(): void;
    destroy(): void;
    setSaveButtonText?(text: string | Promise<string>): void;
}

declare module 'core/modal_events' {
    const ModalEvents: {save: string; cancel: string; hidden: string; shown: string; bodyRendered: string};
    export default ModalEvents;
}

declare module 'core/modal_factory' {
    const ModalFactory: {
        types: {SAVE_CANCEL: string; DEFAULT: string};
        create(config: {type?: string; title: string | Promise<string>; body: string | Promise<string>;
            removeOnClose?: boolean}): Promise<MoodleModal>;
    };
    export default ModalFactory;
}

declare module 'core/modal_save_cancel' {
    /** From Moodle 4.3 the class has a static create; before, it has none. */
    const ModalSaveCancel: {
        create?(config: {title: string | Promise<string>; body: string | Promise<string>; removeOnClose?: boolean;
            show?: boolean}): Promise<MoodleModal>;
    };
    export default ModalSaveCancel;
}
