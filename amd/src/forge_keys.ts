/**
 * Placeholder until the engine's node-forge key generator lands (owned by the engine work).
 *
 * @module     tool_kalturalti13/forge_keys
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Placeholder init.
 */
export const init = (): void => {
    // Replaced by the engine work.
};
