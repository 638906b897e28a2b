// The page's DOM hooks, in one place (as tool_moodlenet/selectors does).

export const regions = {
    root: '[data-region="root"]',
    banner: '[data-region="banner"]',
    error: '[data-region="error"]',
    status: '[data-region="status"]',
    preflight: '[data-region="preflight"]',
    plan: '[data-region="plan"]',
    planHeading: '[data-region="plan-heading"]',
    progressSection: '[data-region="progress-section"]',
    progressHeading: '[data-region="progress-heading"]',
    steps: '[data-region="steps"]',
    verdict: '[data-region="verdict"]',
    upgradeReason: '[data-region="upgrade-reason"]',
    wiringSection: '[data-region="wiring-section"]',
    credentialsForm: '[data-region="credentials-form"]',
    credentialsError: '[data-region="credentials-error"]',
} as const;

export const actions = {
    connect: '[data-action="connect"]',
    upgrade: '[data-action="upgrade"]',
    revert: '[data-action="revert"]',
    resume: '[data-action="resume"]',
    rollback: '[data-action="rollback"]',
    chooseTool: '[data-action="choosetool"]',
    useridChoice: '[data-action="useridchoice"]',
    useridAck: '[data-action="useridack"]',
} as const;
