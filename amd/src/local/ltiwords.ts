// The LTI words both sides use, in one place: Moodle's version values (local_kaltura's lti_version and mod_lti's
// lti_types.ltiversion take the same two) and KAF's LTI 1.3 endpoints under kaf_uri (docs/platform.md). Pure.

/** LTI 1.1, as local_kaltura's lti_version and mod_lti's ltiversion hold it. */
export const LTI11 = 'LTI-1p0';

/** LTI 1.3, as local_kaltura's lti_version and mod_lti's ltiversion hold it. */
export const LTI13 = '1.3.0';

/** KAF's LTI 1.3 endpoints, relative to kaf_uri. */
export const KAF_ENDPOINTS = {
    keyset: '/hosted/index/lti-advantage-key-set',
    oidcinit: '/hosted/index/oidc-init',
    redirect: '/hosted/index/oauth2-launch',
} as const;
