// A line of the plan: one change on one side, with its values as the page shows them (secrets as fingerprints,
// public keys as thumbprints). Pure.

import {tokenFingerprint} from './keys';
import type {KafView} from './hosted';
import type {Change, Target, Where} from './model';

/**
 * A field's display form: secret tokens as fingerprints, public keys as thumbprints.
 *
 * @param field the field name
 * @param value the value
 * @param kaf what we know of KAF's keys
 * @returns display text
 */
function display(field: string, value: string, kaf: KafView | null): string {
    if (field === 'lti13ServicePrivateKey') {
        return tokenFingerprint(value);
    }
    if (field === 'lti13ServicePublicKey') {
        if (value.trim() === '') {
            return '';
        }
        return kaf && kaf.publicThumbprint ? 'jwk:' + kaf.publicThumbprint : 'jwk:?';
    }
    return value;
}

/**
 * One change, or nothing when the value already is the target.
 *
 * @param where which side
 * @param field the field
 * @param before its value now
 * @param after its target
 * @param kaf what we know of KAF's keys
 * @returns the change, or null
 */
export function change(where: Where, field: string, before: string, after: Target, kaf: KafView | null): Change | null {
    if (after.kind === 'value' && after.value === before) {
        return null;
    }
    return {where, field, before, after, beforeDisplay: display(field, before, kaf),
        afterDisplay: after.kind === 'value' ? after.value : ''};
}
