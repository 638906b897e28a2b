// The rollback snapshot and field comparison. Pure.

import type {State, Plan} from './model';
import type {HostedView, ModuleView} from './hosted';
import {toolValue} from './tooltypes';

export interface Snapshot {
    v: 1;
    /** Every Hosted control's values as read before the first change (private keys as secret tokens). */
    kaf: Record<string, string[]>;
    /**
     * The LTI 1.3 fields KAF rendered only after authMethod=1.3 was saved (after-save layout): their values as
     * first shown, which is what KAF held for them before the run.
     */
    revealed: Record<string, string[]>;
    /** Hidden per-request fields (anti-forgery tokens) that change between reads; never compared or restored. */
    volatile: string[];
    /** The planned Moodle settings' values before the run. */
    moodle: Record<string, string>;
    /** The planned grade tools' values before the run: lti_types id => field => value. */
    tooltypes: Record<string, Record<string, string>>;
    /** Other KAF module pages the plan changes (Ltigrading): path => every control's values before the run. */
    modules: Record<string, Record<string, string[]>>;
}

export interface Difference {
    field: string;
    /** The value now ('' when the field is absent). */
    now: string;
    wanted: string;
    /** The field is not on the page now (the page names that in words, never a made-up value). */
    absent?: true;
}

const TOKENISH = /csrf|xsrf|token|nonce|authenticity|__/i;

/**
 * Hidden fields that are per-request: named like a token, or changed since an earlier read with no save between.
 *
 * @param before an earlier read's values
 * @param view a later read
 * @returns their names
 */
export function volatileNames(before: Record<string, string[]>, view: HostedView): string[] {
    return view.form.controls.filter((c) => c.type === 'hidden').map((c) => c.name)
        .filter((n, i, all) => all.indexOf(n) === i)
        .filter((n) => TOKENISH.test(n) || JSON.stringify(before[n] ?? null) !== JSON.stringify(view.values.get(n) ?? null));
}

/**
 * Takes the snapshot.
 *
 * @param view the Hosted page before any change
 * @param state Moodle's state before any change
 * @param plan the plan
 * @param ltigrading the Ltigrading page, when the plan changes it
 * @returns the snapshot
 */
export function takeSnapshot(view: HostedView, state: State, plan: Plan, ltigrading: ModuleView | null = null): Snapshot {
    const moodle: Record<string, string> = {};
    const tooltypes: Snapshot['tooltypes'] = {};
    for (const c of plan.changes.filter((x) => x.where === 'moodle')) {
        moodle[c.field] = settingValue(state, c.field);
    }
    for (const c of plan.changes.filter((x) => x.where === 'tooltype' && x.tool)) {
        const id = String(c.tool?.id);
        tooltypes[id] = {...tooltypes[id], [c.field]: toolValue(state, Number(id), c.field)};
    }
    const modules: Snapshot['modules'] = ltigrading ? {[ltigrading.path]: Object.fromEntries(ltigrading.values)} : {};
    const kaf = Object.fromEntries(view.values);
    return {v: 1, kaf, revealed: {}, 'volatile': volatileNames(kaf, view), moodle, tooltypes, modules};
}

/**
 * A local_kaltura setting's value as a string.
 *
 * @param state Moodle's state
 * @param name the setting
 * @returns the value ('' when absent)
 */
export function settingValue(state: State, name: string): string {
    const v = (state.settings as unknown as Record<string, unknown>)[name];
    return v === null || v === undefined ? '' : String(v);
}

/**
 * Parses a stored snapshot.
 *
 * @param json the stored text
 * @returns the snapshot, or null when there is none
 */
export function parseSnapshot(json: string): Snapshot | null {
    if (!json) {
        return null;
    }
    const s = JSON.parse(json) as Partial<Snapshot>;
    if (s.v !== 1 || typeof s.kaf !== 'object' || s.kaf === null) {
        return null;
    }
    return {v: 1, kaf: s.kaf, revealed: s.revealed ?? {}, 'volatile': s.volatile ?? [],
        moodle: s.moodle ?? {}, tooltypes: s.tooltypes ?? {}, modules: s.modules ?? {}};
}

/**
 * The fields whose values now differ from the wanted ones. A wanted field that is now absent counts, except
 * revealed fields (absent again once authMethod is back to 1.1 in the after-save layout).
 *
 * @param wanted name => values wanted
 * @param now name => values now
 * @param skip names not to compare
 * @param mayVanish names allowed to be absent now
 * @returns the differences
 */
export function diffValues(wanted: Record<string, string[]>, now: Map<string, string[]>, skip: ReadonlySet<string>,
        mayVanish: ReadonlySet<string> = new Set()): Difference[] {
    const out: Difference[] = [];
    for (const [field, values] of Object.entries(wanted)) {
        if (skip.has(field)) {
            continue;
        }
        const current = now.get(field);
        if (current === undefined) {
            if (!mayVanish.has(field)) {
                out.push({field, now: '', wanted: values.join(', '), absent: true});
            }
        } else if (JSON.stringify(current) !== JSON.stringify(values)) {
            out.push({field, now: current.join(', '), wanted: values.join(', ')});
        }
    }
    return out;
}
