// KAF's LTI 1.3 endpoints, judged on the server by the one probe rule the status check also uses (lti_probe): the
// key set and the OIDC login initiation, each half asked for on its own so that the two run side by side.

import type {ProbePart, ProbeResult} from '../model';
import {EngineError} from '../errors';
import {sleep, wrap, type KafClient} from './client';

/**
 * Whether the probed half met a failure worth one more try (KAF not answering, or answering 5xx).
 *
 * @param p the probe's answer
 * @param part the half asked for
 * @returns true when transient
 */
function transient(p: ProbeResult, part: ProbePart): boolean {
    const keyset = part !== 'oidc' && (p.keyset.error !== '' || p.keyset.httpstatus >= 500);
    const oidc = part !== 'keyset' && (p.oidc.error !== '' || p.oidc.httpstatus >= 500);
    return keyset || oidc;
}

/**
 * Probes KAF's key set and/or login initiation. A transient failure is retried once, as any repeatable request is;
 * KAF still not answering is thrown, with the door's error code.
 *
 * @param client the client
 * @param thumbprint the RFC 7638 thumbprint of the key the key set must hold
 * @param part which half ('both': the two in one call)
 * @returns the probe's verdict
 */
export async function probe(client: KafClient, thumbprint: string, part: ProbePart = 'both'): Promise<ProbeResult> {
    let r: ProbeResult;
    try {
        r = await client.services.ltiProbe(thumbprint, part);
        if (transient(r, part)) {
            await sleep(client.retryDelayMs);
            r = await client.services.ltiProbe(thumbprint, part);
        }
    } catch (e) {
        throw wrap(e);
    }
    const error = (part !== 'oidc' ? r.keyset.error : '') || (part !== 'keyset' ? r.oidc.error : '');
    if (error !== '') {
        // No server text here: the door code's string, with KAF's address where it names the host.
        throw new EngineError({key: error, a: r.kafuri}, error);
    }
    return r;
}

/**
 * Both halves, asked for side by side, as one verdict.
 *
 * @param client the client
 * @param thumbprint the key's thumbprint
 * @returns the key set half and the login initiation half together
 */
export async function probeBoth(client: KafClient, thumbprint: string): Promise<ProbeResult> {
    const [keyset, oidc] = await Promise.all([probe(client, thumbprint, 'keyset'), probe(client, thumbprint, 'oidc')]);
    return {...keyset, oidc: oidc.oidc};
}
