// Users keep their Kaltura ids, or the admin says, knowingly, that they will not: an upgrade that would give users new
// ids never runs on a plain click, and where KAF shows its 1.3 user-id setting only after 1.3 is saved, the run compares
// it between its two saves and keeps the ids in the second save, or stops and puts everything back.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {connect, makePlan, runUpgrade} from '../../amd/src/engine-lazy';
import {needsUserIdChoice} from '../../amd/src/local/plan';
import type {Plan} from '../../amd/src/local/model';
import {backend, CREDS, simState, startEnv, type Env} from './helpers';

let env: Env | null = null;
afterEach(async() => {
    await env?.sim.close();
    env = null;
});

/**
 * Connects.
 *
 * @param e the environment
 * @returns the connection
 */
async function connected(e: Env) {
    const r = await connect(e.services, await e.services.getState(), CREDS, {backend, retryDelayMs: 10});
    if (!r.ok) {
        throw new Error(JSON.stringify(r.error));
    }
    return r.connection;
}

const EXT = 'https://purl.imsglobal.org/spec/lti/claim/ext';

/**
 * Watches the journal's plan: the plan run_start stored, replaced by any plan a step's detail brings (the server keeps
 * that one as the run's plan: journal::step).
 *
 * @param e the environment
 * @returns the plan the journal holds, at any time
 */
function journaledPlan(e: Env): () => Plan | null {
    let plan: Plan | null = null;
    const start = e.services.runStart.bind(e.services);
    const step = e.services.runStep.bind(e.services);
    vi.spyOn(e.services, 'runStart').mockImplementation((kind, text) => {
        plan = JSON.parse(text) as Plan;
        return start(kind, text);
    });
    vi.spyOn(e.services, 'runStep').mockImplementation((runid, name, status, started, duration, detail) => {
        const sent = JSON.parse(detail) as {plan?: Plan};
        plan = sent.plan ?? plan;
        return step(runid, name, status, started, duration, detail);
    });
    return () => plan;
}

describe('user ids', () => {
    it('refuses a plan that would give users new ids until the admin chooses, and changes nothing', async() => {
        env = await startEnv();
        const before = (await simState(env)).modules.hosted;
        const conn = await connected(env);
        const plan = makePlan(conn.state, conn.kaf);
        expect(plan.userid).toMatchObject({risk: 'nofix', choice: null});
        expect(needsUserIdChoice(plan)).toBe(true);
        const out = await runUpgrade(conn, plan);
        expect(out).toEqual({status: 'failed', runid: 0, error: {key: 'engine_useridchoice'}});
        expect((await simState(env)).modules.hosted).toEqual(before);
        expect(env.services.runs).toEqual([]);
        expect(needsUserIdChoice(makePlan(conn.state, conn.kaf, {useridAck: true}))).toBe(false);
    });

    it('keeps the ids in the second save where KAF shows the 1.3 setting only after 1.3 is saved', async() => {
        env = await startEnv({lti13Fields: 'after-save'});
        // 1.1 sends the username; under local_kaltura 4.4.0 the 1.3 `sub` is Moodle's user id: they differ, and the
        // ext claim's user_username matches. None of it can be seen before the first save.
        env.sim.setValues('hosted', {ltiUserIdAttribute: 'ext_user_username'});
        (env.services.state.kaltura as {release: string}).release = '4.4.0';
        const conn = await connected(env);
        const plan = makePlan(conn.state, conn.kaf, {userid: true});
        expect(plan.userid).toMatchObject({risk: 'aftersave', choice: 'keep'});
        const journaled = journaledPlan(env);
        const out = await runUpgrade(conn, plan);
        expect(out.status, JSON.stringify(out)).toBe('completed');
        const hosted = (await simState(env)).modules.hosted ?? {};
        expect(hosted.authMethod).toBe('lti1.3');
        expect(hosted.lti13UserIdClaim).toBe(EXT);
        expect(hosted.lti13UserIdClaimProperty).toBe('user_username');
        // The journal holds the plan that ran: the lines settled after the first save, and every KAF value it set.
        const ran = journaled();
        expect(ran?.changes.filter((c) => c.field.startsWith('lti13UserIdClaim')).map((c) => [c.field, c.afterDisplay]))
            .toEqual([['lti13UserIdClaim', EXT], ['lti13UserIdClaimProperty', 'user_username']]);
        for (const c of ran?.changes.filter((x) => x.where === 'kaf' && x.after.kind === 'value') ?? []) {
            expect(hosted[c.field], c.field).toBe(c.after.kind === 'value' ? c.after.value : '');
        }
    });

    it('stops and puts everything back when no 1.3 setting keeps the ids', async() => {
        env = await startEnv({lti13Fields: 'after-save'});
        const before = (await simState(env)).modules.hosted;
        const settings = {...env.services.state.settings};
        const conn = await connected(env);
        const plan = makePlan(conn.state, conn.kaf, {userid: true});
        expect(plan.userid).toMatchObject({risk: 'aftersave', choice: 'keep'});
        const out = await runUpgrade(conn, plan);
        expect(out.status, JSON.stringify(out)).toBe('rolledback');
        expect(out.status === 'rolledback' && out.error.key).toBe('engine_useridnokeep');
        expect((await simState(env)).modules.hosted).toEqual(before);
        expect(env.services.state.settings).toEqual(settings);
    });
});
