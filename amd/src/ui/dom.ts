// The page's DOM edges: rendering a template into a region, finding a button, moving the focus.

import Templates from 'core/templates';

/**
 * Starts loading templates before they are rendered. core/templates sends the first name alone and the rest
 * together once it has answered, so the first is the one needed first. A failure here only means a template is
 * loaded when first rendered.
 *
 * @param templates template names without component
 */
export function prefetch(templates: string[]): void {
    Promise.resolve(Templates.prefetchTemplates(templates.map((t) => `tool_kalturalti13/${t}`))).catch(() => undefined);
}

/**
 * Renders a template into a region.
 *
 * @param root the page root
 * @param region selector of the region
 * @param template template name without component
 * @param context its context
 */
export async function show(root: HTMLElement, region: string, template: string, context: object): Promise<void> {
    const node = root.querySelector<HTMLElement>(region);
    if (!node) {
        return;
    }
    const {html, js} = await Templates.renderForPromise(`tool_kalturalti13/${template}`, context);
    // A choice in the plan (a radio, a tick) re-renders the region it sits in: the focus moves to the new control of
    // the same id at once, never falling to <body>.
    const focusedId = node.contains(document.activeElement) ? document.activeElement?.id ?? '' : '';
    Templates.replaceNodeContents(node, html, js);
    if (focusedId !== '') {
        document.getElementById(focusedId)?.focus();
    }
}

/**
 * A button by its action.
 *
 * @param root the page root
 * @param selector the action's selector
 * @returns the button
 */
export function button(root: HTMLElement, selector: string): HTMLButtonElement | null {
    return root.querySelector<HTMLButtonElement>(selector);
}

/**
 * Moves the focus to a heading (tabindex -1), when the control that had it is about to be disabled or replaced.
 *
 * @param root the page root
 * @param selector the heading
 */
export function focusRegion(root: HTMLElement, selector: string): void {
    root.querySelector<HTMLElement>(selector)?.focus();
}
