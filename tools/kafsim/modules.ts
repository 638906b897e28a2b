// The module forms of the simulated KAF console: field definitions and realistic default values.

export type FieldKind = 'select' | 'text' | 'textarea' | 'checkbox' | 'hidden';

export interface FieldOption {
    value: string;
    label: string;
}

export interface FieldDef {
    name: string;
    kind: FieldKind;
    options?: FieldOption[];
    description?: string;
    /** Part of the LTI 1.3 group (hidden or absent until authMethod is lti1.3). */
    lti13?: boolean;
    /** Default value (selects default to their first option, others to ''). */
    value?: string;
}

export interface ModuleDef {
    name: string;
    title: string;
    fields: FieldDef[];
}

export type ModuleValues = Record<string, string>;
export type AllValues = Record<string, ModuleValues>;

const YES_NO: FieldOption[] = [{value: '1', label: 'Yes'}, {value: '0', label: 'No'}];

/**
 * A Yes/No select.
 *
 * @param name field name
 * @param value default value, '1' or '0'
 * @param description help text
 * @returns the field
 */
function yesNo(name: string, value: string, description = ''): FieldDef {
    return {name, kind: 'select', options: YES_NO, value, description};
}

/**
 * A text input.
 *
 * @param name field name
 * @param value default value
 * @param description help text
 * @returns the field
 */
function text(name: string, value = '', description = ''): FieldDef {
    return {name, kind: 'text', value, description};
}

/**
 * A select with options whose labels equal their values.
 *
 * @param name field name
 * @param values option values (first = default when value is not given)
 * @param value default value
 * @param description help text
 * @returns the field
 */
function select(name: string, values: string[], value?: string, description = ''): FieldDef {
    return {name, kind: 'select', options: values.map((v) => ({value: v, label: v})), value: value ?? values[0], description};
}

/** The HTML-escaping and multi-line values that catch clients that do not round-trip exactly. */
export const TRICKY_TEXT = 'Tom & Jerry\'s <b>"Café"</b> – naïve ✓ 5 > 3';
/**
 * A multi-line value with CRLF line ends, as a browser posts a textarea (HTML form submission turns every line end into
 * CRLF). An HTML parser turns CRLF into LF when reading the page, so a client must turn LF back into CRLF, as browsers do.
 */
export const TRICKY_MULTILINE = 'First line\r\nSecond line & <second>\r\n\tTabbed "quoted" \'single\' line\r\n'
    + 'Última línea — fin';

/**
 * The Hosted module: every field of docs/platform.md §3 plus the unrelated ones of the vendor screenshots.
 *
 * @returns the module definition
 */
function hosted(): ModuleDef {
    return {
        name: 'hosted',
        title: 'Hosted',
        fields: [
            yesNo('enabled', '1', 'Enable the Hosted module.'),
            yesNo('enableLike', '1', 'Enable the \'Like\' feature for entries.'),
            yesNo('allowEditPublished', '0', 'Enable editing of published entries'),
            yesNo('allowDeletePublished', '0', 'Enable deletion of published entries'),
            yesNo('AllowUnpublishPublished', '1', 'Enable unpublishing of published entries'),
            yesNo('enableEntryDelete', '1', 'Enable deleting media'),
            yesNo('enableViews', '0', 'Enable showing number of views per entry.'),
            yesNo('showPageTitles', '1', 'Show page titles'),
            {
                name: 'expandButton', kind: 'select', value: 'auto',
                options: [{value: 'auto', label: 'Auto'}, {value: 'yes', label: 'Yes'}, {value: 'no', label: 'No'}],
                description: 'Player expand button. Auto is on only if there are modules providing an entry sidebar.',
            },
            yesNo('manPublish', '1', 'Enable publish to a list of categories - from the menu, media, and upload. '
                + 'Disable this if you do not have access to the list of categories.'),
            {
                name: 'authMethod', kind: 'select', value: 'lti',
                options: [{value: 'lti', label: 'lti'}, {value: 'lti1.3', label: 'lti 1.3'}, {value: 'ks', label: 'ks'}],
                description: '',
            },
            {name: 'lti13PlatformOidcAuthUrl', kind: 'text', lti13: true, description: 'Single endpoint at the platform domain '
                + '(i.e. LMS) the tool will redirect the browser to, to initiate the OIDC authentication flow.'},
            {name: 'lti13AuthTokenUrl', kind: 'text', lti13: true, description: 'OAuth 2 auth token endpoint of the platform '
                + '(KAF will use this to get access token to be able to call the relevant services on the platform, like ags, '
                + 'caliper etc.)'},
            {name: 'lti13KeysUrl', kind: 'text', lti13: true,
                description: 'JWKS URL that contains the platform\'s key for JWT verification'},
            {name: 'lti13ClientId', kind: 'text', lti13: true, description: 'client ID for the tool as provided by the platform'},
            {name: 'lti13ServicePrivateKey', kind: 'textarea', lti13: true, description: 'Service Private Key - this is used to '
                + 'sign the JWT or other calls done from KAF to the platform like in Deep Linking Response. '
                + 'You can generate key pair here'},
            {name: 'lti13ServicePublicKey', kind: 'textarea', lti13: true,
                description: 'Public key matching the above private key'},
            {
                name: 'lti13UserIdClaim', kind: 'select', lti13: true, value: 'sub',
                options: ['sub', 'email', 'name', 'given_name', 'family_name',
                    'https://purl.imsglobal.org/spec/lti/claim/lis', 'https://purl.imsglobal.org/spec/lti/claim/ext',
                    'https://purl.imsglobal.org/spec/lti/claim/custom'].map((v) => ({value: v, label: v})),
                description: 'The LTI 1.3 claim holding the user id',
            },
            {name: 'lti13UserIdClaimProperty', kind: 'text', lti13: true,
                description: 'Property of the claim above holding the user id, when the claim is an object'},
            text('sharedRepositoryCategoryId', '235289443',
                'Shared repository category ID Click here to disable Shared Repositories'),
            text('ltiUserIdAttribute', 'user_id', 'The LTI 1.1 launch parameter holding the user id'),
            select('carousel[type]', ['playlist', 'category', 'none'], 'playlist', 'Carousel source'),
            text('carousel[playlistId]', '1_q8x3v2lk', 'Carousel playlist id'),
            text('welcomeMessage', TRICKY_TEXT, 'Message shown above the media list'),
            {name: 'footerText', kind: 'textarea', value: TRICKY_MULTILINE, description: 'Text shown below every page'},
            {name: 'showEmbedCode', kind: 'checkbox', value: '1', description: 'Show the embed code of entries'},
            {name: 'x[y]', kind: 'hidden', value: 'nested & hidden'},
            {name: 'moduleRevision', kind: 'hidden', value: '5.165.7-r2'},
        ],
    };
}

/**
 * Every module definition, keyed by lower-case module name.
 *
 * @param partnerId partner id used in realistic defaults
 * @returns the definitions
 */
export function moduleDefs(partnerId: string): Map<string, ModuleDef> {
    const defs: ModuleDef[] = [
        {name: 'global', title: 'Global', fields: [
            text('instanceName', 'KAF ' + partnerId, 'Name of this instance'),
            text('timezone', 'UTC', 'Time zone'),
            yesNo('maintenanceMode', '0', 'Put the site in maintenance mode'),
        ]},
        {name: 'application', title: 'Application', fields: [
            text('partnerId', partnerId, 'Kaltura partner id'),
            text('kafHostname', partnerId + '.kaf.kaltura.com', 'Hostname of this KAF instance'),
            text('instanceId', 'kaf-' + partnerId, 'Instance id'),
            text('privacyContext', '', 'Privacy context'),
            text('userRoleProfile', '17242423', 'User role profile id'),
            text('virtualEventId', '', 'Virtual event id'),
            select('theme', ['default', 'dark'], 'default', 'Theme'),
        ]},
        {name: 'auth', title: 'Auth', fields: [
            select('authNAdapter', ['Kms_Auth_AuthN_Kaltura', 'Kms_Auth_AuthN_Ldap', 'Kms_Auth_AuthN_Saml'], undefined,
                'Authentication adapter'),
            select('authZAdapter', ['Kms_Auth_AuthZ_Kaltura', 'Kms_Auth_AuthZ_Ldap'], undefined, 'Authorization adapter'),
            yesNo('allowAnonymous', '0', 'Allow anonymous access'),
            text('sessionTimeout', '1440', 'Session timeout (minutes)'),
        ]},
        hosted(),
        {name: 'hostedrelated', title: 'Hostedrelated', fields: [
            yesNo('enabled', '1', 'Enable the Hostedrelated module.'),
            text('limit', '10', 'Number of related entries'),
            select('sortBy', ['relevance', 'recent', 'views'], 'relevance', 'Sort related entries by'),
        ]},
        {name: 'ltigrading', title: 'Ltigrading', fields: [
            yesNo('enabled', '1', 'Enable the Ltigrading module.'),
            select('gradeSync', ['automatic', 'manual'], 'automatic', 'How grades are sent to the LMS'),
            text('maxGrade', '100', 'Maximum grade'),
            yesNo('sendPartialGrades', '0', 'Send grades of unfinished quizzes'),
        ]},
        {name: 'moodle', title: 'Moodle', fields: [
            yesNo('enabled', '1', 'Enable the Moodle module.'),
            text('moodleRoleMapping', 'editingteacher=instructor,student=learner', 'Role mapping'),
            yesNo('enableGradebook', '1', 'Send quiz grades to the Moodle gradebook'),
        ]},
        {name: 'browseandembed', title: 'Browseandembed', fields: [
            yesNo('enabled', '1', 'Enable the Browseandembed module.'),
            yesNo('enableAssignmentSubmission', '0', 'Enable media assignment submission'),
        ]},
    ];
    const generic = ['AddNew', 'Categories', 'Channels', 'Client', 'Debug', 'EmailService', 'EmailTemplates', 'Gallery',
        'Header', 'Icalendar', 'Languages', 'Login', 'MediaCollaboration', 'Metadata', 'Moderation', 'My-media', 'Navigation',
        'Player', 'PlaylistPage', 'Recaptcha', 'Search', 'Security', 'SharedRepositories', 'UserSelect', 'Widgets'];
    for (const title of generic) {
        defs.push({name: title.toLowerCase(), title, fields: [yesNo('enabled', '1', 'Enable the ' + title + ' module.')]});
    }
    return new Map(defs.map((d) => [d.name, d]));
}

/** Navigation order: core modules, then the custom/kaf ones. */
export const CORE_NAV = ['Global', 'Application', 'AddNew', 'Auth', 'Categories', 'Channels', 'Client', 'Debug', 'EmailService',
    'EmailTemplates', 'Gallery', 'Header', 'Icalendar', 'Languages', 'Login', 'MediaCollaboration', 'Metadata', 'Moderation',
    'My-media', 'Navigation', 'Player', 'PlaylistPage', 'Recaptcha', 'Search', 'Security', 'SharedRepositories', 'UserSelect',
    'Widgets'];
export const KAF_NAV = ['Browseandembed', 'Hosted', 'Hostedrelated', 'Ltigrading', 'Moodle'];

/**
 * The value a field takes when a save does not post it (selects: first option; checkbox: '0'; others: '').
 *
 * @param field the field
 * @returns the reset value
 */
export function resetValue(field: FieldDef): string {
    if (field.kind === 'select') {
        return field.options?.[0]?.value ?? '';
    }
    if (field.kind === 'checkbox') {
        return '0';
    }
    return '';
}

/**
 * Default values of every module.
 *
 * @param defs module definitions
 * @returns module name => field name => value
 */
export function defaultValues(defs: Map<string, ModuleDef>): AllValues {
    const all: AllValues = {};
    for (const def of defs.values()) {
        const values: ModuleValues = {};
        for (const f of def.fields) {
            values[f.name] = f.value ?? resetValue(f);
        }
        all[def.name] = values;
    }
    return all;
}
