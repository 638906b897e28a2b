/**
 * The Kaltura LTI 1.3 upgrade page: wires the page's DOM to the engine.
 *
 * @module     tool_kalturalti13/page
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Start the page.
 *
 * @param rootSelector CSS selector of the page's root element
 */
export const init = (rootSelector: string): void => {
    const root = document.querySelector(rootSelector);
    if (!root) {
        return;
    }
    root.setAttribute('data-ready', '1');
};
