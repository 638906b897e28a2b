// Issue 8 against the KAF simulator: the Video Quiz grade tool and Ltigrading are upgraded, verified, rolled back
// and reverted with the rest; the opt-in user-id line is applied only when ticked.
import {afterEach, describe, expect, it} from 'vitest';
import type {ToolType} from '../../amd/src/services';
import {connect, makePlan, revert, runUpgrade} from '../../amd/src/engine-lazy';
import {ServiceError} from '../../amd/src/local/shim';
import {ACK, backend, CREDS, startEnv, type Env} from './helpers';

let env: Env | null = null;
afterEach(async() => {
    await env?.sim.close();
    env = null;
});

/**
 * A grade tool on LTI 1.1.
 *
 * @param id lti_types id
 * @param kafUri the KAF host
 * @param activitycount activities using it
 * @returns the tool
 */
function tool(id: number, kafUri: string, activitycount = 0): ToolType {
    return {id, name: 'Video Quiz ' + id, baseurl: kafUri + '/browseandembed/index/index', ltiversion: 'LTI-1p0',
        clientid: '', keytype: '', publickeyset: '', initiatelogin: '', redirectionuris: '',
        ltiservice_gradesynchronization: '0', activitycount, activities: []};
}

/**
 * Starts the simulator and the test site with grade tools (the site needs the KAF host, known once it runs).
 *
 * @param count how many tools
 * @returns the environment
 */
async function envWithTools(count: number): Promise<Env> {
    const e = await startEnv();
    e.services.state.lti.tooltypes = Array.from({length: count}, (_, i) => tool(i + 4, e.kafUri, i));
    return e;
}

/**
 * Connects as the page does.
 *
 * @param e the environment
 * @returns the connection and its checks
 */
async function connected(e: Env) {
    const r = await connect(e.services, await e.services.getState(), CREDS, {backend, retryDelayMs: 10});
    if (!r.ok) {
        throw new Error(JSON.stringify(r.error));
    }
    return r;
}

describe('Video Quiz grade tools', () => {
    it('upgrades the tool and turns Ltigrading on, verified; then reverts the tool and leaves Ltigrading on', async() => {
        env = await envWithTools(1);
        env.sim.setValues('ltigrading', {enabled: '0'});
        const before = env.sim.values('ltigrading');
        const r = await connected(env);
        expect(r.checks.find((c) => c.id === 'ltigrading')?.message.key).toBe('engine_pf_ltigradingoff');
        const plan = makePlan(r.connection.state, r.connection.kaf, ACK);
        expect(plan.changes.filter((c) => c.where === 'tooltype')).toHaveLength(7);
        const out = await runUpgrade(r.connection, plan);
        expect(out.status, JSON.stringify(out)).toBe('completed');
        if (out.status === 'completed') {
            expect(out.evidence.filter((e) => ['tooltypes', 'ltigrading'].includes(e.id)).map((e) => e.ok)).toEqual([true, true]);
        }
        const t = env.services.state.lti.tooltypes[0] as ToolType;
        expect(t).toMatchObject({ltiversion: '1.3.0', clientid: 'AbCdEfGhIjKlMnO', keytype: 'JWK_KEYSET',
            publickeyset: env.kafUri + '/hosted/index/lti-advantage-key-set', initiatelogin: env.kafUri + '/hosted/index/oidc-init',
            redirectionuris: env.kafUri + '/hosted/index/oauth2-launch', ltiservice_gradesynchronization: '2'});
        expect(env.sim.values('ltigrading')).toEqual({...before, enabled: '1'});
        // A second plan has nothing to do.
        const again = await connected(env);
        expect(makePlan(again.connection.state, again.connection.kaf).changes).toEqual([]);
        const rev = await revert(again.connection);
        expect(rev.status, JSON.stringify(rev)).toBe('completed');
        expect(env.services.state.lti.tooltypes[0]).toMatchObject({ltiversion: 'LTI-1p0', clientid: 'AbCdEfGhIjKlMnO'});
        expect(env.sim.values('ltigrading').enabled).toBe('1');
    });

    it('rolls back the tool and Ltigrading when a later step fails', async() => {
        env = await envWithTools(1);
        env.sim.setValues('ltigrading', {enabled: '0'});
        const ltigrading = env.sim.values('ltigrading');
        const hosted = env.sim.values('hosted');
        const toolBefore = JSON.parse(JSON.stringify(env.services.state.lti.tooltypes[0])) as ToolType;
        const r = await connected(env);
        const plan = makePlan(r.connection.state, r.connection.kaf, ACK);
        // Once the tool is saved, KAF's LTI endpoints cannot be probed (KAF down for them): verify fails after both
        // sides changed, and the run rolls back.
        const services = env.services;
        const save = services.saveToolType.bind(services);
        let saved = false;
        services.saveToolType = async(id, changes) => {
            const out = await save(id, changes);
            saved ||= changes.some((c) => c.value === '1.3.0');
            return out;
        };
        const probe = services.ltiProbe.bind(services);
        services.ltiProbe = async(thumbprint, part) => {
            if (saved) {
                throw new ServiceError('kafunreachable', 'injected kafunreachable');
            }
            return probe(thumbprint, part);
        };
        const out = await runUpgrade(r.connection, plan);
        expect(out.status, JSON.stringify(out)).toBe('rolledback');
        expect(env.services.state.lti.tooltypes[0]).toEqual(toolBefore);
        expect(env.sim.values('ltigrading')).toEqual(ltigrading);
        expect(env.sim.values('hosted')).toEqual(hosted);
    });

    it('several tools: only the chosen one changes', async() => {
        env = await envWithTools(3);
        const r = await connected(env);
        expect(r.connection.state.lti.tooltypes).toHaveLength(3);
        const plan = makePlan(r.connection.state, r.connection.kaf, {...ACK, tool: 4});
        expect((await runUpgrade(r.connection, plan)).status).toBe('completed');
        expect(env.services.state.lti.tooltypes.map((t) => t.ltiversion)).toEqual(['1.3.0', 'LTI-1p0', 'LTI-1p0']);
        // The chosen tool now holds the client id: the choice is fixed from now on.
        const again = await connected(env);
        expect(makePlan(again.connection.state, again.connection.kaf, {tool: 5}).tools).toMatchObject({chosen: 4, locked: true});
    });
});

describe('user-id continuity', () => {
    it('applies the opt-in claim only when ticked', async() => {
        env = await startEnv();
        env.services.state.kaltura.release = '4.4.1';
        env.sim.setValues('hosted', {ltiUserIdAttribute: 'ext_user_username'});
        const r = await connected(env);
        expect(r.checks.find((c) => c.id === 'userid')?.message.key).toBe('engine_pf_useriddiffers');
        expect((await runUpgrade(r.connection, makePlan(r.connection.state, r.connection.kaf, ACK))).status).toBe('completed');
        expect(env.sim.values('hosted').lti13UserIdClaim).toBe('sub');
        const again = await connected(env);
        const plan = makePlan(again.connection.state, again.connection.kaf, {userid: true});
        expect(plan.changes.map((c) => c.field)).toEqual(['lti13UserIdClaim', 'lti13UserIdClaimProperty']);
        expect((await runUpgrade(again.connection, plan)).status).toBe('completed');
        expect(env.sim.values('hosted')).toMatchObject({lti13UserIdClaim: 'https://purl.imsglobal.org/spec/lti/claim/ext',
            lti13UserIdClaimProperty: 'user_username'});
    });
});
