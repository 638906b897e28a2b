// The engine's shared shapes that sit between the pure modules and the run: what was learnt of KAF after login,
// the keys a run ends with, and the options the page passes. Types only.

import type {HostedView, ModuleView} from './hosted';
import type {KeyBackend, PublicJwk} from './keys';
import type {RunOutcome, StepUpdate} from './types';

/** What the engine learnt about KAF after login: the Hosted page and whether its current keys work. */
export interface KafView {
    hosted: HostedView;
    /** The current public key's RFC 7638 thumbprint ('' when absent or unreadable). */
    publicThumbprint: string;
    /** Whether KAF's key set publishes the current public key. */
    publicInKeySet: boolean;
    /** KAF's Ltigrading module page (null: not found; absent: not read). */
    ltigrading?: ModuleView | null;
}

/** The key pair a run ends with, as far as verification needs it. */
export interface RunKeys {
    jwk: PublicJwk;
    thumbprint: string;
    publicPem: string;
    /** The secret tokens that stand for our private key (exact text, and with CRLF line ends). */
    privateTokens: string[];
}

/** A new key pair, with the private half kept for the one request that saves it. */
export interface NewKeys extends RunKeys {
    privatePem: string;
}

export interface EngineOptions {
    /** Step updates for the page's live list. */
    onProgress?: (update: StepUpdate) => void;
    /** The outcome as soon as it is known, before the run is closed on the server (the run's promise waits for that). */
    onOutcome?: (outcome: RunOutcome) => void;
    /** Loads the node-forge backend (services.loadForgeBackend); used only where crypto.subtle is missing. */
    loadForge?: () => Promise<KeyBackend>;
    /** A key backend to use instead (tests). */
    backend?: KeyBackend;
    /** Clock in ms (tests). */
    now?: () => number;
    /** Pause before retrying a transient KAF failure (ms). */
    retryDelayMs?: number;
}
