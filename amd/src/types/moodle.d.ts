// Types for the Moodle core AMD modules this plugin uses (Moodle 4.0–4.5). Only what we call.

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
